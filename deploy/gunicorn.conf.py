"""Gunicorn's settings for Remento: `gunicorn -c deploy/gunicorn.conf.py remento.wsgi`.

See docs/deploy.md ("Web processes") for the reasoning; in short, from the environment:

- ``REMENTO_WEB_WORKERS`` processes (default: the cores this process may use). A page is
  Python work, and one process runs Python on one core at a time, so one process per core
  keeps every core busy without processes queueing for them.
- ``REMENTO_WEB_THREADS`` threads in each (default 16, the ``gthread`` worker). A sign-in
  spends 0.2–0.3 s of CPU in Argon2, which releases the interpreter lock while it hashes:
  with threads, the other threads of that process keep answering pages meanwhile, where a
  ``sync`` worker is taken whole by the sign-in, and a few sign-ins at once stall every page.
  Threads also overlap the time a page waits for PostgreSQL.
- ``REMENTO_BIND`` (default ``127.0.0.1:8000``: the proxy in front connects there),
  ``REMENTO_WEB_TIMEOUT`` (seconds before a stuck request's worker is restarted, default 30;
  long work runs in the task worker, never in a request).

Each thread keeps its own database connection (``REMENTO_DB_CONN_MAX_AGE``), so one server
holds up to workers × threads connections to PostgreSQL: keep the sum over all servers,
plus the task workers, under PostgreSQL's ``max_connections`` (100 by default).
"""

from __future__ import annotations

import os


def _positive(name: str, default: int) -> int:
    """An environment variable that must be a whole number of at least 1, or ``default``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise SystemExit(f"{name} must be at least 1, not {value}")
    return value


def _cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


bind = os.environ.get("REMENTO_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = _positive("REMENTO_WEB_WORKERS", _cores())
threads = _positive("REMENTO_WEB_THREADS", 16)
timeout = _positive("REMENTO_WEB_TIMEOUT", 30)
graceful_timeout = 30
# Keep-alive between the proxy and gunicorn: the proxy reuses its connections.
keepalive = 5
# One access-log line per request on standard output (systemd's journal, docker logs).
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

"""The database server's CPU time for the page benchmarks, where it can be read.

On SQLite the database works inside the measuring process, so ``time.process_time`` holds
its cost. On PostgreSQL each connection is served by a backend process of its own: when the
server runs on this machine (a local host name, and ``/proc/<pid>`` is a ``postgres``
process), that backend's CPU time is read from ``/proc/<pid>/schedstat`` (nanoseconds on
the CPU: the clock ``time.process_time`` reads for this process) or, where the kernel keeps
no scheduler statistics, ``/proc/<pid>/stat`` (utime + stime, in clock ticks of 10 ms).
``SELECT pg_backend_pid()`` is run once per connection, outside any measured request, and
the connection is set to plan no parallel workers (``max_parallel_workers_per_gather = 0``):
a worker is a process of its own, gone by the time the request ends, whose CPU time no
reading of the backend holds, so the deep page of a 6,000-pair run review counted 100 ms of
its server's work and missed the 2 x 185 ms of its workers'. A plan that wants workers reads
a table that grows with the organisation, which is what the walk is there to find.
Elsewhere (SQLite, a remote server, a server in another PID namespace) :meth:`ServerClock.read`
returns ``None`` and the figures are the client's only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


@dataclass
class Reading:
    """The backend's CPU seconds so far, and which connection (process) it was read from."""

    pid: int
    seconds: float


class ServerClock:
    """Reads the CPU time of the PostgreSQL backend that serves Django's default
    connection; ``source`` says what it reads (or why it reads nothing), for the output."""

    def __init__(self) -> None:
        from django.db import connection

        self._connection = connection
        self._raw: object = None  # the DB-API connection the pid below belongs to
        self._pid: int | None = None
        self.source = self._describe()

    def _describe(self) -> str:
        connection = self._connection
        if connection.vendor != "postgresql":
            return f"none: {connection.vendor} works in this process (its CPU is the client's)"
        host = str(connection.settings_dict.get("HOST") or "")
        if host not in LOCAL_HOSTS and not host.startswith("/"):
            return f"none: PostgreSQL at {host} is not local (figures are the client's only)"
        pid = self._backend_pid()
        if pid is None:
            return (
                "none: PostgreSQL's backend is not a local process in /proc "
                "(figures are the client's only)"
            )
        kind = "schedstat (ns)" if _schedstat(pid) is not None else "stat (utime+stime ticks)"
        return f"PostgreSQL backend's CPU from /proc/<pid>/{kind}, no parallel workers"

    def _backend_pid(self) -> int | None:
        """The backend's pid for the current connection (asked once per connection), or
        None when that pid is no local ``postgres`` process."""
        connection = self._connection
        connection.ensure_connection()
        if connection.connection is not self._raw:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = int(cursor.fetchone()[0])
                cursor.execute("SET max_parallel_workers_per_gather = 0")
            self._raw = connection.connection
            self._pid = pid if _is_postgres(pid) else None
        return self._pid

    def read(self) -> Reading | None:
        """The backend's CPU time now, or None where it cannot be read."""
        if not self.source.startswith("PostgreSQL"):
            return None
        pid = self._backend_pid()
        if pid is None:
            return None
        seconds = _cpu_seconds(pid)
        return None if seconds is None else Reading(pid, seconds)

    def since(self, before: Reading | None) -> float | None:
        """The backend's CPU seconds since ``before`` (read before the request), or None
        when there was none or the request ended on another connection (a new backend)."""
        if before is None:
            return None
        connection = self._connection
        if connection.connection is not self._raw:
            return None
        seconds = _cpu_seconds(before.pid)
        return None if seconds is None else max(seconds - before.seconds, 0.0)


def _is_postgres(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "postgres"
    except OSError:
        return False


def _schedstat(pid: int) -> float | None:
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def _cpu_seconds(pid: int) -> float | None:
    """CPU seconds of process ``pid``: schedstat where the kernel keeps it, else stat."""
    seconds = _schedstat(pid)
    if seconds is not None:
        return seconds
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

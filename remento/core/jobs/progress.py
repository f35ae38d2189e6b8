"""A job's progress as it goes: its phase and the rows done, in a small file beside its
result rather than on its row.

An import writes every row in one transaction, so that a failure leaves nothing half-written;
anything it wrote to the database meanwhile, its own progress included, would stay unseen
until that transaction commits (and on SQLite no other connection may write meanwhile). So
the worker reports progress to a file in the jobs' storage (``progress/<token>.json``,
replaced whole at each report, at most every ``WRITE_EVERY`` seconds but at each new phase),
and the page polling the job reads it. The file goes once the job ends.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils import timezone

from remento.core.jobs.models import BackgroundJob, job_file_storage

logger = logging.getLogger(__name__)
PROGRESS_DIRECTORY = "jobs/progress"
# Reports closer together than this are kept in memory only (a new phase is always written).
WRITE_EVERY = 0.5


@dataclass(frozen=True)
class Reported:
    """The last progress a job's worker reported."""

    phase: str
    done: int
    total: int | None
    at: datetime


def _path(job: BackgroundJob) -> Path:
    return Path(job_file_storage().path(f"{PROGRESS_DIRECTORY}/{job.token}.json"))


class JobProgress:
    """The worker's hook: ``phase("writing", total=n)``, then ``advance(done)`` as it goes."""

    def __init__(self, job: BackgroundJob) -> None:
        self.job = job
        self.current = ""
        self.done = 0
        self.total: int | None = None
        self._written_at = 0.0

    def phase(self, name: str, *, total: int | None = None, done: int = 0) -> None:
        """A new phase begins (``total``: how many rows it has, when known)."""
        self.current, self.total, self.done = name, total, done
        self._write()

    def advance(self, done: int) -> None:
        """``done`` rows of the phase are done (written now and then, not at every call)."""
        self.done = done
        if time.monotonic() - self._written_at >= WRITE_EVERY:
            self._write()

    def _write(self) -> None:
        path = _path(self.job)
        report = {
            "phase": self.current,
            "done": self.done,
            "total": self.total,
            "at": timezone.now().isoformat(),
        }
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            # Written aside, then moved over the old one: a reader never sees half a file.
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w") as out:
                json.dump(report, out)
            os.replace(temporary, path)
        except OSError as error:  # progress is a courtesy: the work itself goes on
            logger.warning("Could not record the progress of job %s: %s", self.job.pk, error)
        self._written_at = time.monotonic()

    def clear(self) -> None:
        """The job ended: its progress file goes."""
        _path(self.job).unlink(missing_ok=True)


def progress_read(job: BackgroundJob) -> Reported | None:
    """What the worker last reported on ``job``, or None (not started, ended, unreadable)."""
    try:
        report = json.loads(_path(job).read_text())
        return Reported(
            phase=str(report["phase"]),
            done=int(report["done"]),
            total=None if report["total"] is None else int(report["total"]),
            at=datetime.fromisoformat(report["at"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None

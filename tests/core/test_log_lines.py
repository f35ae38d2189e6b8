"""The worker's log says each thing once: a task's states once (Django's own logging gave
the "django" loggers a console of their own beside the root's), and no PDF layout steps."""

from __future__ import annotations

import logging
from typing import Any

import pytest


def _consoles_writing(record: logging.LogRecord) -> int:
    """The plain console handlers that ``record`` reaches, up its logger's ancestors."""
    count = 0
    logger: logging.Logger | None = logging.getLogger(record.name)
    while logger is not None:
        count += sum(
            1 for h in logger.handlers if type(h) is logging.StreamHandler and h.filter(record)
        )
        logger = logger.parent if logger.propagate else None
    return count


def test_a_task_state_line_is_written_once_with_debug_on(settings: Any) -> None:
    settings.DEBUG = True  # the demo's configuration
    record = logging.LogRecord(
        "django.tasks", logging.INFO, __file__, 1, "Task id=x path=y state=RUNNING", None, None
    )

    assert _consoles_writing(record) == 1


def test_pdf_layout_steps_are_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    from weasyprint import HTML

    with caplog.at_level(logging.INFO):
        HTML(string="<p>One page.</p>").write_pdf()

    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]

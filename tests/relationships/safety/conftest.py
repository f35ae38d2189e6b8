"""An active pair (mentor in London, mentee in New York) with meetings to propose, reused
from the meetings tests, and its check-in plan."""

from __future__ import annotations

from tests.relationships.meetings.conftest import (  # noqa: F401
    _empty_outbox,
    active_pair,
    propose,
)

"""Every KPI test runs on Sunday 6 December 2026 at noon (UTC), the hand-made program's
"today", so rows stamped on creation fall where the worked answers expect them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.outcomes.kpis.builders import NOW


@pytest.fixture(autouse=True)
def _on_the_hand_made_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield

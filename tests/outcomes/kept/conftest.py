"""The kept figures' tests run on the hand-made program's "today" (tests/outcomes/kpis/
builders.py), as the dashboards' do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from remento.core.models import Organization
from tests.outcomes.kpis.builders import NOW, HandMade, hand_made_program


@pytest.fixture(autouse=True)
def _on_the_hand_made_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def made(organization: Organization) -> HandMade:
    return hand_made_program(organization)

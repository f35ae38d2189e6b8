"""A coordinator's home points to the results of a program that closed lately."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.outcomes.dashboards.next_steps import RECENT_DAYS
from remento.programs.models import Status
from tests.factories import make_program


def test_a_program_closed_lately_is_a_next_step_on_the_coordinators_home(
    organization: Organization, coordinator_client: Client
) -> None:
    today = timezone.localdate()
    recent = make_program(
        organization, name="Pilot 2026", status=Status.CLOSED, end_date=today - timedelta(days=9)
    )
    make_program(
        organization,
        name="Pilot 2024",
        status=Status.CLOSED,
        end_date=today - timedelta(days=RECENT_DAYS + 1),
    )

    page = coordinator_client.get(reverse("home")).content.decode()

    assert "See the results of Pilot 2026" in page
    assert reverse("outcomes:program_dashboard", args=[recent.pk]) in page
    assert "See the results of Pilot 2024" not in page


def test_participants_are_not_pointed_to_results(
    organization: Organization, mentor_client: Client
) -> None:
    make_program(
        organization,
        name="Pilot 2026",
        status=Status.CLOSED,
        end_date=timezone.localdate() - timedelta(days=9),
    )

    assert "See the results" not in mentor_client.get(reverse("home")).content.decode()

"""A coordinator's home: the results of a program that closed lately, one step each.

Registered on ``remento.core.next_steps`` from ``outcomes.wiring``. A program counts as
closed lately for ``RECENT_DAYS`` after the day it was closed (from the audit of its
transition; its end date when that is not on record). Two queries.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from remento.core.next_steps import URGENCY_COORDINATION, HomePart, NextStep
from remento.outcomes.kpis.series import closed_days
from remento.people.models import Employee
from remento.programs.models import Program, Status

RECENT_DAYS = 60
# After the coordinator's work on running programs: results wait, pairs at risk do not.
URGENCY_RESULTS = URGENCY_COORDINATION + 5


def results_home(employee: Employee) -> HomePart:
    """For a coordinator or admin: "See the results of …" for each program of their
    organisation closed in the last ``RECENT_DAYS`` days, the latest first."""
    if not employee.is_coordinator:
        return HomePart()
    today = timezone.localdate()
    programs = list(
        Program.objects.filter(organization_id=employee.organization_id, status=Status.CLOSED)
        .only("pk", "name", "end_date")
        .order_by("-end_date", "name")
    )
    closed_on = closed_days([program.pk for program in programs]) if programs else {}
    recent = []
    for program in programs:
        day = closed_on.get(program.pk) or program.end_date
        if day is not None and today - day <= timedelta(days=RECENT_DAYS):
            recent.append((day, program))
    recent.sort(key=lambda item: item[0], reverse=True)
    return HomePart(
        steps=[
            NextStep(
                urgency=URGENCY_RESULTS,
                title=f"See the results of {program.name}",
                detail=f"The program closed on {date_format(day, 'j F Y')}: its KPIs against "
                "their targets, with the report to share with its sponsor.",
                action="See the results",
                url=reverse("outcomes:program_dashboard", args=[program.pk]),
            )
            for day, program in recent
        ]
    )

"""The executive sponsor (step 1) and “what to change next time” (while Active or Closed)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.urls import reverse

from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent
from remento.programs.models import Program, Status
from remento.programs.plan import LESSONS_MAX, ProgramPlan
from remento.programs.services import program_update


def test_step_one_asks_for_the_sponsor(coordinator_client, ready_draft: Program) -> None:
    url = reverse("programs:setup", args=[ready_draft.pk, "objective"])
    page = coordinator_client.get(url).content.decode()
    assert 'name="sponsor_name"' in page
    assert 'name="sponsor_title"' in page
    assert 'name="lessons"' not in page  # written once the program runs

    coordinator_client.post(
        url,
        {
            "name": ready_draft.name,
            "program_type": ready_draft.program_type,
            "objective_type": ready_draft.objective_type,
            "goal": ready_draft.goal,
            "sponsor_name": " Grace Hopper ",
            "sponsor_title": "Chief Operating Officer",
        },
    )

    ready_draft.refresh_from_db()
    assert (ready_draft.sponsor_name, ready_draft.sponsor_title) == (
        "Grace Hopper",
        "Chief Operating Officer",
    )
    event = AuditEvent.objects.filter(verb="program.update").latest("id")
    assert event.data["sponsor_name"] == "Grace Hopper"


def test_an_active_program_takes_lessons_and_a_new_sponsor(
    coordinator_client, active_program: Program
) -> None:
    url = reverse("programs:edit", args=[active_program.pk])
    assert 'name="lessons"' in coordinator_client.get(url).content.decode()

    response = coordinator_client.post(
        url,
        {
            "name": active_program.name,
            "sponsor_name": "Ada Lovelace",
            "sponsor_title": "CEO",
            "lessons": "Start the training two weeks earlier.",
        },
    )

    assert response.status_code == 302
    active_program.refresh_from_db()
    assert active_program.lessons == "Start the training two weeks earlier."
    assert active_program.sponsor_name == "Ada Lovelace"
    event = AuditEvent.objects.filter(verb="program.update").latest("id")
    assert event.data["lessons"] == "Start the training two weeks earlier."


def test_lessons_are_editable_once_closed(coordinator, active_program: Program) -> None:
    active_program.status = Status.CLOSED
    active_program.save(update_fields=["status"])
    plan = replace(ProgramPlan.from_program(active_program), lessons="Recruit earlier.")

    program_update(actor=coordinator.user, program=active_program, plan=plan)

    active_program.refresh_from_db()
    assert active_program.lessons == "Recruit earlier."


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"sponsor_title": "CEO"}, "sponsor_name", "Give the sponsor's name too"),
        ({"lessons": "x" * (LESSONS_MAX + 1)}, "lessons", f"under {LESSONS_MAX} characters"),
    ],
)
def test_bad_sponsor_or_lessons_are_refused_by_field(
    coordinator, active_program: Program, values: dict[str, str], field: str, message: str
) -> None:
    plan = replace(ProgramPlan.from_program(active_program), **values)

    with pytest.raises(FieldErrors) as raised:
        program_update(actor=coordinator.user, program=active_program, plan=plan)

    assert message in raised.value.errors[field]

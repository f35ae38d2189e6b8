"""The pages: answering a check-in, the home step, and the coordinator's plan and questions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.errors import FieldErrors
from remento.core.models import AuditEvent
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.relationships.checkins.models import CheckIn, CheckInPlan, CheckInQuestion
from remento.relationships.checkins.plans import (
    CheckInQuestionData,
    checkin_plan_for,
    checkin_question_create,
)
from remento.relationships.models import Pair
from tests.conftest import client_for
from tests.factories import user_of
from tests.relationships.checkins.helpers import open_checkin


def answer_url(checkin: CheckIn) -> str:
    return reverse(
        "relationships:checkins:answer",
        kwargs={"pair_pk": checkin.pair_id, "checkin_pk": checkin.pk},
    )


def settings_url(program: Program) -> str:
    return reverse("relationships:checkins:settings", kwargs={"program_pk": program.pk})


def test_the_home_page_asks_each_person_for_their_own_checkin(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentor)

    mentor_home = client_for(active_pair.mentor).get(reverse("home")).content.decode()
    mentee_home = client_for(active_pair.mentee).get(reverse("home")).content.decode()

    assert "Check in on your pair with Martin Senior" in mentor_home
    assert answer_url(checkin) in mentor_home
    assert "Check in on your pair" not in mentee_home


def test_the_mentor_answers_on_the_page(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentor)
    support = CheckInQuestion.objects.get(
        program=active_pair.program, audience="mentor", asked_at="during"
    )
    client = client_for(active_pair.mentor)

    page = client.get(answer_url(checkin)).content.decode()
    assert "Is this pair a good fit?" in page
    assert support.text in page
    assert "getting closer to the goals" not in page  # the mentee's question

    response = client.post(
        answer_url(checkin),
        {"rating": "4", "fit": "unsure", f"q{support.pk}": "Time in my diary.", "comments": ""},
    )

    assert response.status_code == 302
    checkin.refresh_from_db()
    assert (checkin.status, checkin.rating, checkin.fit) == ("answered", 4, "unsure")
    assert checkin.answers[0]["display"] == "Time in my diary."
    listed = client.get(response["Location"]).content.decode()
    assert "Time in my diary." in listed
    assert "Thank you" in listed
    # Answered: the answer page now leads back to the list.
    assert client.get(answer_url(checkin)).status_code == 302


def test_a_missing_rating_is_shown_on_its_field(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentor, kind="regular", number=1)

    response = client_for(active_pair.mentor).post(answer_url(checkin), {})

    assert response.status_code == 200
    assert "Rate your relationship from 1 to 5." in response.content.decode()


def test_the_coordinator_changes_the_plan(program: Program, coordinator_client: Client) -> None:
    response = coordinator_client.post(
        settings_url(program),
        {"save_plan": "1", "every_days": "14", "remind_after_days": "3", "closing": "on"},
    )

    assert response.status_code == 302
    plan = CheckInPlan.objects.get(program=program)
    assert (plan.after_first_meeting, plan.every_days, plan.remind_after_days) == (False, 14, 3)
    assert AuditEvent.objects.filter(verb="checkin_plan.updated").exists()


def test_a_plan_out_of_range_is_refused_on_its_field(
    program: Program, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        settings_url(program),
        {"save_plan": "1", "every_days": "3", "remind_after_days": "5"},
    )

    assert response.status_code == 200
    assert "Choose 0 (no regular check-ins) or 7 to 182 days." in response.content.decode()


def test_the_coordinator_adds_edits_and_removes_questions(
    program: Program, coordinator_client: Client, active_pair: Pair
) -> None:
    response = coordinator_client.post(
        settings_url(program),
        {
            "add_question": "1",
            "text": "Which format works best?",
            "kind": "single",
            "audience": "",
            "choices": "In person\nVideo\n",
            "required": "on",
        },
    )
    assert response.status_code == 302
    question = CheckInQuestion.objects.get(text="Which format works best?")
    assert (question.choices, question.position, question.asked_at) == (
        ["In person", "Video"],
        7,
        "",
    )

    edit = reverse(
        "relationships:checkins:question_edit",
        kwargs={"program_pk": program.pk, "question_pk": question.pk},
    )
    assert "Which format works best?" in coordinator_client.get(edit).content.decode()
    coordinator_client.post(
        edit, {"text": "Which format suits you?", "kind": "text", "audience": "mentee"}
    )
    question.refresh_from_db()
    assert (question.text, question.kind, question.choices) == (
        "Which format suits you?",
        "text",
        [],
    )

    checkin = open_checkin(active_pair, active_pair.mentee)
    mentee_page = client_for(active_pair.mentee).get(answer_url(checkin)).content.decode()
    assert "Which format suits you?" in mentee_page

    delete = reverse(
        "relationships:checkins:question_delete",
        kwargs={"program_pk": program.pk, "question_pk": question.pk},
    )
    assert coordinator_client.post(delete).status_code == 302
    assert not CheckInQuestion.objects.filter(pk=question.pk).exists()


def test_a_question_asked_only_at_the_close_is_kept_from_the_other_checkins(
    program: Program, coordinator_client: Client, active_pair: Pair
) -> None:
    response = coordinator_client.post(
        settings_url(program),
        {
            "add_question": "1",
            "text": "Would you mentor again?",
            "kind": "text",
            "audience": "",
            "asked_at": "closing",
        },
    )
    assert response.status_code == 302
    assert CheckInQuestion.objects.get(text="Would you mentor again?").asked_at == "closing"
    settings_page = coordinator_client.get(settings_url(program)).content.decode()
    assert "The closing check-in only" in settings_page

    client = client_for(active_pair.mentor)
    regular = open_checkin(active_pair, active_pair.mentor, kind="regular", number=1)
    regular_page = client.get(answer_url(regular)).content.decode()
    assert "Would you mentor again?" not in regular_page
    assert "What support, if any, would help you make this pair more effective?" in regular_page
    regular.delete()
    closing = open_checkin(active_pair, active_pair.mentor, kind="closing")
    closing_page = client.get(answer_url(closing)).content.decode()
    assert "Would you mentor again?" in closing_page
    assert "What support would have made this pair more effective?" in closing_page
    assert "What support, if any, would help" not in closing_page

    plan = checkin_plan_for(program)
    plan.closing = False
    plan.save()
    settings_page = coordinator_client.get(settings_url(program)).content.decode()
    assert "Not asked: the plan asks nothing when a pair ends." in settings_page


def test_an_unknown_moment_is_refused_on_its_field(
    program: Program, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        settings_url(program),
        {"add_question": "1", "text": "When?", "kind": "text", "asked_at": "someday"},
    )

    assert response.status_code == 200
    assert "Select a valid choice. someday is not one of the available choices." in (
        response.content.decode()
    )
    assert not CheckInQuestion.objects.filter(text="When?").exists()


def test_choices_are_required_for_a_choice_question(
    program: Program, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        settings_url(program), {"add_question": "1", "text": "Format?", "kind": "single"}
    )

    assert "Give at least two choices, one per line." in response.content.decode()


def test_participants_may_not_edit_and_a_closed_program_stays_as_it_was(
    program: Program, mentor_client: Client, coordinator_client: Client
) -> None:
    question = checkin_plan_for(program) and CheckInQuestion.objects.filter(program=program)[0]
    assert mentor_client.get(settings_url(program)).status_code == 403
    delete = reverse(
        "relationships:checkins:question_delete",
        kwargs={"program_pk": program.pk, "question_pk": question.pk},
    )
    assert mentor_client.post(delete).status_code == 403

    program.status = Status.CLOSED
    program.save()
    page = coordinator_client.get(settings_url(program)).content.decode()
    assert "is closed: its check-ins stay as they were" in page
    coordinator_client.post(delete)
    assert CheckInQuestion.objects.filter(pk=question.pk).exists()


def test_a_question_of_another_program_is_a_404(
    program: Program, coordinator_client: Client, organization: object, stranger: Employee
) -> None:
    from tests.factories import make_program

    other = make_program(stranger.organization)
    question = checkin_plan_for(other) and CheckInQuestion.objects.filter(program=other)[0]

    edit = reverse(
        "relationships:checkins:question_edit",
        kwargs={"program_pk": program.pk, "question_pk": question.pk},
    )
    assert coordinator_client.get(edit).status_code == 404


def test_the_service_refuses_an_unknown_moment_on_its_field(
    program: Program, coordinator: Employee
) -> None:
    data = CheckInQuestionData(text="When?", kind="text", asked_at="someday")

    with pytest.raises(FieldErrors) as invalid:
        checkin_question_create(actor=user_of(coordinator), program=program, data=data)

    assert invalid.value.errors == {"asked_at": "Choose which check-ins ask the question."}

"""program_transition and program_readiness: each step's guards, in plain words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent
from remento.enrollment.models import EnrollmentRole
from remento.matching.models import MentorRequest, RequestStatus
from remento.matching.services.requests import mentor_request_accept
from remento.programs.models import Status
from remento.programs.selectors import program_readiness
from remento.programs.services import TransitionBlocked, program_transition
from remento.relationships.models import Pair, PairStatus
from remento.relationships.safety.models import SafetyRequest
from tests.factories import EmployeeFactory
from tests.programs.conftest import enroll, pair, with_status


def test_readiness_lists_every_unmet_condition_of_a_bare_draft(draft):
    draft.agreement_text = ""
    draft.save()

    reasons = [guard.reason for guard in program_readiness(draft)]

    assert reasons == [
        "Write the program's goal.",
        "Choose at least one KPI with a target.",
        "Set the start and end dates.",
        "Write the mentoring agreement that pairs will sign.",
    ]
    assert {guard.to for guard in program_readiness(draft)} == {Status.RECRUITING}


def test_blocked_draft_says_why_and_stays_a_draft(coordinator, draft):
    with pytest.raises(TransitionBlocked) as raised:
        program_transition(actor=coordinator.user, program=draft, to=Status.RECRUITING)

    assert "Set the start and end dates." in raised.value.reasons
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not AuditEvent.objects.filter(verb="program.transition").exists()


def test_ready_draft_opens_recruitment_with_an_audit_event(coordinator, ready_draft):
    assert program_readiness(ready_draft) == []

    program = program_transition(actor=coordinator.user, program=ready_draft, to=Status.RECRUITING)

    assert program.status == Status.RECRUITING
    event = AuditEvent.objects.get(verb="program.transition")
    assert event.data == {"from": "draft", "to": "recruiting"}


def test_matching_needs_an_enrolled_mentor_and_mentee(coordinator, ready_draft, mentor, mentee):
    program = with_status(ready_draft, Status.RECRUITING)
    with pytest.raises(TransitionBlocked) as raised:
        program_transition(actor=coordinator.user, program=program, to=Status.MATCHING)
    assert raised.value.reasons == ["Enrol at least one mentor.", "Enrol at least one mentee."]

    enroll(program, mentor, EnrollmentRole.MENTOR)
    with pytest.raises(TransitionBlocked) as raised:
        program_transition(actor=coordinator.user, program=program, to=Status.MATCHING)
    assert raised.value.reasons == ["Enrol at least one mentee."]

    enroll(program, mentee, EnrollmentRole.MENTEE)
    assert program_transition(actor=coordinator.user, program=program, to=Status.MATCHING)


def test_active_needs_a_pair_and_back_to_recruiting_needs_none(
    coordinator, matching_program, mentor, mentee
):
    with pytest.raises(TransitionBlocked) as raised:
        program_transition(actor=coordinator.user, program=matching_program, to=Status.ACTIVE)
    assert raised.value.reasons == ["Publish at least one pair."]

    pair(matching_program, mentor, mentee)
    with pytest.raises(TransitionBlocked) as raised:
        program_transition(actor=coordinator.user, program=matching_program, to=Status.RECRUITING)
    assert "recruiting cannot reopen" in raised.value.reasons[0]

    program = program_transition(actor=coordinator.user, program=matching_program, to=Status.ACTIVE)
    assert program.status == Status.ACTIVE


def test_matching_can_go_back_to_recruiting_while_no_pair_exists(coordinator, matching_program):
    program = program_transition(
        actor=coordinator.user, program=matching_program, to=Status.RECRUITING
    )
    assert program.status == Status.RECRUITING


def test_active_closes_and_closed_is_final(coordinator, active_program):
    program = program_transition(actor=coordinator.user, program=active_program, to=Status.CLOSED)
    assert program.status == Status.CLOSED

    with pytest.raises(TransitionBlocked) as raised:
        program_transition(actor=coordinator.user, program=program, to=Status.ACTIVE)
    assert raised.value.reasons == ["A closed program cannot move to Active."]


def test_skipping_a_step_or_an_unknown_status_is_refused(coordinator, ready_draft):
    with pytest.raises(TransitionBlocked, match="cannot move to Active"):
        program_transition(actor=coordinator.user, program=ready_draft, to=Status.ACTIVE)
    with pytest.raises(TransitionBlocked, match="cannot move to “paused”"):
        program_transition(actor=coordinator.user, program=ready_draft, to="paused")


def test_participant_cannot_move_a_program(mentee, ready_draft):
    with pytest.raises(PermissionDenied):
        program_transition(actor=mentee.user, program=ready_draft, to=Status.RECRUITING)


def test_closing_a_program_closes_its_open_pairs_and_expires_waiting_requests(
    coordinator, active_program, mentor, mentee, django_capture_on_commit_callbacks
):
    open_pair = Pair.objects.get(program=active_program)
    waiting_mentee = EmployeeFactory(organization=active_program.organization, level=9)
    enroll(active_program, waiting_mentee, EnrollmentRole.MENTEE)
    request = MentorRequest.objects.create(
        program=active_program,
        mentee=waiting_mentee,
        mentor=mentor,
        rank=1,
        expires_at=timezone.now() + timedelta(days=7),
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        program_transition(actor=coordinator.user, program=active_program, to=Status.CLOSED)

    open_pair.refresh_from_db()
    assert open_pair.status == PairStatus.CLOSED
    assert open_pair.end_reason == "Program closed."
    assert open_pair.ended_at is not None
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert "program closed" in request.response
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, mentee.email])
    event = AuditEvent.objects.get(verb="program.transition", data__to="closed")
    assert (event.data["pairs_closed"], event.data["requests_expired"]) == (1, 1)


def test_a_closed_program_makes_no_more_pairs(coordinator, active_program, mentor, mentee):
    Pair.objects.filter(program=active_program).delete()
    program_transition(actor=coordinator.user, program=active_program, to=Status.CLOSED)
    request = MentorRequest.objects.create(
        program=active_program,
        mentee=mentee,
        mentor=mentor,
        rank=1,
        expires_at=timezone.now() + timedelta(days=7),
    )

    with pytest.raises(ServiceError, match="is closed"):
        mentor_request_accept(actor=mentor.user, request=request)
    assert not Pair.objects.filter(program=active_program).exists()


def test_the_close_confirmation_says_what_closing_now_will_do(
    coordinator_client, active_program, mentor, mentee
):
    Pair.objects.filter(program=active_program).update(status=PairStatus.ACTIVE)
    launching = pair(
        active_program,
        EmployeeFactory(organization=active_program.organization, level=2),
        EmployeeFactory(organization=active_program.organization, level=9),
    )
    Pair.objects.filter(pk=launching.pk).update(status=PairStatus.LAUNCHING)
    active = Pair.objects.get(program=active_program, mentor=mentor)
    SafetyRequest.objects.create(
        pair=active, asked_by=mentee, wish="end", reason="fit", details="Not a fit."
    )
    waiting_mentee = EmployeeFactory(organization=active_program.organization, level=9)
    MentorRequest.objects.create(
        program=active_program,
        mentee=waiting_mentee,
        mentor=mentor,
        rank=1,
        expires_at=timezone.now() + timedelta(days=7),
    )
    end = timezone.localdate() + timedelta(days=30)
    type(active_program).objects.filter(pk=active_program.pk).update(end_date=end)
    url = reverse("programs:transition", args=[active_program.pk, Status.CLOSED])

    page = coordinator_client.get(url).content.decode()

    assert "It ends early: its planned end is" in page
    assert "30 days away" in page
    assert "Active pairs end, as completed: 1 pair." in page
    assert "Pairs still launching end too, not as completed (they never started): 1 pair." in page
    launching_url = reverse("relationships:program_pairs", args=[active_program.pk])
    assert f'href="{launching_url}?status=launching"' in page
    assert "Confidential requests wait for a coordinator&#x27;s answer" in page
    assert reverse("relationships:program_safety_requests", args=[active_program.pk]) in page
    assert "Mentor requests waiting for an answer expire: 1 request" in page

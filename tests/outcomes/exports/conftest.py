"""A program with everything an export could leak: notes, confidential terms, check-in
answers, a safe-way-out request, sensitive attributes, each carrying a unique marker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import Answer, Enrollment, Question, QuestionKind
from remento.people.models import Employee, SensitiveAttribute, SensitiveKind
from remento.programs.models import Program
from remento.relationships.checkins.models import (
    CheckIn,
    CheckInKind,
    CheckInQuestion,
    CheckInStatus,
    Fit,
)
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import (
    ActionItem,
    Goal,
    Milestone,
    Pair,
    PairAgreement,
    PairStatus,
    PrivateNote,
    SharedNote,
)
from remento.relationships.safety.models import (
    SafetyReason,
    SafetyReply,
    SafetyRequest,
    SafetyStatus,
    SafetyWish,
)
from remento.training.models import TrainingCompletion, TrainingModule
from tests.factories import EmployeeFactory, make_pair, make_program

# Words no export may ever contain, whoever downloads it.
NEVER = {
    "private note": "MARK-private-note-q81",
    "shared note": "MARK-shared-note-q82",
    "agreement terms": "MARK-agreement-goals-q83",
    "end reason": "MARK-end-reason-q84",
    "meeting topics": "MARK-topics-q85",
    "meeting agenda": "MARK-agenda-q86",
    "meeting place": "MARK-place-q87",
    "goal title": "MARK-goal-title-q88",
    "milestone": "MARK-milestone-q89",
    "action item": "MARK-action-item-q90",
    "safety details": "MARK-safety-details-q91",
    "safety reply": "MARK-safety-reply-q92",
    "sensitive attribute": "MARK-sensitive-q93",
    "application note": "MARK-application-note-q94",
    "questionnaire answer": "MARK-questionnaire-q95",
    "bio": "MARK-bio-q96",
}
# What the program's coordinators read on the Check-ins page, and so in the export.
CHECKIN_WORDS = "The coordinator reads this answer."


@dataclass
class World:
    program: Program
    pair: Pair
    closed_pair: Pair
    mentor: Employee
    mentee: Employee
    question: CheckInQuestion


def _checkin(pair: Pair, person: Employee, role: str, **fields: Any) -> CheckIn:
    now = timezone.now()
    return CheckIn.objects.create(
        pair=pair,
        employee=person,
        role=role,
        kind=fields.pop("kind", CheckInKind.REGULAR),
        number=fields.pop("number", 0),
        status=fields.pop("status", CheckInStatus.ANSWERED),
        opened_at=now - timedelta(days=20),
        remind_at=now - timedelta(days=15),
        remind_again_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=5),
        **fields,
    )


def _plant_pair_secrets(pair: Pair, mentor: Employee, mentee: Employee) -> None:
    PairAgreement.objects.create(pair=pair, goals=NEVER["agreement terms"], cadence_days=14)
    now = timezone.now()
    Meeting.objects.create(
        pair=pair,
        status=MeetingStatus.HELD,
        starts_at=now - timedelta(days=3),
        duration_minutes=45,
        held_minutes=50,
        location=NEVER["meeting place"],
        agenda=NEVER["meeting agenda"],
        topics=NEVER["meeting topics"],
        organizer=mentee,
        proposed_by=mentee,
        logged_by=mentee,
        logged_at=now - timedelta(days=2),
    )
    goal = Goal.objects.create(pair=pair, owner=mentee, title=NEVER["goal title"], progress=100)
    Milestone.objects.create(goal=goal, title=NEVER["milestone"], done_at=now)
    SharedNote.objects.create(pair=pair, body=NEVER["shared note"], author=mentor)
    ActionItem.objects.create(pair=pair, owner=mentee, title=NEVER["action item"])
    note = PrivateNote(pair=pair, author=mentor)
    note.set_body(NEVER["private note"])
    note.save()
    request = SafetyRequest.objects.create(
        pair=pair,
        asked_by=mentee,
        wish=SafetyWish.END,
        reason=SafetyReason.FIT,
        details=NEVER["safety details"],
        status=SafetyStatus.ANSWERED,
    )
    SafetyReply.objects.create(request=request, text=NEVER["safety reply"])


def _plant_people_secrets(program: Program, mentor: Employee) -> None:
    mentor.bio = NEVER["bio"]
    mentor.save(update_fields=["bio"])
    SensitiveAttribute.objects.create(
        employee=mentor,
        kind=SensitiveKind.FIRST_GENERATION,
        value=NEVER["sensitive attribute"],
        consent_matching=True,
    )
    enrollment = Enrollment.objects.get(program=program, employee=mentor)
    enrollment.note = NEVER["application note"]
    enrollment.save(update_fields=["note"])
    question = Question.objects.create(program=program, text="Why?", kind=QuestionKind.TEXT)
    Answer.objects.create(
        enrollment=enrollment, question=question, value="x", display=NEVER["questionnaire answer"]
    )


@pytest.fixture
def world(organization: Organization, mentor: Employee, mentee: Employee) -> World:
    program = make_program(organization, "launching")
    pair = make_pair(program, mentor, mentee, status=PairStatus.ACTIVE, started_at=timezone.now())
    closed_pair = make_pair(
        program,
        EmployeeFactory.create(organization=organization, level=2),
        EmployeeFactory.create(organization=organization, level=9),
        status=PairStatus.CLOSED,
        end_reason=NEVER["end reason"],
        ended_at=timezone.now(),
        completed=False,
    )
    _plant_pair_secrets(pair, mentor, mentee)
    _plant_people_secrets(program, mentor)
    question = CheckInQuestion.objects.create(
        program=program, text="How useful was the last meeting?", kind=QuestionKind.SCALE
    )
    _checkin(
        pair,
        mentee,
        "mentee",
        answered_at=timezone.now(),
        rating=4,
        fit=Fit.YES,
        comments=CHECKIN_WORDS,
        answers=[
            {
                "question_id": question.pk,
                "question": question.text,
                "kind": "scale",
                "value": 5,
                "display": "5",
            }
        ],
    )
    module = TrainingModule.objects.create(program=program, title="Feedback", content="x")
    TrainingCompletion.objects.create(module=module, employee=mentor)
    return World(program, pair, closed_pair, mentor, mentee, question)

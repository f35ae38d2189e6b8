"""A person answers their own check-in: the rating, the fit, the program's questions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors, ServiceError
from remento.core.models import AuditEvent
from remento.relationships.checkins.models import CheckInQuestion, CheckInStatus
from remento.relationships.checkins.services import checkin_answer
from remento.relationships.models import Pair
from tests.factories import user_of
from tests.relationships.checkins.helpers import open_checkin


def mentee_questions(pair: Pair, asked_at: str = "during") -> dict[str, CheckInQuestion]:
    questions = CheckInQuestion.objects.filter(program=pair.program, asked_at=asked_at)
    return {q.text.split()[0]: q for q in questions}


def test_the_mentee_answers_the_seed_questions(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentee)
    questions = mentee_questions(active_pair)

    done = checkin_answer(
        actor=user_of(active_pair.mentee),
        checkin=checkin,
        rating=4,
        fit="yes",
        comments="Going well.",
        answers={questions["How"].pk: "Eye-opening.", questions["Are"].pk: "4"},
    )

    assert done.status == CheckInStatus.ANSWERED
    assert (done.rating, done.fit, done.comments) == (4, "yes", "Going well.")
    assert [a["display"] for a in done.answers] == ["Eye-opening.", "4 — Quite a lot"]
    event = AuditEvent.objects.get(verb="checkin.answered")
    assert "Eye-opening" not in str(event.data)
    assert "Going well" not in str(event.data)


def test_required_answers_rating_and_fit_are_checked(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentee)
    questions = mentee_questions(active_pair)

    with pytest.raises(FieldErrors) as invalid:
        checkin_answer(actor=user_of(active_pair.mentee), checkin=checkin, rating=None)

    assert set(invalid.value.errors) == {
        "rating",
        "fit",
        f"q{questions['How'].pk}",
        f"q{questions['Are'].pk}",
    }
    checkin.refresh_from_db()
    assert checkin.status == CheckInStatus.OPEN


def test_the_closing_checkin_asks_its_own_questions_looking_back(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentee, kind="closing")
    closing = mentee_questions(active_pair, asked_at="closing")

    with pytest.raises(FieldErrors) as invalid:
        checkin_answer(actor=user_of(active_pair.mentee), checkin=checkin, rating=4)

    # Required: the closing questions; the ones about how things are going are not asked.
    assert set(invalid.value.errors) == {f"q{closing['Looking'].pk}", f"q{closing['How'].pk}"}
    done = checkin_answer(
        actor=user_of(active_pair.mentee),
        checkin=checkin,
        rating=4,
        answers={closing["Looking"].pk: "A new habit.", closing["How"].pk: "5"},
    )
    assert [a["question"] for a in done.answers] == [
        "Looking back, what did the experience give you?",
        "How close did you come to the goals you set together?",
    ]


def test_fit_is_asked_on_the_first_checkin_only(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentor, kind="regular", number=1)

    done = checkin_answer(actor=user_of(active_pair.mentor), checkin=checkin, rating=2, fit="no")

    assert (done.rating, done.fit) == (2, "")


def test_nobody_answers_someone_elses_checkin(active_pair: Pair, coordinator: object) -> None:
    checkin = open_checkin(active_pair, active_pair.mentor)

    for actor in (active_pair.mentee, coordinator):
        with pytest.raises(PermissionDenied):
            checkin_answer(actor=user_of(actor), checkin=checkin, rating=5, fit="yes")  # type: ignore[arg-type]


def test_a_missed_checkin_can_no_longer_be_answered(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentor)
    checkin.status = CheckInStatus.MISSED
    checkin.save()

    with pytest.raises(ServiceError, match="missed"):
        checkin_answer(actor=user_of(active_pair.mentor), checkin=checkin, rating=5, fit="yes")

"""The closing check-in asks whether the comments may be quoted, unnamed, in the report."""

from __future__ import annotations

from django.urls import reverse

from remento.core.models import AuditEvent
from remento.relationships.checkins.models import CheckIn
from remento.relationships.checkins.services import checkin_answer, questions_for
from remento.relationships.models import Pair, PairStatus
from tests.conftest import client_for
from tests.factories import user_of
from tests.relationships.checkins.helpers import open_checkin

CONSENT = "You may quote my comments, without my name, in the program&#x27;s report"


def test_the_closing_checkin_offers_the_box_and_records_the_consent(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentee, kind="closing")
    client = client_for(active_pair.mentee)
    url = reverse("relationships:checkins:answer", args=[active_pair.pk, checkin.pk])
    assert CONSENT in client.get(url).content.decode()

    data = {"rating": "5", "comments": "It changed how I work."}
    for question in checkin.pair.program.checkin_questions.all():
        data[f"q{question.pk}"] = "3" if question.kind == "scale" else "Fine."
    client.post(url, {**data, "quote_allowed": "on"})

    checkin.refresh_from_db()
    assert checkin.quote_allowed is True
    assert AuditEvent.objects.get(verb="checkin.answered").data["quote_allowed"] is True


def test_other_checkins_never_ask_nor_record_it(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentee, kind="regular", number=1)
    url = reverse("relationships:checkins:answer", args=[active_pair.pk, checkin.pk])
    assert CONSENT not in client_for(active_pair.mentee).get(url).content.decode()

    answers = {
        question.pk: "3" if question.kind == "scale" else "Fine."
        for question in questions_for(
            program_id=active_pair.program_id, role="mentee", kind="regular"
        )
    }
    done = checkin_answer(
        actor=user_of(active_pair.mentee),
        checkin=checkin,
        rating=4,
        answers=answers,
        quote_allowed=True,
    )

    assert CheckIn.objects.get(pk=done.pk).quote_allowed is False


def test_unticked_means_no_consent(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentor, kind="closing")

    done = checkin_answer(actor=user_of(active_pair.mentor), checkin=checkin, rating=4)

    assert done.quote_allowed is False


def test_the_closing_checkin_asks_in_the_past_and_promises_no_next_one(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentee, kind="closing")
    client = client_for(active_pair.mentee)
    url = reverse("relationships:checkins:answer", args=[active_pair.pk, checkin.pk])
    form = client.get(url).content.decode()
    data = {"rating": "5", "comments": "It changed how I work."}
    for question in checkin.pair.program.checkin_questions.all():
        data[f"q{question.pk}"] = "3" if question.kind == "scale" else "Fine."
    Pair.objects.filter(pk=active_pair.pk).update(status=PairStatus.CLOSED)

    after = client.post(url, data, follow=True).content.decode()

    assert "How did your mentoring relationship go?" in form
    assert "How is your mentoring relationship going?" not in form
    assert "The pair has ended: there are no more check-ins." in after
    assert "The next check-in comes by email" not in after


def test_a_check_in_sent_with_answers_missing_says_so_at_the_top(active_pair: Pair) -> None:
    checkin = open_checkin(active_pair, active_pair.mentee, kind="closing")
    client = client_for(active_pair.mentee)
    url = reverse("relationships:checkins:answer", args=[active_pair.pk, checkin.pk])

    page = client.post(url, {}).content.decode()

    assert '<div class="error-summary" role="alert"><p>Not sent yet:' in page
    assert "answers are missing, marked below." in page
    checkin.refresh_from_db()
    assert checkin.status == "open"

"""Answers are the coordinator's: the partner never sees them, on no page and in no export;
another organisation and another pair's people get a 404."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from remento.people.models import Employee, Role
from remento.people.services.personal_export import personal_data_export
from remento.relationships.checkins.models import CheckIn
from remento.relationships.models import Pair
from tests.conftest import client_for
from tests.factories import user_of
from tests.relationships.checkins.helpers import answered_checkin, open_checkin

SECRET = "Martin never listens to me"
MINE = "Maya explains things clearly"


@pytest.fixture
def answers(active_pair: Pair) -> tuple[CheckIn, CheckIn]:
    """The mentor's answer holds SECRET; the mentee's holds MINE; each has one open too."""
    theirs = answered_checkin(active_pair, active_pair.mentor, rating=2, comments=SECRET, fit="no")
    mine = answered_checkin(active_pair, active_pair.mentee, rating=5, comments=MINE, fit="yes")
    open_checkin(active_pair, active_pair.mentor, kind="regular", number=1)
    return theirs, mine


def pages_of_the_pair(pair: Pair) -> list[str]:
    return [
        reverse("relationships:pair_detail", args=[pair.pk]),
        reverse("relationships:checkins:list", kwargs={"pair_pk": pair.pk}),
        reverse("relationships:meetings:list", kwargs={"pair_pk": pair.pk}),
        reverse("relationships:goals", args=[pair.pk]),
        reverse("relationships:notes", args=[pair.pk]),
        reverse("home"),
    ]


def test_the_partner_sees_the_other_answers_on_no_page(
    active_pair: Pair, answers: tuple[CheckIn, CheckIn]
) -> None:
    client = client_for(active_pair.mentee)

    for url in pages_of_the_pair(active_pair):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert SECRET not in page, url
        assert "2 — Difficult" not in page, url
        assert "No, not a good fit" not in page, url

    own = client.get(reverse("relationships:checkins:list", kwargs={"pair_pk": active_pair.pk}))
    assert MINE in own.content.decode()


def test_the_partner_cannot_open_the_others_checkin(
    active_pair: Pair, answers: tuple[CheckIn, CheckIn]
) -> None:
    theirs, _mine = answers
    open_one = CheckIn.objects.get(status="open")
    client = client_for(active_pair.mentee)

    for checkin in (theirs, open_one):
        url = reverse(
            "relationships:checkins:answer",
            kwargs={"pair_pk": active_pair.pk, "checkin_pk": checkin.pk},
        )
        assert client.get(url).status_code == 404
        assert client.post(url, {"rating": "1"}).status_code == 404
    open_one.refresh_from_db()
    assert open_one.status == "open"


def test_the_partners_export_holds_only_their_own_answers(
    active_pair: Pair, answers: tuple[CheckIn, CheckIn], admin: Employee
) -> None:
    mentee_data = json.dumps(
        personal_data_export(actor=user_of(admin), employee=active_pair.mentee).as_json()
    )
    mentor_data = json.dumps(
        personal_data_export(actor=user_of(admin), employee=active_pair.mentor).as_json()
    )

    assert MINE in mentee_data
    assert SECRET not in mentee_data
    assert SECRET in mentor_data
    assert MINE not in mentor_data


def test_another_organisation_gets_404_everywhere(
    active_pair: Pair, answers: tuple[CheckIn, CheckIn], stranger: Employee
) -> None:
    client = client_for(stranger)
    theirs, _mine = answers
    program = active_pair.program

    for url in (
        reverse("relationships:checkins:list", kwargs={"pair_pk": active_pair.pk}),
        reverse(
            "relationships:checkins:answer",
            kwargs={"pair_pk": active_pair.pk, "checkin_pk": theirs.pk},
        ),
        reverse("relationships:checkins:program", kwargs={"program_pk": program.pk}),
        reverse("relationships:checkins:settings", kwargs={"program_pk": program.pk}),
    ):
        assert client.get(url).status_code == 404, url


def test_a_participant_of_another_pair_gets_404(
    active_pair: Pair, other_pair: Pair, answers: tuple[CheckIn, CheckIn]
) -> None:
    client = client_for(other_pair.mentor)
    theirs, _mine = answers

    assert (
        client.get(
            reverse("relationships:checkins:list", kwargs={"pair_pk": active_pair.pk})
        ).status_code
        == 404
    )
    answer_url = reverse(
        "relationships:checkins:answer",
        kwargs={"pair_pk": active_pair.pk, "checkin_pk": theirs.pk},
    )
    assert client.get(answer_url).status_code == 404
    # Their own pair's URL with the other pair's check-in id: still a 404.
    mixed = reverse(
        "relationships:checkins:answer",
        kwargs={"pair_pk": other_pair.pk, "checkin_pk": theirs.pk},
    )
    assert client.get(mixed).status_code == 404
    program_url = reverse(
        "relationships:checkins:program", kwargs={"program_pk": active_pair.program_id}
    )
    assert client.get(program_url).status_code == 403


def test_the_coordinator_reads_both_answers(
    active_pair: Pair, answers: tuple[CheckIn, CheckIn], coordinator: Employee
) -> None:
    client = client_for(coordinator)

    pair_page = client.get(
        reverse("relationships:checkins:list", kwargs={"pair_pk": active_pair.pk})
    ).content.decode()
    program_page = client.get(
        reverse("relationships:checkins:program", kwargs={"program_pk": active_pair.program_id})
    ).content.decode()

    for page in (pair_page, program_page):
        assert SECRET in page
        assert MINE in page
        assert "No, not a good fit" in page
        assert "2 — Difficult" in page


def test_a_coordinator_who_is_one_of_the_pair_sees_only_their_own(
    active_pair: Pair, answers: tuple[CheckIn, CheckIn]
) -> None:
    mentee = active_pair.mentee
    mentee.role = Role.COORDINATOR
    mentee.save()
    client = client_for(mentee)

    pair_page = client.get(
        reverse("relationships:checkins:list", kwargs={"pair_pk": active_pair.pk})
    ).content.decode()
    program_page = client.get(
        reverse("relationships:checkins:program", kwargs={"program_pk": active_pair.program_id})
    ).content.decode()

    assert MINE in pair_page
    assert SECRET not in pair_page
    assert SECRET not in program_page
    assert MINE not in program_page


def test_erasing_a_person_removes_their_words_and_keeps_the_partners(
    active_pair: Pair, answers: tuple[CheckIn, CheckIn], admin: Employee
) -> None:
    from remento.people.services.personal_data import person_erase

    theirs, mine = answers

    person_erase(actor=user_of(admin), employee=active_pair.mentor)

    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert (theirs.comments, theirs.answers, theirs.rating) == ("", [], 2)
    assert mine.comments == MINE

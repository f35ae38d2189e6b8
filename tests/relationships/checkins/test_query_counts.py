"""Query counts pinned: the coordinator's page and the summary the health board reads do not
grow with the number of pairs or check-ins."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.people.models import Employee
from remento.relationships.checkins.models import CheckIn
from remento.relationships.checkins.selectors import checkin_summaries
from remento.relationships.models import Pair
from tests.relationships.checkins.helpers import answered_checkin, open_checkin

SUMMARY_QUERIES = 2
PAGE_QUERIES = 10


def history(pair: Pair) -> None:
    """A first check-in, two regular ones (the mentor's rating falling), the mentee's
    missed, one of the mentee's just opened, one of the mentor's past its reminder."""
    answered_checkin(pair, pair.mentor, rating=4, fit="yes", days_ago=60)
    answered_checkin(pair, pair.mentee, rating=3, fit="no", days_ago=60)
    answered_checkin(pair, pair.mentor, rating=5, kind="regular", number=1, days_ago=30)
    answered_checkin(pair, pair.mentor, rating=2, kind="regular", number=2, days_ago=1)
    missed = open_checkin(pair, pair.mentee, kind="regular", number=1)
    missed.status = "missed"
    missed.save()
    open_checkin(pair, pair.mentee, kind="regular", number=2)
    overdue = open_checkin(pair, pair.mentor, kind="regular", number=3)
    CheckIn.objects.filter(pk=overdue.pk).update(remind_at=timezone.now() - timedelta(hours=1))


def test_summaries_give_latest_and_previous_ratings_unanswered_and_fit(
    active_pair: Pair, other_pair: Pair, django_assert_num_queries: Any
) -> None:
    history(active_pair)

    with django_assert_num_queries(SUMMARY_QUERIES):
        summaries = checkin_summaries(pairs=[active_pair, other_pair])

    summary = summaries[active_pair.pk]
    assert (summary.mentor.latest_rating, summary.mentor.previous_rating) == (2, 5)
    assert summary.mentor.falling
    assert (summary.mentor.open, summary.mentor.overdue, summary.mentor.unanswered) == (1, 1, 1)
    assert (summary.mentee.latest_rating, summary.mentee.previous_rating) == (3, None)
    assert (summary.mentee.open, summary.mentee.missed, summary.mentee.unanswered) == (1, 1, 1)
    assert summary.mentee.not_good_fit
    assert not summary.mentor.not_good_fit
    assert summary.not_good_fit
    assert summary.unanswered == 2
    assert summary.lowest_latest_rating == 2
    empty = summaries[other_pair.pk]
    assert empty.mentor.latest_rating is None
    assert empty.unanswered == 0
    assert not empty.not_good_fit


def test_summaries_cost_the_same_for_more_pairs(
    active_pair: Pair, other_pair: Pair, django_assert_num_queries: Any
) -> None:
    history(active_pair)
    history(other_pair)

    with django_assert_num_queries(SUMMARY_QUERIES):
        summaries = checkin_summaries(pairs=[active_pair, other_pair])

    assert summaries[other_pair.pk].mentor.latest_rating == 2


def test_the_coordinators_page_costs_the_same_for_more_pairs(
    active_pair: Pair,
    other_pair: Pair,
    coordinator: Employee,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    url = reverse("relationships:checkins:program", kwargs={"program_pk": active_pair.program_id})
    history(active_pair)
    coordinator_client.get(url)

    with django_assert_num_queries(PAGE_QUERIES):
        assert coordinator_client.get(url).status_code == 200

    history(other_pair)
    with django_assert_num_queries(PAGE_QUERIES):
        page = coordinator_client.get(url).content.decode()
    assert page.count('class="note"') == 14

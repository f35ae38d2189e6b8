"""A program's pairs list, 50 a page: keyset pages, the status and name filters, counts of
the whole program whatever the filter, the same query count for 20 pairs as for 60 on the
first page, the last page and a search, and what the page tells the coordinator to do."""

from __future__ import annotations

from itertools import count
from typing import Any
from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.core.paging import last_page_cursor
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.relationships.models import Pair, PairStatus
from tests.conftest import client_for
from tests.factories import DepartmentFactory, EmployeeFactory
from tests.relationships.builders import make_module, make_pair, make_program

NUMBERS = count()
STEP = 20  # pairs per step: 20, then 60 in all, past the page of 50


def _url(program: Program, **query: str) -> str:
    url = reverse("relationships:program_pairs", args=[program.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _grow(organization: Organization, program: Program, pairs: int) -> list[Pair]:
    made = []
    for _ in range(pairs):
        number = next(NUMBERS)
        # A department each: a query per person's department would show.
        mentor = EmployeeFactory.create(
            organization=organization,
            level=2,
            last_name=f"Teach{number:04d}",
            department=DepartmentFactory.create(organization=organization, name=f"T{number}"),
        )
        mentee = EmployeeFactory.create(
            organization=organization, level=9, last_name=f"Learn{number:04d}"
        )
        made.append(make_pair(program, mentor, mentee))
    return made


def _pinned(client: Client, url: str, grow: Any, django_assert_num_queries: Any) -> Any:
    """The page's queries at ``STEP`` pairs, then exactly as many at three times that."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    grow(STEP)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(2 * STEP)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_first_page_shows_50_of_60_pairs_and_keeps_its_query_count(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    make_module(program)
    response = _pinned(
        coordinator_client,
        _url(program),
        lambda n: _grow(organization, program, n),
        django_assert_num_queries,
    )
    view = response.context["view"]
    assert (view.page.start, view.page.end, view.page.total) == (1, 50, 60)
    assert len(view.rows) == 50
    assert "1–50 of 60" in response.content.decode()


def test_the_last_page_and_a_search_keep_their_query_count(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    make_module(program)
    response = _pinned(
        coordinator_client,
        _url(program, cursor=last_page_cursor()),
        lambda n: _grow(organization, program, n),
        django_assert_num_queries,
    )
    page = response.context["view"].page
    assert (page.start, page.end, page.has_next) == (51, 60, False)

    searched = _pinned(
        coordinator_client,
        _url(program, q="teach", status=PairStatus.LAUNCHING),
        lambda n: _grow(organization, program, n),
        django_assert_num_queries,
    )
    assert searched.context["view"].page.total == 60 + 3 * STEP


def test_next_from_the_first_page_continues_where_it_ended(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    _grow(organization, program, 55)
    first = coordinator_client.get(_url(program)).context["view"]
    second = coordinator_client.get(_url(program, cursor=first.page.next_cursor)).context["view"]
    shown = [row.pair.pk for row in first.rows] + [row.pair.pk for row in second.rows]
    assert sorted(shown) == sorted(
        Pair.objects.filter(program=program).values_list("pk", flat=True)
    )
    assert len(set(shown)) == 55


def test_the_search_finds_a_pair_by_its_mentor_or_its_mentee(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    pairs = _grow(organization, program, 3)
    by_mentor = coordinator_client.get(_url(program, q=pairs[0].mentor.last_name))
    by_mentee = coordinator_client.get(_url(program, q=pairs[1].mentee.last_name.upper()))

    assert [row.pair for row in by_mentor.context["view"].rows] == [pairs[0]]
    assert [row.pair for row in by_mentee.context["view"].rows] == [pairs[1]]
    # The counts are the program's, whatever the filter.
    assert by_mentor.context["view"].count_of(PairStatus.LAUNCHING) == 3


def test_the_status_filter_keeps_one_status(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    pairs = _grow(organization, program, 3)
    Pair.objects.filter(pk=pairs[2].pk).update(status=PairStatus.CLOSED)

    response = coordinator_client.get(_url(program, status=PairStatus.CLOSED))

    assert [row.pair for row in response.context["view"].rows] == [pairs[2]]
    assert "Nobody matches" not in response.content.decode()


def test_a_search_that_finds_nobody_says_so_and_how_to_see_every_pair(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    _grow(organization, program, 2)
    page = coordinator_client.get(_url(program, q="Zebedee")).content.decode()

    assert "No pair matches these filters." in page
    assert f'href="{_url(program)}"' in page


def test_a_bad_status_is_refused_with_the_field_named(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    _grow(organization, program, 2)
    response = coordinator_client.get(_url(program, status="sleeping"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    # The list is not narrowed by a value it could not read.
    assert response.context["view"].page.total == 2


def test_a_bad_cursor_gives_the_first_page(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    _grow(organization, program, 2)
    response = coordinator_client.get(_url(program, cursor="not-a-cursor"))

    assert response.context["view"].page.start == 1


def test_the_search_never_finds_another_organisations_people(
    organization: Organization, program: Program, stranger: Employee, coordinator_client: Client
) -> None:
    _grow(organization, program, 1)
    namesake = EmployeeFactory.create(organization=stranger.organization, last_name="Outsider")
    other_program = make_program(stranger.organization, name="Theirs")
    make_pair(other_program, EmployeeFactory.create(organization=stranger.organization), namesake)

    response = coordinator_client.get(_url(program, q="Outsider"))

    assert response.context["view"].rows == []
    assert client_for(stranger).get(_url(program)).status_code == 404


def test_launching_pairs_of_an_active_program_are_pointed_at(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    _grow(organization, program, 2)
    assert program.status == Status.ACTIVE

    page = coordinator_client.get(_url(program)).content.decode()

    assert "2 pairs have not started yet" in page
    assert f'href="{_url(program, status=PairStatus.LAUNCHING)}"' in page


def test_launching_pairs_come_first_then_active_then_closed(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    closed, active, launching = _grow(organization, program, 3)
    Pair.objects.filter(pk=closed.pk).update(status=PairStatus.CLOSED)
    Pair.objects.filter(pk=active.pk).update(status=PairStatus.ACTIVE)

    rows = coordinator_client.get(_url(program)).context["view"].rows

    assert [row.pair for row in rows] == [launching, active, closed]


def test_each_row_links_its_own_pair_page(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    """The rows write the pair's address from the pairs' own, reversed once for the page."""
    pairs = _grow(organization, program, 3)

    page = coordinator_client.get(_url(program)).content.decode()

    for pair in pairs:
        assert f'<a href="{reverse("relationships:pair_detail", args=[pair.pk])}">' in page


def test_a_closed_programs_pairs_are_not_said_to_be_waiting_to_start(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    _grow(organization, program, 2)
    Pair.objects.filter(program=program).update(status=PairStatus.CLOSED)
    Program.objects.filter(pk=program.pk).update(status=Status.CLOSED)

    page = coordinator_client.get(_url(program)).content.decode()

    assert "as the program closed" in page
    assert "what still stops a launching pair from starting" not in page

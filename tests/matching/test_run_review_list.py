"""The run review a page at a time: pagination, each filter, the size of the page, the
number of queries at two sizes, and the buttons bringing the person back where they were."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching.models import MatchRun, ProposedPair, Unmatched
from remento.matching.selectors.review import REVIEW_PAGE_SIZE
from remento.programs.models import MatchingMode, Program
from tests.factories import DepartmentFactory, EmployeeFactory, MatchRunFactory, ProposedPairFactory
from tests.matching.helpers import make_program

ROW = re.compile(r'<tr id="proposal-(\d+)"')
# A page of 50 rows with their swap, lock and remove controls, and the run's summary above:
# about 90 kB. The old page listed every other pair in each row's swap menu (95 MB at 998).
PAGE_BOUND = 150_000


def _run(program: Program, pairs: int, **fields: Any) -> MatchRun:
    run = MatchRunFactory(program=program)
    for i in range(pairs):
        ProposedPairFactory(run=run, score=round(1 + i / 100, 2), **fields)
    return run


def _rows(response: Any) -> list[int]:
    return [int(pk) for pk in ROW.findall(response.text)]


def _page(client: Client, program: Program, **query: Any) -> Any:
    response = client.get(reverse("matching:run_review", args=[program.pk]), query)
    assert response.status_code == 200
    return response


@pytest.fixture
def program(organization: Organization) -> Program:
    return make_program(organization)


def test_a_run_of_60_pairs_shows_50_rows_in_a_page_of_bounded_size(
    coordinator_client: Client, program: Program
) -> None:
    run = _run(program, 60)

    response = _page(coordinator_client, program)

    assert len(_rows(response)) == REVIEW_PAGE_SIZE
    assert len(response.content) < PAGE_BOUND
    assert "1–50 of 60 pairs" in response.text
    assert "Publish all 60 pairs" in response.text  # the summary counts the whole run
    assert '<span class="value">60</span>' in response.text
    best = run.proposals.order_by("-score").first()
    assert best is not None
    assert _rows(response)[0] == best.pk
    # No row lists the other pairs: a swap is searched for on demand.
    assert "<option" not in response.text.split('id="review-list"')[1]


def test_the_second_page_holds_the_rest(coordinator_client: Client, program: Program) -> None:
    run = _run(program, 60)

    first, second = (_rows(_page(coordinator_client, program, page=n)) for n in (1, 2))

    assert len(second) == 10
    assert set(first) | set(second) == set(run.proposals.values_list("pk", flat=True))


def test_a_deep_page_reads_the_rows_of_its_own_pairs_only(
    coordinator_client: Client, program: Program
) -> None:
    """The page's ids come from the sort alone, then its pairs with their people by id: no
    query reads whole rows with an OFFSET, which made PostgreSQL sort and join the whole
    run (the last page of a 6,000-pair run cost five times its first)."""
    run = _run(program, 60)

    with CaptureQueriesContext(connection) as captured:
        second = _rows(_page(coordinator_client, program, page=2))

    whole_rows = [q["sql"] for q in captured if '"contributions"' in q["sql"]]
    assert whole_rows
    assert not [sql for sql in whole_rows if "OFFSET" in sql]
    lowest = run.proposals.order_by("-score", "id").values_list("pk", flat=True)[50:]
    assert second == list(lowest)


def test_lowest_scores_first_on_demand(coordinator_client: Client, program: Program) -> None:
    run = _run(program, 60)

    rows = _rows(_page(coordinator_client, program, sort="lowest"))

    lowest = list(run.proposals.order_by("score", "id").values_list("pk", flat=True)[:50])
    assert rows == lowest


def test_by_the_mentors_name(coordinator_client: Client, program: Program) -> None:
    run = MatchRunFactory(program=program)
    for last in ("Young", "Abbott", "Mills"):
        ProposedPairFactory(run=run, mentor__last_name=last)

    response = _page(coordinator_client, program, sort="mentor")

    rows = ProposedPair.objects.in_bulk(_rows(response))
    assert [rows[pk].mentor.last_name for pk in _rows(response)] == ["Abbott", "Mills", "Young"]
    assert "Proposed pairs, by mentor&#x27;s name" in response.text


def test_by_department_of_the_mentor_or_the_mentee(
    coordinator_client: Client, program: Program, organization: Organization
) -> None:
    finance = DepartmentFactory(organization=organization, name="Finance")
    run = _run(program, 4)
    mentor_side = ProposedPairFactory(run=run, mentor__department=finance)
    mentee_side = ProposedPairFactory(run=run, mentee__department=finance)

    response = _page(coordinator_client, program, department=finance.pk)

    assert set(_rows(response)) == {mentor_side.pk, mentee_side.pk}
    assert "2 pairs matching the filters" in response.text


@pytest.mark.parametrize(
    ("warning", "kept"),
    [
        ("any", {"hours", "skills"}),
        ("hours", {"hours"}),
        ("skills", {"skills"}),
        ("introverted", set()),
    ],
)
def test_by_warning(
    coordinator_client: Client, program: Program, warning: str, kept: set[str]
) -> None:
    run = _run(program, 3)
    made = {
        "hours": ProposedPairFactory(run=run, warnings=["only 1 working hour in common"]),
        "skills": ProposedPairFactory(
            run=run, warnings=["Ada Lee cannot teach any skill Bo Kim wants to learn"]
        ),
    }

    rows = _rows(_page(coordinator_client, program, warning=warning))

    assert set(rows) == {made[key].pk for key in kept}


def test_by_name_of_the_mentor_or_the_mentee(coordinator_client: Client, program: Program) -> None:
    run = _run(program, 5)
    mentor_side = ProposedPairFactory(run=run, mentor__first_name="Zygmunt")
    mentee_side = ProposedPairFactory(run=run, mentee__last_name="Zygmuntowska")

    rows = _rows(_page(coordinator_client, program, q="zygmunt"))

    assert set(rows) == {mentor_side.pk, mentee_side.pk}


def test_unmatched_people_are_listed_and_filtered(
    coordinator_client: Client, program: Program, organization: Organization
) -> None:
    run = _run(program, 2)
    sales = DepartmentFactory(organization=organization, name="Sales")
    for i, department in enumerate((sales, None, sales)):
        left = EmployeeFactory(
            organization=organization, last_name=f"Leftover{i}", department=department
        )
        Unmatched.objects.create(
            run=run, employee=left, role=EnrollmentRole.MENTEE, reason="No mentor fits."
        )

    every = _page(coordinator_client, program, show="unmatched")
    in_sales = _page(coordinator_client, program, show="unmatched", department=sales.pk)

    assert every.text.count("Leftover") == 3
    assert "No mentor fits." in every.text
    assert _rows(every) == []
    assert in_sales.text.count("Leftover") == 2
    assert "3 people left unmatched" in _page(coordinator_client, program).text


def test_removed_pairs_are_a_list_of_their_own(
    coordinator_client: Client, program: Program
) -> None:
    run = _run(program, 2)
    ProposedPairFactory(run=run, removed=True, mentor__last_name="Gone")

    pairs = _page(coordinator_client, program)
    removed = _page(coordinator_client, program, show="removed")

    assert "Gone" not in pairs.text
    assert "1 pair removed" in pairs.text
    assert "Gone" in removed.text
    assert "Publish both pairs" in removed.text


def test_a_bad_filter_is_named_and_left_out(coordinator_client: Client, program: Program) -> None:
    _run(program, 3)

    response = _page(coordinator_client, program, sort="cheapest", department="x")

    assert len(_rows(response)) == 3
    assert "Some filters could not be used" in response.text


def test_htmx_gets_the_list_alone(coordinator_client: Client, program: Program) -> None:
    _run(program, 3)

    response = coordinator_client.get(
        reverse("matching:run_review", args=[program.pk]),
        {"sort": "lowest"},
        headers={"HX-Request": "true", "HX-Target": "review-list"},
    )

    assert response.text.lstrip().startswith('<div id="review-list"')
    assert "<html" not in response.text
    assert "Score distribution" not in response.text
    assert len(_rows(response)) == 3


def test_hybrid_rows_carry_their_publish_tick(
    coordinator_client: Client, organization: Organization
) -> None:
    program = make_program(organization, matching_mode=MatchingMode.HYBRID)
    run = _run(program, 2)

    response = _page(coordinator_client, program)

    for proposal in run.proposals.all():
        assert f'name="proposal" value="{proposal.pk}" form="publish-form"' in response.text


def test_each_row_links_its_own_swap_lock_and_remove(
    coordinator_client: Client, program: Program
) -> None:
    """The rows write these addresses from the review's, reversed once for the page."""
    run = _run(program, 3)

    response = _page(coordinator_client, program, sort="lowest")

    for proposal in run.proposals.all():
        args = [program.pk, proposal.pk]
        swap = reverse("matching:proposal_swap_search", args=args) + "?back=sort%3Dlowest"
        assert f'hx-get="{swap}"' in response.text
        assert f'<a href="{swap}">' in response.text
        for action in ("proposal_lock", "proposal_remove"):
            url = reverse(f"matching:{action}", args=args)
            assert f'<form method="post" action="{url}">' in response.text


@pytest.mark.parametrize("action", ["lock", "remove", "swap"])
def test_a_button_brings_the_person_back_to_their_page_and_filters(
    coordinator_client: Client, program: Program, action: str
) -> None:
    run = _run(program, 3)
    one, two = run.proposals.all()[:2]
    back = "sort=lowest&page=1&warning=any&evil=1"
    url, data = {
        "lock": (reverse("matching:proposal_lock", args=[program.pk, one.pk]), {"locked": "1"}),
        "remove": (reverse("matching:proposal_remove", args=[program.pk, one.pk]), {}),
        "swap": (
            reverse("matching:proposal_swap", args=[program.pk, run.pk]),
            {"first": one.pk, "second": two.pk},
        ),
    }[action]

    response = coordinator_client.post(url, {**data, "back": back})

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("matching:run_review", args=[program.pk]) + "?sort=lowest&warning=any&page=1"
    )


def _queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200  # warms the session and the caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query", ["", "?sort=lowest&warning=any", "?show=unmatched", "?show=removed"]
)
def test_the_review_takes_as_many_queries_for_120_pairs_as_for_60(
    coordinator_client: Client, program: Program, organization: Organization, query: str
) -> None:
    """Both sizes are past one page, so the page's rows are the same number too."""
    url = reverse("matching:run_review", args=[program.pk]) + query

    def grow(run: MatchRun, pairs: int) -> None:
        for i in range(pairs):
            proposal = ProposedPairFactory(
                run=run, warnings=["x cannot teach any skill y wants"], removed=i % 2 == 0
            )
            Unmatched.objects.create(
                run=run, employee=proposal.mentee, role=EnrollmentRole.MENTEE, reason="Removed."
            )

    run = MatchRunFactory(program=program)
    grow(run, 120)
    small = _queries(coordinator_client, url)
    grow(run, 120)
    assert ProposedPair.objects.filter(run=run).count() == 240
    assert _queries(coordinator_client, url) == small

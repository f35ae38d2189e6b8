"""A row's swap search: the candidates, their scores and the change of the total, what it
leaves out and why, the one swap it leads to, htmx and plain pages, and who may open it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.matching import adapters, selectors
from remento.matching.adapters.values import chains_for
from remento.matching.models import MatchRun, MatchRunStatus, ProposedPair
from remento.matching.services import bulk
from remento.people.models import Employee
from remento.programs.models import Program
from tests.conftest import client_for
from tests.factories import MatchRunFactory, ProposedPairFactory
from tests.matching.helpers import enroll, make_program, person, teach, want


def _search_url(program: Program, proposal: ProposedPair, **query: str) -> str:
    url = reverse("matching:proposal_swap_search", args=[program.pk, proposal.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def run(coordinator: Employee, program: Program, pool: dict[str, Employee]) -> MatchRun:
    return bulk.match_run_start(actor=coordinator.user, program=program)


def test_candidates_carry_both_new_scores_and_the_change_of_the_total(
    program: Program, pool: dict[str, Employee], run: MatchRun
) -> None:
    row = run.proposals.get(mentee=pool["x1"])

    search = selectors.swap_candidates(proposal=row)

    assert {c.other.mentee for c in search.candidates} == {pool["x2"], pool["x3"]}
    for candidate in search.candidates:
        other = candidate.other
        takes = adapters.pair_explain(program=program, mentor=other.mentor, mentee=pool["x1"])
        gives = adapters.pair_explain(program=program, mentor=pool["a1"], mentee=other.mentee)
        assert candidate.takes_row == pytest.approx(takes.score, abs=1e-4)
        assert candidate.gives_row == pytest.approx(gives.score, abs=1e-4)
        expected = takes.score + gives.score - row.score - other.score
        assert candidate.change == pytest.approx(expected, abs=1e-3)
    changes = [c.change for c in search.candidates]
    assert changes == sorted(changes, reverse=True)  # best change of the total first


def test_the_change_shown_is_the_change_the_swap_makes(
    coordinator_client: Client, program: Program, pool: dict[str, Employee], run: MatchRun
) -> None:
    row = run.proposals.get(mentee=pool["x1"])
    best = selectors.swap_candidates(proposal=row).candidates[0]
    before = sum(run.proposals.values_list("score", flat=True))

    response = coordinator_client.post(
        reverse("matching:proposal_swap", args=[program.pk, run.pk]),
        {"first": row.pk, "second": best.other.pk},
        follow=True,
    )

    assert f"(total {best.change_words})" in response.text
    after = sum(run.proposals.values_list("score", flat=True))
    assert after - before == pytest.approx(best.change, abs=1e-3)


def test_locked_pairs_and_the_row_itself_are_left_out(
    coordinator: Employee, pool: dict[str, Employee], run: MatchRun
) -> None:
    row = run.proposals.get(mentee=pool["x1"])
    locked = run.proposals.get(mentee=pool["x2"])
    bulk.proposal_lock(actor=coordinator.user, proposal=locked, locked=True)

    search = selectors.swap_candidates(proposal=row)

    assert [c.other.mentee for c in search.candidates] == [pool["x3"]]
    assert search.looked_at == 1


def test_a_swap_that_breaks_a_rule_is_counted_not_offered(
    program: Program, pool: dict[str, Employee], coordinator: Employee
) -> None:
    # A mentor who reports to x1: paired with x1 the reporting-line rule would be broken.
    close = person(
        program.organization, first_name="Close", last_name="Report", level=2, manager=pool["x1"]
    )
    far = person(program.organization, first_name="Far", last_name="Mentee", level=9)
    teach(close, sql=5)
    want(far, sql=5)
    enroll(program, close, EnrollmentRole.MENTOR)
    enroll(program, far, EnrollmentRole.MENTEE)
    run = bulk.match_run_start(actor=coordinator.user, program=program)
    row = run.proposals.get(mentee=pool["x1"])
    assert run.proposals.filter(mentor=close).exists()

    search = selectors.swap_candidates(proposal=row)

    assert close not in {c.other.mentor for c in search.candidates}
    assert search.forbidden == 1
    assert search.eligible == len(search.candidates) == 2


def test_search_by_the_mentors_name(pool: dict[str, Employee], run: MatchRun) -> None:
    row = run.proposals.get(mentee=pool["x1"])

    search = selectors.swap_candidates(proposal=row, text="ada3")

    assert [c.other.mentor for c in search.candidates] == [pool["a3"]]


def test_the_search_shows_at_most_the_limit(pool: dict[str, Employee], run: MatchRun) -> None:
    row = run.proposals.get(mentee=pool["x1"])

    search = selectors.swap_candidates(proposal=row, limit=1)

    assert len(search.candidates) == 1
    assert search.more == 1


def test_htmx_gets_the_search_then_its_results_alone(
    coordinator_client: Client, program: Program, pool: dict[str, Employee], run: MatchRun
) -> None:
    row = run.proposals.get(mentee=pool["x1"])
    htmx = {"HX-Request": "true"}

    opened = coordinator_client.get(_search_url(program, row, back="sort%3Dlowest"), headers=htmx)
    typed = coordinator_client.get(
        _search_url(program, row, q="Ada2"),
        headers={**htmx, "HX-Target": f"swap-results-{row.pk}"},
    )

    assert opened.status_code == 200
    assert "<html" not in opened.text
    assert 'name="q"' in opened.text
    assert "Ada2 Mentor" in opened.text
    assert 'name="back" value="sort=lowest"' in opened.text
    assert typed.text.lstrip().startswith(f'<div id="swap-results-{row.pk}"')
    assert "Ada2 Mentor" in typed.text
    assert "Ada3 Mentor" not in typed.text
    assert f'name="second" value="{run.proposals.get(mentee=pool["x2"]).pk}"' in typed.text


def test_without_javascript_the_search_is_a_page_of_its_own(
    coordinator_client: Client, program: Program, pool: dict[str, Employee], run: MatchRun
) -> None:
    row = run.proposals.get(mentee=pool["x1"])

    page = coordinator_client.get(_search_url(program, row))

    assert "<h1>Swap a mentor</h1>" in page.text
    assert "back to the proposed pairs" in page.text
    assert page.text.count('name="first"') == 2


def test_a_locked_row_or_an_old_run_says_why_it_cannot_swap(
    coordinator: Employee,
    coordinator_client: Client,
    program: Program,
    pool: dict[str, Employee],
    run: MatchRun,
) -> None:
    row = run.proposals.get(mentee=pool["x1"])
    bulk.proposal_lock(actor=coordinator.user, proposal=row, locked=True)
    assert "is locked; unlock it" in coordinator_client.get(_search_url(program, row)).text

    MatchRun.objects.filter(pk=run.pk).update(status=MatchRunStatus.SUPERSEDED)
    page = coordinator_client.get(_search_url(program, row)).text
    assert "only the run under review can be changed" in page
    assert 'name="second"' not in page


def _queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_search_takes_as_many_queries_for_40_pairs_as_for_20(
    coordinator_client: Client, program: Program, organization: Organization
) -> None:
    run = MatchRunFactory(program=program)

    def grow(pairs: int) -> None:
        for _ in range(pairs):
            proposal = ProposedPairFactory(run=run)
            enroll(program, proposal.mentor, EnrollmentRole.MENTOR)
            enroll(program, proposal.mentee, EnrollmentRole.MENTEE)
            teach(proposal.mentor, python=4)
            want(proposal.mentee, python=5)

    grow(20)
    row = run.proposals.first()
    assert row is not None
    url = _search_url(program, row)
    small = _queries(coordinator_client, url)
    grow(20)
    assert _queries(coordinator_client, url) == small


def test_another_organisation_gets_404(
    stranger: Employee, program: Program, pool: dict[str, Employee], run: MatchRun
) -> None:
    row = run.proposals.first()
    assert row is not None
    assert client_for(stranger).get(_search_url(program, row)).status_code == 404


def test_a_participant_is_refused(
    mentee_client: Client, program: Program, pool: dict[str, Employee], run: MatchRun
) -> None:
    row = run.proposals.first()
    assert row is not None
    assert mentee_client.get(_search_url(program, row)).status_code == 403


def test_a_pair_of_another_program_gets_404(
    coordinator_client: Client, organization: Organization, run: MatchRun
) -> None:
    other = make_program(organization, name="Other")
    row = run.proposals.first()
    assert row is not None
    assert coordinator_client.get(_search_url(other, row)).status_code == 404


def test_the_swap_it_leads_to_keeps_the_services_checks(
    coordinator_client: Client,
    coordinator: Employee,
    program: Program,
    pool: dict[str, Employee],
    run: MatchRun,
) -> None:
    row = run.proposals.get(mentee=pool["x1"])
    other = run.proposals.get(mentee=pool["x2"])
    candidate = next(
        c for c in selectors.swap_candidates(proposal=row).candidates if c.other == other
    )
    bulk.proposal_lock(actor=coordinator.user, proposal=other, locked=True)  # locked meanwhile

    response = coordinator_client.post(
        reverse("matching:proposal_swap", args=[program.pk, run.pk]),
        {"first": row.pk, "second": candidate.other.pk},
        follow=True,
    )

    assert "is locked; unlock it to change it" in response.text
    row.refresh_from_db()
    assert row.mentor == pool["a1"]


def test_the_swap_reads_people_as_person_for_does(
    program: Program, pool: dict[str, Employee], organization: Organization
) -> None:
    """The column reading of ``adapters.swaps`` and ``person_for`` make the same engine
    people (without sensitive attributes), so a swap's candidates score as the swap does."""
    boss = person(organization, level=12)
    odd = person(organization, level=2, manager=boss, preferred_name="Dee", birth_year=1990)
    enroll(program, odd, EnrollmentRole.MENTOR, timezone="Asia/Tokyo", hours_per_month=9)
    teach(odd, rust=4)
    people = [pool["a1"], pool["a2"], odd, boss]  # boss: not enrolled

    read = adapters.people_of(program, Q(pk__in=[p.pk for p in people]), EnrollmentRole.MENTOR)

    chains = chains_for(program, [p.pk for p in people])
    for employee in people:
        enrollment = Enrollment.objects.filter(program=program, employee=employee).first()
        expected = adapters.person_for(
            employee,
            chain=chains[employee.pk],
            enrollment=enrollment,
            capacity=enrollment.capacity if enrollment else 1,
        )
        assert read[employee.pk] == replace(expected, diversity={})
    assert read[odd.pk].timezone == "Asia/Tokyo"
    assert read[odd.pk].manager_chain == (str(boss.pk),)

"""A run's people encoded once for its swap search: written when the run ends, searched
with the same candidates and changes as the live way, right after swaps, locks, removals
and profile edits, not used once the settings changed, asked for again, flat in queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching import adapters, selectors
from remento.matching.models import MatchRun, ProposedPair, SwapIndex
from remento.matching.selectors.swaps import SwapSearch
from remento.matching.services import bulk
from remento.matching.services.swap_index import swap_index_compute, swap_index_request
from remento.people.models import Employee, SkillOffer
from remento.programs.models import Program
from tests.factories import MatchRunFactory, ProposedPairFactory
from tests.matching.helpers import enroll, person, teach, want

SKILLS = ("tiktok", "genai", "excel", "sql")


def _cohort(program: Program, pairs: int) -> list[Employee]:
    """``pairs`` mentors and mentees with mixed skills, levels and departments; the last
    mentor reports to the first mentee, so that some swaps break the reporting line."""
    org = program.organization
    mentees = []
    for i in range(pairs):
        mentee = person(org, first_name=f"Mia{i}", last_name="Mentee", level=9 + i % 3)
        want(mentee, **{SKILLS[i % 4]: 5, SKILLS[(i + 1) % 4]: 1 + i % 5})
        enroll(program, mentee, EnrollmentRole.MENTEE)
        mentees.append(mentee)
    for i in range(pairs):
        boss = mentees[0] if i == pairs - 1 else None
        mentor = person(
            org, first_name=f"Max{i}", last_name="Mentor", level=2 + i % 4, manager=boss
        )
        teach(mentor, **{SKILLS[(i * 3) % 4]: 1 + (i * 2) % 5, SKILLS[(i + 2) % 4]: 3})
        enroll(program, mentor, EnrollmentRole.MENTOR)
    return mentees


def _shown(search: SwapSearch) -> list[tuple[int, float, float, float]]:
    return [(c.other.pk, c.takes_row, c.gives_row, round(c.change, 4)) for c in search.candidates]


def _both_ways(row: ProposedPair, **options: object) -> tuple[SwapSearch, SwapSearch]:
    """The row's search from the run's index, then the live way (the index set aside)."""
    stored = selectors.swap_candidates(proposal=row, **options)  # type: ignore[arg-type]
    kept = list(SwapIndex.objects.filter(run=row.run).values_list("fingerprint", "data"))
    SwapIndex.objects.filter(run=row.run).update(fingerprint="")
    live = selectors.swap_candidates(proposal=row, **options)  # type: ignore[arg-type]
    SwapIndex.objects.filter(run=row.run).update(fingerprint=kept[0][0])
    return stored, live


def _assert_same(stored: SwapSearch, live: SwapSearch) -> None:
    assert stored.ranked_at is not None
    assert live.ranked_at is None
    assert _shown(stored) == _shown(live)
    assert (stored.looked_at, stored.forbidden) == (live.looked_at, live.forbidden)


@pytest.fixture
def big_run(coordinator: Employee, program: Program) -> MatchRun:
    _cohort(program, 9)
    return bulk.match_run_start(actor=coordinator.user, program=program)


def test_a_run_is_encoded_for_its_swaps_when_it_ends(program: Program, big_run: MatchRun) -> None:
    index = SwapIndex.objects.get(run=big_run)

    assert index.fingerprint == adapters.swap_scoring(program).fingerprint
    assert index.computed_at is not None
    assert len(bytes(index.data)) > 0


def test_every_row_lists_the_same_candidates_and_changes_as_the_live_way(
    big_run: MatchRun,
) -> None:
    rows = list(big_run.proposals.order_by("pk"))
    forbidden = 0
    for row in rows:
        stored, live = _both_ways(row)
        _assert_same(stored, live)
        forbidden += stored.forbidden
        _assert_same(*_both_ways(row, limit=2))
        _assert_same(*_both_ways(row, text="max1"))
    assert forbidden > 0  # the reporting line forbids some swaps, and they are counted


def test_after_a_swap_a_lock_and_a_removal_it_reads_the_pairs_as_they_are(
    coordinator: Employee, big_run: MatchRun
) -> None:
    first, second, third, fourth, *rest = list(big_run.proposals.order_by("pk"))
    bulk.proposal_swap(actor=coordinator.user, run=big_run, first_pk=first.pk, second_pk=second.pk)
    bulk.proposal_lock(actor=coordinator.user, proposal=third, locked=True)
    bulk.proposal_remove(actor=coordinator.user, proposal=fourth)

    row = ProposedPair.objects.select_related("run__program").get(pk=rest[0].pk)
    stored, live = _both_ways(row)

    _assert_same(stored, live)
    shown = {c.other.pk for c in stored.candidates}
    assert third.pk not in shown
    assert fourth.pk not in shown
    swapped = ProposedPair.objects.get(pk=first.pk)
    assert swapped.mentor_id == second.mentor_id
    for candidate in stored.candidates:
        assert (
            candidate.other.mentor_id == ProposedPair.objects.get(pk=candidate.other.pk).mentor_id
        )


def test_a_pair_of_people_the_index_lacks_is_searched_the_live_way(
    program: Program, big_run: MatchRun
) -> None:
    added = ProposedPairFactory(run=big_run, score=1.0)
    enroll(program, added.mentor, EnrollmentRole.MENTOR)
    enroll(program, added.mentee, EnrollmentRole.MENTEE)
    row = big_run.proposals.order_by("pk").first()
    assert row is not None

    search = selectors.swap_candidates(proposal=row, limit=50)

    assert search.ranked_at is None
    assert search.looked_at == big_run.proposals.count() - 1


def test_a_profile_edited_since_the_run_shows_the_score_it_has_now(big_run: MatchRun) -> None:
    row = big_run.proposals.order_by("pk").first()
    assert row is not None
    before = selectors.swap_candidates(proposal=row, limit=50)
    edited = before.candidates[0].other.mentor
    SkillOffer.objects.filter(employee=edited).delete()
    teach(edited, **dict.fromkeys(SKILLS, 5))

    stored, live = _both_ways(row, limit=50)

    assert _shown(stored) == _shown(live)
    takes = {c.other.mentor_id: c.takes_row for c in stored.candidates}
    was = {c.other.mentor_id: c.takes_row for c in before.candidates}
    assert takes[edited.pk] != was[edited.pk]


def test_once_the_weights_change_it_searches_the_live_way_and_asks_for_a_new_index(
    coordinator: Employee,
    coordinator_client: Client,
    program: Program,
    big_run: MatchRun,
    django_capture_on_commit_callbacks: object,
) -> None:
    weights = {**adapters.settings_for(program).weights.as_dict(), "skills": 0.5}
    bulk.match_weights_update(actor=coordinator.user, program=program, weights=weights)
    program.refresh_from_db()
    row = big_run.proposals.order_by("pk").first()
    assert row is not None
    assert selectors.swap_candidates(proposal=row).ranked_at is None
    url = reverse("matching:proposal_swap_search", args=[program.pk, row.pk])
    SwapIndex.objects.filter(run=big_run).update(requested_at="2000-01-01T00:00:00Z")

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert coordinator_client.get(url).status_code == 200

    index = SwapIndex.objects.get(run=big_run)
    assert index.fingerprint == adapters.swap_scoring(program).fingerprint
    assert selectors.swap_candidates(proposal=row).ranked_at is not None


def test_the_worker_is_asked_once_in_a_while_not_on_every_search(
    program: Program, organization: Organization
) -> None:
    run = MatchRunFactory(program=program)

    with CaptureQueriesContext(connection):
        assert swap_index_request(run=run) is True
        assert swap_index_request(run=run) is False
    assert SwapIndex.objects.get(run=run).fingerprint == ""


def test_a_new_run_lets_the_previous_runs_index_go(
    coordinator: Employee, program: Program, big_run: MatchRun
) -> None:
    again = bulk.match_run_start(actor=coordinator.user, program=program)

    assert list(SwapIndex.objects.values_list("run_id", flat=True)) == [again.pk]


def test_a_run_no_longer_under_review_is_not_encoded(program: Program) -> None:
    run = MatchRunFactory(program=program, status="superseded")

    assert swap_index_compute(run_id=run.pk) is None
    assert not SwapIndex.objects.filter(run=run).exists()


def _queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_search_from_the_index_takes_as_many_queries_for_40_pairs_as_for_20(
    coordinator_client: Client, program: Program
) -> None:
    run = MatchRunFactory(program=program)

    def grow(pairs: int) -> None:
        for _ in range(pairs):
            proposal = ProposedPairFactory(run=run)
            enroll(program, proposal.mentor, EnrollmentRole.MENTOR)
            enroll(program, proposal.mentee, EnrollmentRole.MENTEE)
            teach(proposal.mentor, python=4)
            want(proposal.mentee, python=5)
        swap_index_compute(run_id=run.pk)

    grow(20)
    row = run.proposals.first()
    assert row is not None
    url = reverse("matching:proposal_swap_search", args=[program.pk, row.pk])
    small = _queries(coordinator_client, url)
    assert selectors.swap_candidates(proposal=row).ranked_at is not None
    grow(20)
    assert _queries(coordinator_client, url) == small


def test_a_search_reads_the_settings_and_skills_once_for_the_index_and_the_live_scores(
    big_run: MatchRun,
) -> None:
    row = big_run.proposals.order_by("pk").first()
    assert row is not None
    selectors.swap_candidates(proposal=row)  # the index read and kept by this process

    with CaptureQueriesContext(connection) as captured:
        search = selectors.swap_candidates(proposal=row)

    assert search.ranked_at is not None
    assert search.candidates  # so its candidates were scored again live
    skills = [q["sql"] for q in captured if 'FROM "people_skill"' in q["sql"]]
    assert len(skills) == 1


def test_the_page_says_when_the_ranking_read_the_profiles(
    coordinator_client: Client, program: Program, big_run: MatchRun
) -> None:
    row = big_run.proposals.order_by("pk").first()
    assert row is not None
    url = reverse("matching:proposal_swap_search", args=[program.pk, row.pk])

    page = coordinator_client.get(url, headers={"HX-Request": "true"}).text

    assert "Ranked by everyone's profile as it was on" in page
    assert "the scores shown are today's" in page

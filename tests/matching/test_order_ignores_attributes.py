"""Every order people read, and the round limit's cut, follows the shown score (without the
diversity criterion), ties by the mentee's id: never the engine's own score.

Each test matches two cohorts identical except that one mentor and her mentee declare
different genders (consented), which the engine's diversity criterion rewards. Their three
pairs have the same shown score, so an order or a cut that followed the engine's score would
move that pair, and tell a coordinator (or an API client) which pair's people differ.
"""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.matching import adapters
from remento.matching.models import MatchRun
from remento.matching.services.bulk import match_run_start
from remento.matching.services.common import RoundLimit, limit_outcome
from remento.people.models import Employee
from remento.programs.models import Program
from tests.factories import user_of
from tests.integrations.api.conftest import api_as
from tests.matching.helpers import compute_preview, consent_everywhere, declare, small_pool
from tests.matching.helpers import make_program as make_matching_program


def _bridge(people: dict[str, Employee], bridge: bool) -> None:
    """Ada3 and Xavier3 declare different genders (``bridge``), or nothing at all."""
    declare(people["a3"], "woman" if bridge else None)
    declare(people["x3"], "man" if bridge else None)


def _cohort(organization: Organization, **program_fields: Any) -> tuple[Program, dict]:
    program = make_matching_program(organization)
    if program_fields:
        Program.objects.filter(pk=program.pk).update(**program_fields)
        program.refresh_from_db()
    people = small_pool(program, user=True)
    consent_everywhere(program)
    return program, people


def _names(run: MatchRun, **filters: Any) -> dict[str, list[str]]:
    """The run's proposals and unmatched people, by first name, in every stored order."""
    proposals = run.proposals.filter(removed=False, **filters)
    return {
        "by_id": [p.mentee.first_name for p in proposals.order_by("pk")],
        "best": [p.mentee.first_name for p in proposals.order_by("-score", "id")],
        "worst": [p.mentee.first_name for p in proposals.order_by("score", "id")],
        "unmatched": [u.employee.first_name for u in run.unmatched.order_by("pk")],
    }


def _review_order(client: Client, program: Program) -> list[str]:
    """The mentees in the order the run review lists its pairs (best score first)."""
    page = client.get(reverse("matching:run_review", args=[program.pk])).text
    return list(dict.fromkeys(re.findall(r"Xavier\d", page)))


def test_the_run_reviews_order_does_not_tell_which_pair_bridges_backgrounds(
    coordinator: Employee, coordinator_client: Client, organization: Organization
) -> None:
    """Every score a coordinator reads is computed without the diversity criterion; the
    proposals were once ordered (and inserted, so their ids followed) by the engine's own
    score: among pairs of equal shown score, the one whose two people differ on a consented
    attribute came first. Here three pairs of equal shown score; one mentor and her mentee
    declare different genders and nothing the review shows may move."""
    program, people = _cohort(organization)

    seen = []
    for bridge in (False, True):
        _bridge(people, bridge)
        run = match_run_start(actor=user_of(coordinator), program=program)
        proposals = list(run.proposals.order_by("mentee_id"))
        scores = {p.score for p in proposals}
        # Three pairs, equal shown scores.
        assert len(proposals) == 3
        assert len(scores) == 1
        seen.append((scores, _review_order(coordinator_client, program), _names(run)))

    (scores_before, page_before, ids_before), (scores_after, page_after, ids_after) = seen
    assert scores_before == scores_after  # what the coordinator reads as scores is the same
    assert page_before == page_after, (
        f"the review's order moved from {page_before} to {page_after} when only Xavier3 "
        "and his mentor declared different genders"
    )
    assert ids_before == ids_after
    assert page_before == ["Xavier1", "Xavier2", "Xavier3"]  # ties by the mentee's id


def _top_pairs(client: Client, program: Program, capture: Any) -> tuple[list[str], list[str]]:
    """The preview computed now: its first three top pairs' shown scores, and the mentees
    of its top pairs in the order listed."""
    compute_preview(client, program, capture)
    page = client.get(reverse("matching:preview", args=[program.pk])).text
    table = page.split("<h2>Top pairs</h2>", 1)[1]
    scores = re.findall(r'<td class="num">([\d.]+)</td>', table)[:3]
    return scores, list(dict.fromkeys(re.findall(r"Xavier\d", table)))


def test_the_previews_top_pairs_do_not_move_when_only_an_attribute_changes(
    coordinator_client: Client,
    organization: Organization,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The matching preview's "Top pairs" (``Preview.top_pairs``, the outcome's first
    pairs) lists three pairs of equal shown score; when one pair's people declare different
    genders, that pair must not move to the top."""
    program, people = _cohort(organization)

    seen = []
    for bridge in (False, True):
        _bridge(people, bridge)
        seen.append(_top_pairs(coordinator_client, program, django_capture_on_commit_callbacks))

    # Equal shown scores, the same before and after.
    assert seen[0][0] == seen[1][0]
    assert len(set(seen[0][0])) == 1
    assert seen[0][1] == seen[1][1], (
        f"the preview's top pairs moved from {seen[0][1]} to {seen[1][1]} when only Xavier3 "
        "and his mentor declared different genders"
    )


def test_the_round_limits_cut_does_not_tell_which_pair_bridges_backgrounds(
    coordinator: Employee, organization: Organization
) -> None:
    """A round of two pairs ("pairs per cohort") out of three of equal shown score: which
    two are proposed and who waits for a later round is the same whatever the attributes,
    and ties go to the lower mentee id (Xavier3 waits)."""
    program, people = _cohort(organization, pairs_per_cohort=2)

    seen = []
    for bridge in (False, True):
        _bridge(people, bridge)
        run = match_run_start(actor=user_of(coordinator), program=program)
        assert run.summary["beyond_limit"] == 1
        seen.append((_names(run), run.summary["pairs"], run.summary["total"]))

    assert seen[0] == seen[1], (
        f"the round's cut moved from {seen[0][0]} to {seen[1][0]} when only Xavier3 and "
        "his mentor declared different genders"
    )
    names = seen[0][0]
    assert names["by_id"] == ["Xavier1", "Xavier2"]
    assert sorted(names["unmatched"]) == ["Ada3", "Xavier3"]


def test_the_previews_cut_does_not_tell_which_pair_bridges_backgrounds(
    coordinator_client: Client,
    organization: Organization,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The preview limits its pairs as a run does: its top pairs, with a round of two, are
    the same two pairs whatever the attributes."""
    program, people = _cohort(organization, pairs_per_cohort=2)

    seen = []
    for bridge in (False, True):
        _bridge(people, bridge)
        seen.append(_top_pairs(coordinator_client, program, django_capture_on_commit_callbacks)[1])

    assert seen[0] == seen[1] == ["Xavier1", "Xavier2"]


def test_the_api_lists_a_runs_proposals_in_the_same_order_whatever_the_attributes(
    coordinator: Employee, organization: Organization
) -> None:
    """``GET /programs/{id}/matching-runs/{id}``: the proposals best shown score first,
    ties by the mentee, identical for both cohorts."""
    program, people = _cohort(organization)
    api = api_as(coordinator)

    seen = []
    for bridge in (False, True):
        _bridge(people, bridge)
        run = match_run_start(actor=user_of(coordinator), program=program)
        read = api.get(f"/programs/{program.pk}/matching-runs/{run.pk}")
        assert read.status_code == 200, read.content
        proposals = read.json()["proposals"]
        assert len(proposals) == 3
        seen.append([(p["mentee"]["name"], p["mentor"]["name"], p["score"]) for p in proposals])

    assert seen[0] == seen[1], (
        f"the API's order moved from {seen[0]} to {seen[1]} when only Xavier3 and his "
        "mentor declared different genders"
    )
    assert [mentee for mentee, *_ in seen[0]] == [people[f"x{i}"].display_name for i in (1, 2, 3)]


def test_pool_match_orders_its_pairs_by_the_shown_score_then_the_mentee(
    organization: Organization,
) -> None:
    """The adapter's own order (what proposals are inserted in, the preview and the cut
    read): identical pairs, order and scores for both cohorts."""
    program, people = _cohort(organization)

    seen = []
    for bridge in (False, True):
        _bridge(people, bridge)
        outcome = adapters.pool_match(adapters.pool_for_program(program))
        seen.append([(p.mentee_id, p.mentor_id, p.score) for p in outcome.pairs])

    assert seen[0] == seen[1]
    assert [mentee for mentee, *_ in seen[0]] == sorted(people[f"x{i}"].pk for i in (1, 2, 3))


def _pair(mentor: int, mentee: int, score: float) -> adapters.PairResult:
    return adapters.PairResult(
        mentor_id=mentor, mentee_id=mentee, score=score, contributions={}, reasons=[], warnings=[]
    )


def test_limit_outcome_cuts_by_shown_score_then_mentee_whatever_the_order_it_is_given() -> None:
    """The cut reads the pairs' shown scores and mentee ids itself: locked pairs first, then
    the best shown scores, ties by the lower mentee id; the order the outcome came in (the
    engine's, say) plays no part."""
    pairs = [_pair(1, 13, 0.5), _pair(2, 12, 0.5), _pair(3, 11, 0.5), _pair(4, 14, 0.9)]
    outcome = adapters.MatchOutcome(pairs=pairs, unmatched=[], summary={})
    limit = RoundLimit(2, "Beyond this round.")

    for given in (pairs, pairs[::-1], [pairs[2], pairs[0], pairs[3], pairs[1]]):
        cut = limit_outcome(outcome.__class__(pairs=given, unmatched=[], summary={}), limit)
        assert {p.mentee_id for p in cut.pairs} == {14, 11}
        assert {u.employee_id for u in cut.unmatched} == {12, 13, 1, 2}

    locked = limit_outcome(outcome, limit, locked=[(1, 13)])
    assert {p.mentee_id for p in locked.pairs} == {13, 14}

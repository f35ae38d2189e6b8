"""Running the engine for the app: a program's run, one pair, a mentee's suggestions."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from remento.core.errors import ServiceError
from remento.enrollment.models import EnrollmentRole
from remento.matching import engine
from remento.people.models import Employee
from remento.programs.models import Program

from .pool import Pool, pool_for_program
from .results import (
    MatchOutcome,
    PairForbidden,
    PairResult,
    SuggestionResult,
    UnmatchedResult,
    _unmatched_words,
)
from .shown import (
    _pair_result,
    _shown_contributions,
    _shown_explanation,
    _without_attributes,
    shown_settings,
)
from .values import _person_of, chains_for, settings_for, taxonomy_for


def pool_match(
    pool: Pool,
    *,
    locked: Iterable[tuple[int, int]] = (),
    blocked: Iterable[tuple[int, int]] = (),
    progress: Callable[[str], None] | None = None,
) -> MatchOutcome:
    """Run the engine on ``pool``: the best total score under the program's rules, keeping
    ``locked`` (mentor pk, mentee pk) pairs and never proposing ``blocked`` ones.

    Pairs come back best first by their shown score (ties by the mentee's id, never the
    engine's own score), with their contributions, reasons and warnings; the summary is the
    engine's at the shown scores (no upper bound nor gap). ``progress`` is the engine's
    progress hook (called with each phase's name as it starts), and is called with
    ``"explaining"`` before the pairs are explained.
    """
    taxonomy = taxonomy_for(pool.program.organization_id)
    settings = settings_for(pool.program, locked=locked, blocked=blocked)
    try:
        result = engine.match(pool.mentors, pool.mentees, taxonomy, settings, progress=progress)
    except ValueError as error:
        raise ServiceError(f"Matching could not run: {error}.") from error
    if progress is not None:
        progress("explaining")
    mentors = {p.id: p for p in pool.mentors}
    mentees = {p.id: p for p in pool.mentees}
    shown = {
        (p.mentor_id, p.mentee_id): _pair_result(
            _shown_explanation(mentors[p.mentor_id], mentees[p.mentee_id], taxonomy, settings)
        )
        for p in result.pairs
    }
    # Best first by the shown score, ties by the mentee's id: never by the engine's own
    # score, which counts the diversity criterion. Proposals are inserted in this order (so
    # their ids follow it), the review, the preview and the API list it, and the round limit
    # cuts it: among pairs of equal shown score, the engine's order would tell which pair's
    # people differ on a consented attribute.
    ordered = sorted(
        result.pairs,
        key=lambda p: (-shown[(p.mentor_id, p.mentee_id)].score, int(p.mentee_id)),
    )
    pairs = [shown[(p.mentor_id, p.mentee_id)] for p in ordered]
    return MatchOutcome(
        pairs=pairs,
        unmatched=[
            UnmatchedResult(
                employee_id=int(u.person_id), role=u.role, reason=_unmatched_words(u.reason)
            )
            for u in result.unmatched
        ],
        summary=_shown_summary(result, ordered, shown, pool),
    )


def _shown_summary(
    result: engine.MatchResult,
    ordered: Sequence[engine.Pair],
    shown: Mapping[tuple[str, str], PairResult],
    pool: Pool,
) -> dict[str, Any]:
    """The engine's summary of the run with every pair at its shown score: no upper bound
    nor gap, which would tell the total with the diversity criterion."""
    summary = engine.summarize(
        replace(
            result,
            pairs=tuple(replace(p, score=shown[(p.mentor_id, p.mentee_id)].score) for p in ordered),
        ),
        [*pool.mentors, *pool.mentees],
    )
    return {
        "pairs": summary.pairs,
        "total": round(summary.total, 4),
        "minimum": round(summary.minimum, 4),
        "p10": round(summary.p10, 4),
        "median": round(summary.median, 4),
        "mean": round(summary.mean, 4),
        "unmatched_mentees": summary.unmatched_mentees,
        "unmatched_mentors": summary.unmatched_mentors,
        "unmatched_by_department": dict(summary.unmatched_by_department),
        # No upper bound nor gap: they bound the engine's objective, which counts the
        # diversity criterion, and would tell its total to whoever reads the run.
        "method": result.method,
        # Where a guarantee holds only on the candidate set (large cohorts), in words.
        "caveats": list(result.caveats),
    }


def pair_explain(*, program: Program, mentor: Employee, mentee: Employee) -> PairResult:
    """Score one pair under the program's settings as a run shows it (without the
    diversity criterion, like every score people read).

    Raises ``PairForbidden`` naming both people and the rule when the pair breaks a hard
    constraint (level gap, reporting line, department, time zone).
    """
    chains = chains_for(program, [mentor.pk, mentee.pk])  # one query for both people
    explanation = _shown_explanation(
        _person_of(program, mentor, EnrollmentRole.MENTOR, chain=chains[mentor.pk]),
        _person_of(program, mentee, EnrollmentRole.MENTEE, chain=chains[mentee.pk]),
        taxonomy_for(program.organization_id),
        settings_for(program),
    )
    if not explanation.eligible:
        raise PairForbidden(
            f"{mentor.display_name} and {mentee.display_name} cannot be paired: "
            f"{explanation.ineligible_because}."
        )
    return _pair_result(explanation)


def mentee_suggestions(
    *,
    program: Program,
    mentee: Employee,
    exclude_mentor_ids: Collection[int] = (),
    k: int | None = None,
) -> list[SuggestionResult]:
    """Enrolled mentors with a free place, best first for ``mentee`` (``k`` of them, or
    all), with reasons. Mentors in ``exclude_mentor_ids`` (asked before) are left out, and
    ranks count only those offered.

    The mentee reads the order as well as the scores and reasons, and may change their own
    declared attributes and read again as often as they like: suggestions are therefore
    ranked and scored without any sensitive attribute, so they would be the same whatever
    the mentee or a mentor declared (the diversity criterion counts only in coordinator
    runs, whose per-pair figures are never shown with it either)."""
    pool = pool_for_program(program)
    excluded = set(exclude_mentor_ids)
    mentors = [_without_attributes(p) for p in pool.mentors if int(p.id) not in excluded]
    person = _without_attributes(_person_of(program, mentee, EnrollmentRole.MENTEE))
    found = engine.suggest(
        person,
        mentors,
        taxonomy_for(program.organization_id),
        shown_settings(settings_for(program)),
        k=k if k is not None else max(1, len(mentors)),
    )
    return [
        SuggestionResult(
            mentor_id=int(s.mentor_id),
            rank=rank,
            score=round(float(s.score), 4),
            contributions=_shown_contributions(s.explanation),
            reasons=[r.text for r in s.explanation.reasons],
            warnings=list(s.explanation.warnings),
        )
        for rank, s in enumerate(found, start=1)
    ]

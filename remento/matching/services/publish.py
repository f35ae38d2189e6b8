"""Publishing a bulk run: proposals become pairs, and both people are told.

The program row is locked first, so two coordinators publishing at once queue behind each
other and the second finds the run published; a mentor accepting a request
(``requests.mentor_request_accept``) takes the same lock, so a hybrid publish and an acceptance
never both take a mentor's last place. People already paired are skipped and reported; the
database constraint ``pair_one_open_per_mentee`` is the last guard.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import User
from remento.core.notifications import notify
from remento.core.words import count_of
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.models import (
    MatchRun,
    MatchRunStatus,
    MentorRequest,
    ProposedPair,
    RequestStatus,
)
from remento.matching.services.bulk import require_review, run_for_update
from remento.matching.services.common import (
    MANAGE_REFUSAL,
    full_message,
    pairs_room,
    require_bulk_mode,
    require_matching_open,
)
from remento.matching.services.sending import decline_waiting_for_full_mentor
from remento.people.access import coordinator_of
from remento.programs.locks import program_lock
from remento.programs.models import Program
from remento.relationships.models import OPEN_PAIR, Pair, PairSource
from remento.relationships.selectors import open_pair_counts
from remento.relationships.services import pair_create


@dataclass
class PublishReport:
    """What a publish did: the pairs created and, in plain words, what it skipped."""

    created: list[Pair] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    """The proposals a publish will make pairs of, with the mentors' capacities."""

    proposals: list[ProposedPair]
    capacity: dict[int, int]


@transaction.atomic
def match_run_publish(
    *, actor: User, run: MatchRun, proposal_ids: Collection[int] | None = None
) -> PublishReport:
    """Turn a run's proposals into pairs (source bulk, status launching) and tell both people.

    ``proposal_ids`` publishes only those (hybrid programs: participants choose for the
    rest); by default every proposal not removed. Anyone already in an open pair, or a
    mentor with no free place, is skipped and reported. The program row is locked first, so
    a second publish, two coordinators at once, or a mentor accepting a request meanwhile,
    never make a pair twice or past a mentor's capacity. A publish that would go past the
    program's “pairs at once” or “pairs per cohort” is refused whole, with nothing written.
    """
    coordinator_of(actor, run.program.organization_id, refusal=MANAGE_REFUSAL)
    program = program_lock(run.program)
    run = run_for_update(run)  # read again under the lock: another publish may have won
    require_review(run)
    require_matching_open(program)
    require_bulk_mode(program)
    report = PublishReport()
    plan = _plan(program=program, run=run, proposal_ids=proposal_ids, report=report)
    _check_limits(program=program, count=len(plan.proposals), selectable=proposal_ids is not None)
    for proposal in plan.proposals:
        try:
            pair = pair_create(
                actor=actor,
                program=program,
                mentor=proposal.mentor,
                mentee=proposal.mentee,
                source=PairSource.BULK,
                score=proposal.score,
                reasons=proposal.reasons,
            )
        except ServiceError:
            # A pair made outside the program lock (it should not happen; it must not hurt):
            # the constraint refused this one, the rest of the publish goes on.
            label = f"{proposal.mentor} → {proposal.mentee}"
            report.skipped.append(f"{label}: {proposal.mentee} already has a mentor.")
            continue
        proposal.pair = pair
        proposal.save(update_fields=["pair"])
        report.created.append(pair)
        _tell_pair(pair=pair, proposal=proposal)
    _settle_requests(program=program, plan=plan, created=report.created)
    run.status = MatchRunStatus.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = actor
    run.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_log(
        actor=actor,
        organization=program.organization,
        verb="match_run.publish",
        target=run,
        data={"created": len(report.created), "skipped": report.skipped},
    )
    return report


def _chosen(*, run: MatchRun, proposal_ids: Collection[int] | None) -> list[ProposedPair]:
    """The run's proposals to publish, best first: ``proposal_ids`` or every one not
    removed; a chosen id no longer in the run refuses the publish."""
    proposals = list(
        run.proposals.filter(removed=False)
        .select_related("mentor", "mentee")
        .order_by("-score", "id")
    )
    if proposal_ids is None:
        return proposals
    wanted = set(proposal_ids)
    unknown = wanted - {p.pk for p in proposals}
    if unknown:
        raise ServiceError(
            f"pairs: {len(unknown)} of the chosen pairs are not in this run any more."
        )
    if not wanted:
        raise ServiceError("pairs: choose at least one pair to publish.")
    return [p for p in proposals if p.pk in wanted]


def _plan(
    *,
    program: Program,
    run: MatchRun,
    proposal_ids: Collection[int] | None,
    report: PublishReport,
) -> _Plan:
    """The proposals that can become pairs now, read under the program lock; the others
    are reported as skipped, saying why (a mentee paired or gone, a mentor gone or full)."""
    proposals = _chosen(run=run, proposal_ids=proposal_ids)
    people = {p.mentor_id for p in proposals} | {p.mentee_id for p in proposals}
    paired_mentees = set(
        Pair.objects.filter(OPEN_PAIR, program=program, mentee_id__in=people).values_list(
            "mentee_id", flat=True
        )
    )
    mentor_load = open_pair_counts(program=program, mentor_ids=people)
    enrolled = Enrollment.objects.filter(
        program=program, employee_id__in=people, status=EnrollmentStatus.ENROLLED
    )
    capacity = dict(
        enrolled.filter(role=EnrollmentRole.MENTOR).values_list("employee_id", "capacity")
    )
    enrolled_mentees = set(
        enrolled.filter(role=EnrollmentRole.MENTEE).values_list("employee_id", flat=True)
    )
    planned: list[ProposedPair] = []
    for proposal in proposals:
        label = f"{proposal.mentor} → {proposal.mentee}"
        if proposal.mentee_id in paired_mentees:
            report.skipped.append(f"{label}: {proposal.mentee} already has a mentor.")
        elif proposal.mentee_id not in enrolled_mentees:
            report.skipped.append(f"{label}: {proposal.mentee} is no longer enrolled.")
        elif proposal.mentor_id not in capacity:
            report.skipped.append(f"{label}: {proposal.mentor} is no longer enrolled.")
        elif mentor_load.get(proposal.mentor_id, 0) >= capacity[proposal.mentor_id]:
            report.skipped.append(f"{label}: {proposal.mentor} has no free place.")
        else:
            paired_mentees.add(proposal.mentee_id)
            mentor_load[proposal.mentor_id] = mentor_load.get(proposal.mentor_id, 0) + 1
            planned.append(proposal)
    return _Plan(proposals=planned, capacity=capacity)


def _settle_requests(*, program: Program, plan: _Plan, created: list[Pair]) -> None:
    """Settle the waiting requests the new pairs answer: a mentee the coordinator paired no
    longer waits for the mentor they asked, and a mentor the publish filled answers no more
    requests (those mentees move on, as when the mentor fills up by accepting)."""
    MentorRequest.objects.filter(
        program=program,
        status=RequestStatus.PENDING,
        mentee_id__in=[pair.mentee_id for pair in created],
    ).update(
        status=RequestStatus.WITHDRAWN,
        answered_at=timezone.now(),
        response="Paired by the coordinator.",
    )
    mentors = {p.mentor_id: p.mentor for p in plan.proposals if p.pair_id is not None}
    load_now = open_pair_counts(program=program, mentor_ids=mentors)
    for mentor_id in sorted(mentors):
        if load_now.get(mentor_id, 0) >= plan.capacity[mentor_id]:
            decline_waiting_for_full_mentor(program=program, mentor=mentors[mentor_id])


def _check_limits(*, program: Program, count: int, selectable: bool) -> None:
    """Refuse, before anything is written, a publish beyond “pairs at once” or “pairs per
    cohort” (one published run is one cohort)."""
    fewer = "tick fewer pairs" if selectable else "remove pairs from the review"
    room = pairs_room(program)
    if room is not None and count > room:
        if room == 0:
            raise ServiceError(full_message(program))
        raise ServiceError(
            f"Publishing {count} pairs would go past {program.name}'s limit of "
            f"{count_of(program.max_pairs or 0, 'pair')} at once: only "
            f"{count_of(room, 'place')} free. Nothing was published; {fewer}, or run matching "
            "again (a new run proposes only as many pairs as fit)."
        )
    cohort = program.pairs_per_cohort
    if cohort is not None and count > cohort:
        raise ServiceError(
            f"Publishing {count_of(count, 'pair')} would make a round larger than {program.name}'s "
            f"{count_of(cohort, 'pair')} per matching round. Nothing was published; {fewer}, "
            f"or run matching again (a new run proposes at most {cohort})."
        )


def _tell_pair(*, pair: Pair, proposal: ProposedPair) -> None:
    context: dict[str, Any] = {
        "program": pair.program,
        "mentor": proposal.mentor,
        "mentee": proposal.mentee,
        "reasons": proposal.reasons,
    }
    for person, other in ((proposal.mentor, proposal.mentee), (proposal.mentee, proposal.mentor)):
        notify(
            to=person,
            template="matching/email/pair_published",
            context={**context, "partner": other},
        )

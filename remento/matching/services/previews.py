"""The matching preview, computed by the task worker and stored for the page to read.

The preview page never runs the engine (at 20,000 people one preview takes seconds). The
worker computes it (``tasks.matching_preview_compute`` → ``preview_compute``) and stores it
on ``MatchPreview`` with a fingerprint of its inputs; it is asked again when an input
changes (``preview_schedule``: the weights service, and the receivers on enrolments, open
pairs and the program's rules; ``previews_schedule_for_people``: the receivers on people,
their skills, interests and consented attributes, and the HRIS import's and the leavers'
hooks, since a Draft or Recruiting program nobody enrolled in previews the eligible people),
when a coordinator presses Refresh, and when the page finds the stored one older than
``CHECK_AFTER`` (then the worker recomputes only if the fingerprint changed: the safety net
for a write that asks nothing). Asked again, the preview shows "being computed" with its
last figures until the worker is done.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max, QuerySet, Sum
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.models import User
from remento.enrollment.models import Enrollment
from remento.matching.models import MatchPreview, PreviewState
from remento.matching.services.common import MANAGE_REFUSAL
from remento.people.access import coordinator_of
from remento.people.models import (
    Employee,
    Interest,
    SensitiveAttribute,
    Skill,
    SkillOffer,
    SkillWant,
)
from remento.programs.models import Program, Status
from remento.relationships.models import OPEN_PAIR, Pair

logger = logging.getLogger(__name__)

# A preview is only for programs before they are active.
PREVIEW_STATUSES = (Status.DRAFT, Status.RECRUITING, Status.MATCHING)
# The page asks the worker to check a stored preview this old against its inputs.
CHECK_AFTER = timedelta(minutes=5)


def _aggregate(queryset: QuerySet[Any], stamp: str, *extra: Any) -> list[Any]:
    row = queryset.aggregate(
        n=Count("pk"), last=Max(stamp), **{f"x{i}": value for i, value in enumerate(extra)}
    )
    return [str(value) for value in row.values()]


def _rows(queryset: QuerySet[Any], weight: str) -> list[Any]:
    """Rows only ever inserted, deleted or given a new ``weight`` in place (skill levels,
    no ``updated_at``): the count and the latest id see the inserts and deletes, a sum
    weighted by id the levels changed in place."""
    return _aggregate(queryset, "pk", Sum(F("pk") * F(weight)))


def preview_fingerprint(program: Program) -> str:
    """A hash of everything the preview reads: the program's rules and weights, its
    enrolments and open pairs, and the organisation's people, skills, interests and consented
    attributes, the eligible population the preview falls back to before anyone enrols.

    People and their skills come in as aggregates (counts, latest change, weighted sums), a
    few queries whatever the size of the organisation; the worker alone computes it, never
    a page. Every write the engine would see moves it: people's rows carry ``updated_at``
    (the import and the services set it), the skill and interest rows are only inserted,
    deleted or given another level, and the taxonomy is one row per skill or interest."""
    org = program.organization_id
    people = Employee.objects.filter(organization_id=org)
    inputs = {
        "program": [
            program.engine_settings(),
            program.status,
            str(program.updated_at),
            sorted(program.departments.values_list("pk", flat=True)),
        ],
        "enrollments": _aggregate(Enrollment.objects.filter(program=program), "updated_at"),
        "pairs": _aggregate(Pair.objects.filter(OPEN_PAIR, program=program), "updated_at"),
        "people": _aggregate(people.filter(is_active=True), "updated_at"),
        "offers": _rows(SkillOffer.objects.filter(employee__organization_id=org), "proficiency"),
        "wants": _rows(SkillWant.objects.filter(employee__organization_id=org), "priority"),
        "skills": sorted(
            Skill.objects.filter(organization_id=org).values_list("pk", "slug", "name", "category")
        ),
        "attributes": _aggregate(
            SensitiveAttribute.objects.filter(employee__organization_id=org), "updated_at"
        ),
        "interests": _rows(
            Employee.interests.through.objects.filter(employee__organization_id=org),
            "interest_id",
        ),
        "interest_names": sorted(
            Interest.objects.filter(organization_id=org).values_list("pk", "name")
        ),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


def _ask_worker(program_id: int, *, force: bool) -> None:
    from remento.matching.tasks import matching_preview_compute

    transaction.on_commit(
        lambda: matching_preview_compute.enqueue(program_id=program_id, force=force), robust=True
    )


def preview_is_stale(preview: MatchPreview) -> bool:
    """Being computed for longer than a run may take: the worker stopped."""
    from remento.matching.services.background import run_timeout

    return (
        preview.state == PreviewState.COMPUTING
        and preview.requested_at < timezone.now() - run_timeout()
    )


@transaction.atomic
def matching_preview_request(*, actor: User, program: Program, force: bool) -> MatchPreview:
    """Ask the worker for the program's preview: ``force`` recomputes it (the Refresh
    button); otherwise the worker recomputes only when the inputs changed (the page's own
    check of an old preview, or the first one). Nothing more is queued while one is being
    computed."""
    coordinator_of(actor, program.organization_id, refusal=MANAGE_REFUSAL)
    preview, created = MatchPreview.objects.select_for_update().get_or_create(program=program)
    if not created and preview.state == PreviewState.COMPUTING and not preview_is_stale(preview):
        return preview
    preview.state = PreviewState.COMPUTING
    preview.requested_at = timezone.now()
    preview.save(update_fields=["state", "requested_at"])
    if force:
        audit_log(
            actor=actor,
            organization=program.organization,
            verb="matching_preview.refresh",
            target=program,
        )
    _ask_worker(program.pk, force=force)
    return preview


def _ask_again(program_id: int) -> bool:
    """Mark the program's stored preview as being computed and ask the worker for it,
    unless it is being computed already (or nobody ever opened it). True when it asked."""
    updated = (
        MatchPreview.objects.filter(program_id=program_id)
        .exclude(state=PreviewState.COMPUTING)
        .update(state=PreviewState.COMPUTING, requested_at=timezone.now())
    )
    if updated:
        from remento.matching.tasks import matching_preview_compute

        matching_preview_compute.enqueue(program_id=program_id, force=False)
    return bool(updated)


def preview_schedule(program_id: int) -> None:
    """An input of the program's preview changed: have the worker recompute it, once the
    transaction commits. Only a preview someone has opened is kept up to date, and at
    most one computation is queued at a time."""
    # However many rows a transaction writes (a publish saves one pair per proposal), only
    # the first of its callbacks finds the preview not yet computing and asks the worker;
    # the others are one indexed UPDATE of no row each.
    transaction.on_commit(lambda: _ask_again(program_id), robust=True)


class _People:
    """What a transaction changed of people: the organisations, or the people when only
    their id is at hand (a skill row). ``done`` once its commit has acted on it."""

    def __init__(self) -> None:
        self.organizations: set[int] = set()
        self.employees: set[int] = set()
        self.done = False


class _PeopleChanged:
    """A commit hook of a transaction that changed people. Each change registers one, all of
    a transaction's sharing one ``_People``: the first to run has the opened previews of
    their organisations' programs before they are active asked for again, the others find
    it done. However many rows a transaction wrote, one request per program."""

    def __init__(self, people: _People) -> None:
        self.people = people

    def __call__(self) -> None:
        if self.people.done:
            return
        self.people.done = True
        organizations = set(self.people.organizations)
        employees = sorted(self.people.employees)
        for start in range(0, len(employees), 2000):
            organizations.update(
                Employee.objects.filter(pk__in=employees[start : start + 2000])
                .values_list("organization_id", flat=True)
                .distinct()
            )
        if not organizations:
            return
        programs = (
            MatchPreview.objects.filter(
                program__organization_id__in=organizations,
                program__status__in=PREVIEW_STATUSES,
            )
            .exclude(state=PreviewState.COMPUTING)
            .values_list("program_id", flat=True)
        )
        for program_id in list(programs):
            _ask_again(program_id)


def previews_schedule_for_people(
    *, organization_id: int | None = None, employee_id: int | None = None
) -> None:
    """People changed (joined, left, edited, their skills, interests or consented
    attributes): the eligible population a Draft or Recruiting program previews before
    anyone enrols, and the enrolled people's profiles, are inputs of the previews of the
    organisation's programs. After the commit, each opened one is asked for again (the
    worker recomputes it if its fingerprint moved). Cheap per call: no query before the
    commit, and a transaction that writes many people asks once per program."""
    waiting = transaction.get_connection().run_on_commit
    # Each entry is (savepoint ids, function, robust); this transaction's latest hook holds
    # what it changed so far (a rolled-back savepoint drops its own hook, not the others').
    latest = next((e[1] for e in reversed(waiting) if isinstance(e[1], _PeopleChanged)), None)
    people = latest.people if latest is not None and not latest.people.done else _People()
    if organization_id is not None:
        people.organizations.add(organization_id)
    if employee_id is not None:
        people.employees.add(employee_id)
    transaction.on_commit(_PeopleChanged(people), robust=True)


def preview_data(preview: Any) -> dict[str, Any]:
    """The selector's ``Preview`` as stored JSON (employees by id)."""
    return {
        "population": preview.population,
        "mentors": preview.mentors,
        "mentees": preview.mentees,
        "summary": asdict(preview.summary),
        "histogram": [asdict(b) for b in preview.histogram],
        "top_pairs": [asdict(result) for _, _, result in preview.top_pairs],
        "unmatched_reasons": [list(item) for item in preview.unmatched_reasons],
        "best_possible": preview.best_possible,
        "limit": preview.limit,
        "beyond_limit": preview.beyond_limit,
        "diversity_counts": preview.diversity_counts,
    }


def preview_compute(*, program_id: int, force: bool = False) -> MatchPreview | None:
    """The worker's part: compute and store the program's preview.

    Unless ``force``, a stored preview whose inputs have not changed is only marked checked.
    When the inputs change while it computes, it computes again (at most twice), so the
    stored one is never older than the last change it was told about.
    """
    from remento.matching.selectors.runs import matching_preview

    program = Program.objects.filter(pk=program_id).select_related("organization").first()
    preview = MatchPreview.objects.filter(program_id=program_id).first()
    if program is None or preview is None:
        return None
    for _ in range(2):
        fingerprint = preview_fingerprint(program)
        now = timezone.now()
        if program.status not in PREVIEW_STATUSES:
            data: dict[str, Any] = {}
        elif not force and preview.data and preview.fingerprint == fingerprint:
            _store(preview, state=PreviewState.READY, checked_at=now)
            return preview
        else:
            try:
                data = preview_data(matching_preview(program=program))
            except Exception as error:
                logger.exception("Matching preview of program %s failed", program_id)
                _store(preview, state=PreviewState.FAILED, failure=_failure_words(error))
                return preview
        _store(
            preview,
            state=PreviewState.READY,
            data=data,
            fingerprint=fingerprint,
            computed_at=now,
            checked_at=now,
            failure="",
        )
        program.refresh_from_db()
        if preview_fingerprint(program) == fingerprint:
            break
        force = True
    return preview


def _store(preview: MatchPreview, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(preview, name, value)
    MatchPreview.objects.filter(pk=preview.pk).update(**fields)


def _failure_words(error: Exception) -> str:
    from remento.core.errors import ServiceError

    if isinstance(error, ServiceError):
        return str(error)
    return (
        f"The matching engine stopped on an unexpected error ({type(error).__name__}: {error}). "
        "Press Refresh to try again; if it fails again, tell your administrator."
    )

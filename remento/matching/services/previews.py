"""The matching preview, computed by the task worker and stored for the page to read.

The preview page never runs the engine (at 20,000 people one preview takes seconds). The
worker computes it (``tasks.matching_preview_compute`` → ``preview_compute``) and stores it
on ``MatchPreview`` with a fingerprint of its inputs; it is asked again when an input
changes (``preview_schedule``: the weights service, and the receivers on enrolments, open
pairs and the program's rules), when a coordinator presses Refresh, and when the page finds
the stored one older than ``CHECK_AFTER`` (then the worker recomputes only if the
fingerprint changed, which covers HRIS imports and profile edits).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.models import User
from remento.enrollment.models import Enrollment
from remento.matching.models import MatchPreview, PreviewState
from remento.matching.services.common import MANAGE_REFUSAL
from remento.people.access import coordinator_of
from remento.people.models import Employee, SensitiveAttribute, Skill, SkillOffer, SkillWant
from remento.programs.models import Program, Status
from remento.relationships.models import OPEN_PAIR, Pair

logger = logging.getLogger(__name__)

# A preview is only for programs before they are active.
PREVIEW_STATUSES = (Status.DRAFT, Status.RECRUITING, Status.MATCHING)
# The page asks the worker to check a stored preview this old against its inputs.
CHECK_AFTER = timedelta(minutes=5)


def _aggregate(queryset: QuerySet[Any], stamp: str) -> list[Any]:
    row = queryset.aggregate(n=Count("pk"), last=Max(stamp))
    return [row["n"], str(row["last"])]


def preview_fingerprint(program: Program) -> str:
    """A hash of everything the preview reads: the program's rules and weights, its
    enrolments and open pairs, and the organisation's people, skills and consented
    attributes (counts and latest changes, a few aggregate queries)."""
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
        "offers": _aggregate(SkillOffer.objects.filter(employee__organization_id=org), "pk"),
        "wants": _aggregate(SkillWant.objects.filter(employee__organization_id=org), "pk"),
        "skills": _aggregate(Skill.objects.filter(organization_id=org), "pk"),
        "attributes": _aggregate(
            SensitiveAttribute.objects.filter(employee__organization_id=org), "updated_at"
        ),
        "interests": people.filter(interests__isnull=False).count(),
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


def preview_schedule(program_id: int) -> None:
    """An input of the program's preview changed: have the worker recompute it, once the
    transaction commits. Only a preview someone has opened is kept up to date, and at
    most one computation is queued at a time."""

    def mark() -> None:
        updated = (
            MatchPreview.objects.filter(program_id=program_id)
            .exclude(state=PreviewState.COMPUTING)
            .update(state=PreviewState.COMPUTING, requested_at=timezone.now())
        )
        if updated:
            from remento.matching.tasks import matching_preview_compute

            matching_preview_compute.enqueue(program_id=program_id, force=False)

    # However many rows a transaction writes (a publish saves one pair per proposal), only
    # the first of its callbacks finds the preview not yet computing and asks the worker;
    # the others are one indexed UPDATE of no row each.
    transaction.on_commit(mark, robust=True)


def preview_data(preview: Any) -> dict[str, Any]:
    """The selector's ``Preview`` as stored JSON (employees by id, the aggregate already
    through the small-group rule)."""
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
        "backgrounds": asdict(preview.backgrounds) if preview.backgrounds else None,
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

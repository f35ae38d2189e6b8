"""A run's people encoded once for its swap search, by the task worker.

When a run ends, the worker encodes its mentors and mentees (``swap_index_compute``, called
by ``background.match_run_perform``) and stores the bytes on ``SwapIndex``; a row's swap
search then scores the row against the whole run from them (``selectors.swaps``). A run
without one (made before, or while the worker has not got to it) or whose program's
settings or skills changed since (another fingerprint) is searched the live way, and the
search asks the worker for a new one (``swap_index_request``), at most once per
``ASK_AGAIN_AFTER``. Swaps, removals and locks change the pairs, not the people: the
search reads the pairs live, so nothing here goes stale with them.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from remento.core.jobs.queue_once import Claim, queue_once
from remento.matching import adapters
from remento.matching.models import MatchRun, MatchRunStatus, SwapIndex

logger = logging.getLogger(__name__)

# A search that finds no usable index asks the worker again only after this long.
ASK_AGAIN_AFTER = timedelta(minutes=10)


def swap_index_compute(*, run_id: int) -> SwapIndex | None:
    """The worker's part: encode the people of a run under review and store them (the
    program's older runs' are deleted); None (nothing written) when the run is gone or no
    longer under review."""
    run = MatchRun.objects.select_related("program").filter(pk=run_id).first()
    if run is None or run.status != MatchRunStatus.REVIEW:
        return None
    scoring = adapters.swap_scoring(run.program)
    proposals = run.proposals.all()
    data = adapters.swap_cohort_bytes(
        run.program,
        scoring,
        mentors=Q(pk__in=proposals.values("mentor_id")),
        mentees=Q(pk__in=proposals.values("mentee_id")),
    )
    # Only the run under review is searched: the program's older runs let theirs go.
    SwapIndex.objects.filter(run__program_id=run.program_id).exclude(run=run).delete()
    index, _ = SwapIndex.objects.update_or_create(
        run=run,
        defaults={
            "fingerprint": scoring.fingerprint,
            "data": data,
            "computed_at": timezone.now(),
        },
    )
    return index


def swap_index_after_run(run: MatchRun) -> None:
    """Encode a run that just ended for its swap search; a failure here is logged and
    leaves the run as it is (its swap search is then done the live way)."""
    try:
        with transaction.atomic():  # a savepoint: a failure leaves the caller's work intact
            swap_index_compute(run_id=run.pk)
    except Exception:
        logger.exception("Encoding run %s for its swap search failed", run.pk)


def swap_index_request(*, run: MatchRun) -> bool:
    """A swap search found no index it could use: ask the worker for one, once the
    transaction commits, unless it was asked less than ``ASK_AGAIN_AFTER`` ago. Returns
    whether it asked."""
    from remento.matching.tasks import swap_index_build

    claim = Claim(
        model=SwapIndex, key={"run": run}, asked="requested_at", lost_after=ASK_AGAIN_AFTER
    )
    return queue_once(swap_index_build, claim=claim, run_id=run.pk)

"""Matching in the background, as pages: a run's progress (polled by htmx), its Cancel
button, and the stored preview's Refresh.

Thin, like ``views``: fetch-and-check through ``managed_program_view``, call one service or
selector, render. The progress partial polls itself every second while the run goes; when
the run ends (under review, failed or cancelled) the poll reloads the page (``HX-Refresh``),
which then shows the proposals or why the run stopped, and offers Run matching again.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from remento.core.errors import ServiceError
from remento.core.pages import acting_user, action_done
from remento.core.words import count_of
from remento.matching import selectors
from remento.matching.models import MatchRun
from remento.matching.selectors.progress import run_activity
from remento.matching.services import background, previews
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program


def finished_words(run: MatchRun) -> str:
    """What a run that finished proposes, as the message after it: “Matching ran: …”."""
    return (
        f"Matching ran: {count_of(run.proposals.filter(removed=False).count(), 'pair')} "
        f"proposed, {count_of(run.unmatched.count(), 'person', 'people')} unmatched."
    )


def queued_words(run: MatchRun) -> str:
    """The message after “Run matching”: what it proposed when the worker already finished
    it (a quick run, or a worker that runs tasks at once), else that it is under way."""
    run.refresh_from_db()
    if run_activity(run).state == "finished":
        return finished_words(run)
    return (
        "Matching is running in the background: this page shows its progress and the "
        "proposed pairs when it finishes. You can leave the page meanwhile."
    )


@managed_program_view
@require_GET
def run_progress(
    request: HttpRequest, viewer: Employee, program: Program, run_pk: int
) -> HttpResponse:
    """Where a run stands: the progress panel alone for htmx, else the review page."""
    activity = selectors.match_run_progress(program=program, run_pk=run_pk)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("matching:run_review", program_pk=program.pk)
    if not activity.running:
        # The run ended: the whole page changes (its proposals, its Run matching button
        # back), so reload it rather than swap the panel alone.
        if activity.state == "finished":
            messages.success(request, finished_words(activity.run))
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return render(
        request, "matching/_run_progress.html", {"program": program, "activity": activity}
    )


@managed_program_view
@require_POST
def run_cancel(
    request: HttpRequest, viewer: Employee, program: Program, run_pk: int
) -> HttpResponse:
    run = selectors.match_run_get(program=program, run_pk=run_pk)
    action_done(
        request,
        lambda: background.match_run_cancel(actor=acting_user(request), run=run),
        "Matching cancelled; nothing was changed. The proposals under review before it, if "
        "any, are as they were.",
    )
    return redirect("matching:run_review", program_pk=program.pk)


@managed_program_view
@require_POST
def preview_refresh(request: HttpRequest, viewer: Employee, program: Program) -> HttpResponse:
    """Ask the worker for the preview: the Refresh button recomputes it; the page's own
    check (``check=1``, sent by htmx when the stored one is old or missing) recomputes only
    when the pool, the rules or the weights changed."""
    check = request.POST.get("check") == "1"
    try:
        previews.matching_preview_request(
            actor=acting_user(request), program=program, force=not check
        )
    except ServiceError as error:
        messages.error(request, str(error))
    # No "being computed" message: the page's status part says so, and it is the part the
    # page's polling replaces once the preview is ready; a message above it would stay.
    if request.htmx:  # type: ignore[attr-defined]
        # The page swaps its preview part from this answer (hx-select): no message there.
        list(messages.get_messages(request))
        stored = selectors.stored_matching_preview(program=program)
        return render(
            request,
            "matching/preview_detail.html",
            {
                "program": program,
                "stored": stored,
                "preview": stored.preview if stored else None,
                "before_active": True,
            },
        )
    return redirect("matching:preview", program_pk=program.pk)

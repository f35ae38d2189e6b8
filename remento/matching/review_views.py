"""The run review's rows and a row's swap search.

The review page (``views.run_review``) lists a run a page at a time, filtered by the query
string; the filter form works without JavaScript and, with htmx, redraws the list alone.
A row's swap control loads its search when it is opened (htmx GET), or as a page of its
own without JavaScript; choosing a mentor posts to the one swap there is
(``views.proposal_swap`` and ``bulk.proposal_swap``, which checks locks and the rules).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse

from remento.core.errors import ServiceError
from remento.matching import selectors
from remento.matching.forms import ReviewFilterForm, SwapSearchForm
from remento.matching.models import MatchRun, ProposedPair
from remento.matching.services import bulk, swap_index
from remento.people.models import Employee
from remento.programs.access import managed_program_view
from remento.programs.models import Program

REVIEW_PARAMS = ("show", "sort", "department", "warning", "q", "page")
LIST_TARGET = "review-list"


def review_url(program: Program, query: str) -> str:
    """The review page's address with only its own parameters kept from ``query`` (the
    filters and page a form was posted from), so a button brings the person back there."""
    given = QueryDict(query)
    kept = {key: given[key] for key in REVIEW_PARAMS if given.get(key)}
    url = reverse("matching:run_review", args=[program.pk])
    return f"{url}?{urlencode(kept)}" if kept else url


def listing_context(request: HttpRequest, run: MatchRun) -> dict[str, Any]:
    """The filter form and one page of the run's rows, as the query string asks."""
    form = ReviewFilterForm(request.GET or None, departments=selectors.review_departments(run=run))
    filters = form.filters()
    kept = {key: request.GET[key] for key in REVIEW_PARAMS if request.GET.get(key)}
    return {
        "filter_form": form,
        "filters": filters,
        "page": selectors.review_page(
            run=run, filters=filters, page_number=request.GET.get("page")
        ),
        "back": urlencode(kept),
    }


def wants_listing(request: HttpRequest) -> bool:
    """An htmx request for the list alone (the filter form, or a link between pages)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx and htmx.target == LIST_TARGET and not htmx.history_restore_request)


def listing(request: HttpRequest, program: Program) -> HttpResponse:
    """The list of the run under review alone, for htmx to put in place."""
    run = selectors.match_run_current(program=program)
    if run is None:
        return render(request, "matching/_review_empty.html", {"program": program})
    context = {"program": program, "run": run, **listing_context(request, run)}
    context["is_hybrid"] = program.matching_mode == "hybrid"
    context["run_going"] = selectors.match_run_going(program=program)
    return render(request, "matching/_review_list.html", context)


def _not_swappable(proposal: ProposedPair) -> str:
    """Why this row cannot swap now ("" when it can), in the words the swap would use: the
    run's own check (``bulk.require_review``), then the row's."""
    try:
        bulk.require_review(proposal.run)
    except ServiceError as error:
        return str(error)
    if proposal.removed:
        return f"{proposal.mentor} → {proposal.mentee} was removed; it cannot be swapped."
    if proposal.locked:
        return f"{proposal.mentor} → {proposal.mentee} is locked; unlock it to swap its mentor."
    return ""


@managed_program_view
def proposal_swap_search(
    request: HttpRequest, viewer: Employee, program: Program, proposal_pk: int
) -> HttpResponse:
    """The mentors a row could swap with, best change of the total first, searchable by
    name; changes no pair (a run searched the live way asks the worker to encode its
    people, ``swap_index_request``). htmx gets the search (or its results) alone, a
    browser without JavaScript a page of its own."""
    proposal = selectors.proposal_get(program=program, proposal_pk=proposal_pk)
    form = SwapSearchForm(request.GET or None)
    problem = _not_swappable(proposal)
    search = None if problem else selectors.swap_candidates(proposal=proposal, text=form.text())
    if search is not None and search.ranked_at is None:
        swap_index.swap_index_request(run=proposal.run)  # searched the live way: ask for one
    context = {
        "program": program,
        "run": proposal.run,
        "proposal": proposal,
        "form": form,
        "problem": problem,
        "search": search,
        "back": request.GET.get("back", ""),
        "review_url": review_url(program, request.GET.get("back", "")),
    }
    htmx = getattr(request, "htmx", None)
    if not htmx:
        template = "matching/swap_search.html"
    elif htmx.target == f"swap-results-{proposal.pk}":
        template = "matching/_swap_results.html"
    else:
        template = "matching/_swap_search.html"
    return render(request, template, context)

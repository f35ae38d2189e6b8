"""The pair's notes page: shared notes and action items for the two people, and each
person's private notes, shown to their author only. Anyone else who may see the pair (its
coordinators, admins) learns only that the notes are the pair's own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from remento.core.errors import FieldErrors, ServiceError
from remento.core.forms import show_field_errors
from remento.core.pages import acting_user
from remento.people.access import employee_for, employee_required
from remento.people.models import Employee
from remento.relationships.access import is_member, pair_get_for
from remento.relationships.models import Pair, PairStatus
from remento.relationships.notes import selectors
from remento.relationships.notes.forms import (
    ActionItemForm,
    NoteForm,
    PrivateNoteForm,
    SharedNoteForm,
)
from remento.relationships.notes.services import (
    action_item_create,
    action_item_toggle,
    private_note_delete,
    private_note_save,
    shared_note_save,
)


def _page(
    request: HttpRequest, viewer: Employee, pair: Pair, *, status: int = 200, **forms: Any
) -> HttpResponse:
    member = is_member(pair=pair, employee=viewer)
    context: dict[str, Any] = {
        "pair": pair,
        "viewer": viewer,
        "today": timezone.localdate(),
        "is_member": member,
        "closed": pair.status == PairStatus.CLOSED,
    }
    if member:
        writable = pair.status != PairStatus.CLOSED
        shared = selectors.shared_notes(viewer=viewer, pair=pair)
        private = selectors.private_notes(viewer=viewer, pair=pair)
        context.update(
            writable=writable,
            shared=[
                (note, NoteForm(prefix=f"shared-{note.pk}", initial={"body": note.body}))
                for note in shared
            ],
            items=selectors.action_items(viewer=viewer, pair=pair),
            private=[
                (note, NoteForm(prefix=f"private-{note.pk}", initial={"body": note.body}))
                for note in private
            ],
            shared_form=forms.get("shared_form")
            or SharedNoteForm(
                prefix="shared",
                meetings=selectors.meeting_choices(viewer=viewer, pair=pair),
                initial={"meeting": request.GET.get("meeting")},
            ),
            private_form=forms.get("private_form") or PrivateNoteForm(prefix="private"),
            item_form=forms.get("item_form") or ActionItemForm(pair=pair, viewer=viewer),
            partner=pair.partner_of(viewer.pk),
        )
    return render(request, "relationships/notes/note_list.html", context, status=status)


def _member_pair(request: HttpRequest, pair_pk: int) -> tuple[Employee, Pair]:
    viewer = employee_for(request)
    pair = pair_get_for(viewer=viewer, pair_pk=pair_pk)
    if not is_member(pair=pair, employee=viewer):
        raise Http404("No such page.")
    return viewer, pair


def _back(pair: Pair, anchor: str) -> HttpResponse:
    return redirect(reverse("relationships:notes", kwargs={"pair_pk": pair.pk}) + f"#{anchor}")


@employee_required
def notes_page(request: HttpRequest, pair_pk: int) -> HttpResponse:
    viewer = employee_for(request)
    return _page(request, viewer, pair_get_for(viewer=viewer, pair_pk=pair_pk))


def _save_note(
    request: HttpRequest, pair_pk: int, *, private: bool, note_pk: int | None
) -> HttpResponse:
    viewer, pair = _member_pair(request, pair_pk)
    kind = "private" if private else "shared"
    note: Any = None
    if note_pk is not None:
        getter = selectors.private_note_of if private else selectors.shared_note_of
        note = getter(viewer=viewer, pair=pair, note_pk=note_pk)
    form: NoteForm
    if note_pk is None and not private:
        choices = selectors.meeting_choices(viewer=viewer, pair=pair)
        form = SharedNoteForm(request.POST, prefix=kind, meetings=choices)
    else:
        form_class = PrivateNoteForm if private and note_pk is None else NoteForm
        form = form_class(request.POST, prefix=f"{kind}-{note_pk}" if note_pk else kind)
    if form.is_valid():
        try:
            if private:
                saved: Any = private_note_save(
                    actor=acting_user(request),
                    pair=pair,
                    body=form.cleaned_data["body"],
                    note=note,
                )
            else:
                saved = shared_note_save(
                    actor=acting_user(request),
                    pair=pair,
                    body=form.cleaned_data["body"],
                    note=note,
                    meeting=selectors.meeting_of(
                        pair=pair, meeting_pk=form.cleaned_data.get("meeting")
                    ),
                )
        except FieldErrors as error:
            show_field_errors(form, error)
        except ServiceError as error:
            messages.error(request, str(error))
            return _back(pair, kind)
        else:
            messages.success(
                request,
                "Private note saved; only you can see it." if private else "Shared note saved.",
            )
            return _back(pair, f"{kind}-{saved.pk}")
    if note_pk is not None:
        messages.error(
            request,
            "The note was not saved: "
            + " ".join(str(e) for errs in form.errors.values() for e in errs),
        )
        return _back(pair, f"{kind}-{note_pk}")
    return _page(request, viewer, pair, status=400, **{f"{kind}_form": form})


@require_POST
@employee_required
def shared_note_create(request: HttpRequest, pair_pk: int) -> HttpResponse:
    return _save_note(request, pair_pk, private=False, note_pk=None)


@require_POST
@employee_required
def shared_note_edit(request: HttpRequest, pair_pk: int, note_pk: int) -> HttpResponse:
    return _save_note(request, pair_pk, private=False, note_pk=note_pk)


@require_POST
@employee_required
def private_note_create(request: HttpRequest, pair_pk: int) -> HttpResponse:
    return _save_note(request, pair_pk, private=True, note_pk=None)


@require_POST
@employee_required
def private_note_edit(request: HttpRequest, pair_pk: int, note_pk: int) -> HttpResponse:
    return _save_note(request, pair_pk, private=True, note_pk=note_pk)


@require_POST
@employee_required
def private_note_delete_view(request: HttpRequest, pair_pk: int, note_pk: int) -> HttpResponse:
    viewer, pair = _member_pair(request, pair_pk)
    note = selectors.private_note_of(viewer=viewer, pair=pair, note_pk=note_pk)
    private_note_delete(actor=acting_user(request), note=note)
    messages.success(request, "Private note deleted.")
    return _back(pair, "private")


@require_POST
@employee_required
def action_item_create_view(request: HttpRequest, pair_pk: int) -> HttpResponse:
    viewer, pair = _member_pair(request, pair_pk)
    form = ActionItemForm(request.POST, pair=pair, viewer=viewer)
    if form.is_valid():
        try:
            action_item_create(
                actor=acting_user(request),
                pair=pair,
                title=form.cleaned_data["title"],
                owner=form.owner_person(),
                due_date=form.cleaned_data["due_date"],
            )
        except FieldErrors as error:
            show_field_errors(form, error)
        except ServiceError as error:
            messages.error(request, str(error))
            return _back(pair, "actions")
        else:
            messages.success(request, "Action item added.")
            return _back(pair, "actions")
    return _page(request, viewer, pair, status=400, item_form=form)


@require_POST
@employee_required
def action_item_toggle_view(request: HttpRequest, pair_pk: int, item_pk: int) -> HttpResponse:
    """Tick or untick an action item; with htmx, answer its row alone."""
    viewer, pair = _member_pair(request, pair_pk)
    item = selectors.action_item_of(viewer=viewer, pair=pair, item_pk=item_pk)
    try:
        item = action_item_toggle(
            actor=acting_user(request),
            item=item,
            done=request.POST.get("done") == "1",
        )
    except ServiceError as error:
        messages.error(request, str(error))
        return _back(pair, "actions")
    if getattr(request, "htmx", False):
        return render(
            request,
            "relationships/notes/_action_item.html",
            {
                "pair": pair,
                "item": item,
                "writable": True,
                "viewer": viewer,
                "today": timezone.localdate(),
            },
        )
    return _back(pair, "actions")

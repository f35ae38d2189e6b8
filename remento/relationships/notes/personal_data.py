"""A person's goals, action items and notes in their personal data export, and their
private notes removed when they are erased (receivers of ``remento.people.lifecycle``,
connected in the app's ``ready``).

No export holds note texts, not even the person's own: a private note is its author's only
and shared notes are the pair's only (PRODUCT.md). It counts them, and says where their
author reads them. A goal's title and details, and an action item's title, are the pair's
too: an admin's copy leaves them out (``relationships.personal_data.keep_confidential``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from remento.people.lifecycle import ExportSection
from remento.people.models import Employee
from remento.relationships.goals.models import Goal
from remento.relationships.notes.models import ActionItem, PrivateNote, SharedNote
from remento.relationships.personal_data import keep_confidential

NOTES_WHERE = (
    "Note texts are never exported: the person reads their private notes, and the shared "
    "notes of their pairs, on each pair's Notes page."
)


def _goal_row(goal: Any, *, employee: Employee, own: bool) -> dict[str, Any]:
    """One goal (annotated with its milestones' ``total`` and ``done``) as exported: its
    title and details only in the person's ``own`` copy."""
    return keep_confidential(
        "goals",
        {
            "program": goal.pair.program.name,
            "goal": goal.title,
            "details": goal.detail,
            "target_date": goal.target_date.isoformat() if goal.target_date else None,
            "progress_percent": round(100 * goal.done / goal.total)
            if goal.total
            else goal.progress,
            "milestones_done": f"{goal.done} of {goal.total}",
        },
        pair=goal.pair,
        employee=employee,
        own=own,
    )


def _action_row(item: ActionItem, *, employee: Employee, own: bool) -> dict[str, Any]:
    """One action item as exported: its title only in the person's ``own`` copy (staff
    never read a pair's action items, not even through break-glass)."""
    return keep_confidential(
        "action_items",
        {
            "program": item.pair.program.name,
            "action": item.title,
            "due_date": item.due_date.isoformat() if item.due_date else None,
            "done_at": item.done_at.isoformat() if item.done_at else None,
        },
        pair=item.pair,
        employee=employee,
        own=own,
    )


def export_workspace(
    sender: Any, *, employee: Employee, own: bool = False, **kwargs: Any
) -> list[ExportSection]:
    """Their goals (with milestone counts; the titles and details only in their ``own``
    export), their action items (the titles only in their ``own`` export), and how many
    notes they wrote. Four queries."""
    goals = (
        Goal.objects.filter(owner=employee)
        .select_related("pair__program")
        .annotate(
            total=Count("milestones"),
            done=Count("milestones", filter=Q(milestones__done_at__isnull=False)),
        )
        .order_by("created_at", "id")
    )
    items = ActionItem.objects.filter(owner=employee).select_related("pair__program")
    return [
        ExportSection(
            "goals",
            "Mentoring goals",
            [_goal_row(goal, employee=employee, own=own) for goal in goals],
            order=32,
        ),
        ExportSection(
            "action_items",
            "Action items",
            [_action_row(item, employee=employee, own=own) for item in items],
            order=33,
        ),
        ExportSection(
            "notes",
            "Notes",
            [
                {
                    "shared_notes_written": SharedNote.objects.filter(author=employee).count(),
                    "private_notes": PrivateNote.objects.filter(author=employee).count(),
                    "where_to_read_them": NOTES_WHERE,
                }
            ],
            order=34,
        ),
    ]


def erase_private_notes(sender: Any, *, employee: Employee, **kwargs: Any) -> None:
    """An erased person's private notes go: nobody else could ever read them. Their shared
    notes stay for the partner, signed "Former participant" by the anonymised person."""
    PrivateNote.objects.filter(author=employee).delete()

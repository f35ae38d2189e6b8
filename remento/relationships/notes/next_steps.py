"""A person's action items on the home page: the ones they own that are overdue or due
within a week, one step per pair. Registered on ``remento.core.next_steps`` from the app's
``ready``."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from remento.core.next_steps import URGENCY_AGREEMENT, HomePart, NextStep
from remento.core.words import count_of
from remento.people.models import Employee
from remento.relationships.models import PairStatus
from remento.relationships.notes.models import ActionItem

# After the meeting steps and before the agreement: something promised to the partner.
URGENCY_ACTION_ITEM = URGENCY_AGREEMENT - 2
SOON = timedelta(days=7)


def action_items_home(employee: Employee) -> HomePart:
    """One step per open pair where the person owns action items due within a week or
    overdue. One query."""
    today = timezone.localdate()
    items = (
        ActionItem.objects.filter(
            owner=employee,
            done_at__isnull=True,
            due_date__lte=today + SOON,
            pair__status=PairStatus.ACTIVE,
            pair__program__organization=employee.organization_id,
        )
        .select_related("pair__mentor", "pair__mentee")
        .order_by("due_date", "id")
    )
    by_pair: dict[int, list[ActionItem]] = {}
    for item in items:
        by_pair.setdefault(item.pair_id, []).append(item)
    part = HomePart()
    for pair_items in by_pair.values():
        pair = pair_items[0].pair
        partner = pair.partner_of(employee.pk)
        overdue = sum(1 for item in pair_items if item.due_date and item.due_date < today)
        due = pair_items[0].due_date
        part.steps.append(
            NextStep(
                urgency=URGENCY_ACTION_ITEM,
                title=f"{count_of(len(pair_items), 'action item')} to do this week for your "
                f"pair with {partner.display_name}",
                detail=(f"{overdue} overdue. " if overdue else "")
                + f"First: “{pair_items[0].title}”"
                + (f", due {due.day} {due:%b}." if due else "."),
                action="See them",
                url=reverse("relationships:notes", kwargs={"pair_pk": pair.pk}) + "#actions",
            )
        )
    return part

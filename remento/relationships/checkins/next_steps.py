"""A person's open check-ins on their home page (registered on ``remento.core.next_steps``
from the app's ``ready``)."""

from __future__ import annotations

from remento.core.next_steps import URGENCY_AGREEMENT, HomePart, NextStep
from remento.people.models import Employee
from remento.relationships.checkins.emails import answer_path
from remento.relationships.checkins.selectors import open_checkins_of

# After a pair's agreement, before training: a short survey with a deadline.
URGENCY_CHECKIN = URGENCY_AGREEMENT + 5


def checkins_home(employee: Employee) -> HomePart:
    """One step per check-in waiting for the person's answer. One query."""
    part = HomePart()
    for checkin in open_checkins_of(employee):
        pair = checkin.pair
        partner = pair.partner_of(checkin.employee_id)
        part.steps.append(
            NextStep(
                urgency=URGENCY_CHECKIN,
                title=f"Check in on your pair with {partner.display_name}",
                detail=f"{checkin.title} of {pair.program.name}: a rating and a few questions, "
                "two minutes. Only your coordinator reads your answers.",
                action="Check in",
                url=answer_path(checkin),
                due=checkin.closes_at,
            )
        )
    return part

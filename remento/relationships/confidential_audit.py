"""What the audit trail keeps from a pair's people (a rule for ``remento.people.confidential``,
registered in ``apps.py``).

An organisation admin reads the whole trail, and an admin may be in a pair. The events that
would tell them what their partner keeps from them — that a safe way out was asked about
their pair (and how it was answered), that the partner answered a check-in, or wrote a
private note — are left out for them, unless they did it themselves.
"""

from __future__ import annotations

from django.db.models import Q

from remento.people.models import Employee
from remento.relationships.models import Pair

CONFIDENTIAL_VERBS = Q(verb__startswith="safety_request.") | Q(verb__startswith="checkin.answered")
CONFIDENTIAL_VERBS |= Q(verb__startswith="note.private_")


def hidden_from_partner(viewer: Employee) -> Q:
    """Confidential events about the viewer's own pairs that someone else did. One query."""
    pair_ids = list(
        Pair.objects.filter(Q(mentor=viewer) | Q(mentee=viewer)).values_list("pk", flat=True)
    )
    if not pair_ids:
        return Q(pk__in=[])
    others = ~Q(actor_id=viewer.user_id) if viewer.user_id else Q()
    return CONFIDENTIAL_VERBS & Q(data__pair__in=pair_ids) & others

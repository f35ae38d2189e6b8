"""No two backgrounds figures a coordinator sees can be compared to learn about a few
people (PRODUCT.md: no count may reveal someone's sensitive attribute "by comparing two
pages").

How many pairs bring together different backgrounds is counted when a run or a preview is
computed. Shown for one pool and then for the same pool less one person (a coordinator
withdraws them and runs again), the two figures would tell whether that person's pair
bridged, and so that they and their partner shared an attribute and differ on it. A figure
is therefore shown only where its people differ from those of every figure shown before
in the organisation (another program over nearly the same people compares just as well) by
none (the same people, the same shared attributes) or by at least
``REMENTO_MIN_GROUP_SIZE``, the small-group rule's minimum: a person differs when they are
in one pool only, or in both having changed what they share for matching. Otherwise the
figure is withheld, saying why, until enough people have changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from remento.core.models import Organization
from remento.matching.adapters import PoolPeople
from remento.matching.models import DisclosedPool
from remento.programs.models import Program


@transaction.atomic
def backgrounds_withheld(*, program: Program, people: PoolPeople) -> bool:
    """Whether a backgrounds figure of ``program`` over ``people`` must be withheld (they
    differ from the people of a figure shown before in its organisation by 1 to the minimum
    less one); when it may be shown, its pool is recorded as shown at once, under the
    organisation's row lock (the first in the lock order, ``remento.programs.locks``), so
    that two figures computed at the same time are compared too."""
    Organization.objects.select_for_update().filter(pk=program.organization_id).exists()
    minimum = settings.REMENTO_MIN_GROUP_SIZE
    same = False
    shown = DisclosedPool.objects.filter(organization_id=program.organization_id)
    for raw in shown.values_list("people", flat=True):
        differing = people.differing(PoolPeople.from_bytes(bytes(raw)))
        if 0 < differing < minimum:
            return True
        same = same or differing == 0
    if not same:
        DisclosedPool.objects.create(
            organization_id=program.organization_id, program=program, people=people.to_bytes()
        )
    return False

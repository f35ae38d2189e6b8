"""Who may read whose partner profile, and what it shows.

People sits below the apps that know about pairs and requests, so they tell it who is
whose partner: each registers a rule from its ``AppConfig.ready`` (the hook pattern of
ARCHITECTURE.md). A rule returns a condition on ``Employee`` rows ("this person is the
viewer's mentor", "the viewer may ask this mentor"); the page is open when any rule holds.

A partner profile shows what a partner needs — name, title, department, location, time
zone, what they teach and want to learn, and their bio — never sensitive attributes, and
none of the HRIS-only fields (level, birth year, hire date, manager).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from remento.core.timezones import local_time
from remento.people.models import Employee, SkillOffer, SkillWant

PartnerRule = Callable[[Employee], Q]

_rules: dict[str, PartnerRule] = {}

# The only fields of the person read for a partner: nothing else reaches the page.
PARTNER_FIELDS = (
    "organization_id",
    "first_name",
    "last_name",
    "preferred_name",
    "title",
    "department__name",
    "location",
    "timezone",
    "bio",
)


def register_partner_rule(name: str, rule: PartnerRule) -> None:
    """Add (or replace, by ``name``) a rule saying whom a viewer may see as a partner."""
    _rules[name] = rule


@dataclass(frozen=True)
class PartnerProfile:
    employee: Employee
    teaches: list[SkillOffer]
    wants: list[SkillWant]
    local_time: datetime | None


def _partner_condition(viewer: Employee) -> Q:
    condition = Q(pk__in=[])
    for name in sorted(_rules):
        condition |= _rules[name](viewer)
    return condition


def partner_profile(*, viewer: Employee, employee_pk: Any) -> PartnerProfile:
    """Someone else's profile as their partner (or a mentee choosing them, or a mentor a
    mentee asked) may read it; 404 for anyone else and across organisations. Three
    queries."""
    queryset = (
        Employee.objects.filter(organization_id=viewer.organization_id, is_active=True)
        .exclude(pk=viewer.pk)
        .filter(_partner_condition(viewer))
        .select_related("department")
        .only(*PARTNER_FIELDS)
        .prefetch_related(
            Prefetch("skill_offers", queryset=SkillOffer.objects.select_related("skill")),
            Prefetch("skill_wants", queryset=SkillWant.objects.select_related("skill")),
        )
    )
    employee = get_object_or_404(queryset, pk=employee_pk)
    local = local_time(employee.timezone, timezone.now())
    return PartnerProfile(
        employee=employee,
        teaches=list(employee.skill_offers.all()),
        wants=list(employee.skill_wants.all()),
        local_time=local,
    )

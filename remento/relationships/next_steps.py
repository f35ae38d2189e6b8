"""The pairs part of a person's home: an agreement to write or sign, and one card per open
pair with the partner's name, initials, email, time zone, local time and the pair's next
step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from remento.core.next_steps import URGENCY_AGREEMENT, HomePart, HomeSection, NextStep
from remento.core.timezones import local_time
from remento.core.words import cadence_in_words
from remento.enrollment.models import Enrollment
from remento.people.models import Employee
from remento.programs.models import Status
from remento.relationships.models import OPEN_PAIR, Pair, PairStatus
from remento.relationships.selectors import LaunchState, _launch_state
from remento.training.models import ModuleTiming, TrainingCompletion, TrainingModule


@dataclass(frozen=True)
class PartnerCard:
    """One open pair as its member sees it on the home page."""

    pair: Pair
    partner: Employee
    partner_role: str
    timezone: str
    local_time: datetime
    next_step: str
    next_url: str
    next_action: str

    @property
    def initials(self) -> str:
        names = (self.partner.preferred_name or self.partner.first_name, self.partner.last_name)
        return "".join(name[:1] for name in names if name).upper()


def _local_time(zone: str, now: datetime) -> tuple[str, datetime]:
    local = local_time(zone, now)
    if local is None:
        return "UTC", now.astimezone(UTC)
    return zone, local


def _missing_before_launch(pairs: list[Pair]) -> dict[tuple[int, int], list[TrainingModule]]:
    """(program, person) -> required before-launch modules not completed. Two queries."""
    program_ids = {pair.program_id for pair in pairs if pair.status == PairStatus.LAUNCHING}
    if not program_ids:
        return {}
    modules = list(
        TrainingModule.objects.filter(
            program_id__in=program_ids, required=True, timing=ModuleTiming.BEFORE_LAUNCH
        ).order_by("position", "id")
    )
    people = {pk for pair in pairs for pk in (pair.mentor_id, pair.mentee_id)}
    done = set(
        TrainingCompletion.objects.filter(module__in=modules, employee_id__in=people).values_list(
            "employee_id", "module_id"
        )
    )
    return {
        (pair.program_id, pk): [
            m for m in modules if m.program_id == pair.program_id and (pk, m.pk) not in done
        ]
        for pair in pairs
        for pk in (pair.mentor_id, pair.mentee_id)
    }


def _next_step(*, state: LaunchState, me: Employee, partner: Employee) -> tuple[str, str, str]:
    """(what happens next, the page, the button) for one pair, from its member's side."""
    pair = state.pair
    page = reverse("relationships:pair_detail", args=[pair.pk])
    if pair.status == PairStatus.ACTIVE:
        terms = state.terms
        if terms is not None and terms.cadence_days:
            return (
                f"Your pair is under way: meet {cadence_in_words(terms.cadence_days)}, as agreed.",
                page,
                "Open the pair",
            )
        return "Your pair is under way.", page, "Open the pair"
    if state.terms is None or not state.terms.is_complete:
        return (
            "Write your goals together and choose how often you meet, then both sign.",
            reverse("relationships:agreement_edit", args=[pair.pk]),
            "Write the agreement",
        )
    mine = state.signature_of(me)
    if mine is not None and not mine.current:
        return "Sign the agreement.", page + "#agreement", "Sign the agreement"
    theirs = state.signature_of(partner)
    if theirs is not None and not theirs.current:
        return f"Waiting for {partner.display_name} to sign the agreement.", page, "Open the pair"
    if state.missing_training.get(me.pk):
        return "Finish your required training.", reverse("training:my_training"), "My training"
    if state.missing_training.get(partner.pk):
        return (
            f"Waiting for {partner.display_name} to finish the required training.",
            page,
            "Open the pair",
        )
    if pair.program.status != Status.ACTIVE:
        return (
            f"All set: the pair starts once a coordinator launches {pair.program.name}.",
            page,
            "Open the pair",
        )
    if state.can_start:
        return "Everything is ready: start the pair.", page + "#start", "Start the pair"
    return "See what still stops the pair from starting.", page + "#start", "Open the pair"


AGREEMENT_ACTIONS = ("Write the agreement", "Sign the agreement")


def _partner_zones(pairs: list[Pair], employee: Employee) -> dict[tuple[int, int], str]:
    """The time zone each partner confirmed when enrolling, by (program, person). One query."""
    partner_ids = {
        pair.mentee_id if pair.mentor_id == employee.pk else pair.mentor_id for pair in pairs
    }
    return {
        (e.program_id, e.employee_id): e.timezone
        for e in Enrollment.objects.filter(
            program_id__in={pair.program_id for pair in pairs}, employee_id__in=partner_ids
        ).only("program_id", "employee_id", "timezone")
    }


def _prefetched_state(
    pair: Pair, missing: dict[tuple[int, int], list[TrainingModule]]
) -> LaunchState:
    """The pair's launch state from what ``pairs_home`` fetched for every pair at once."""
    return _launch_state(
        pair=pair,
        signatures=list(pair.signatures.all()),
        ticks=list(pair.checklist_ticks.all()),
        missing={
            pk: missing.get((pair.program_id, pk), []) for pk in (pair.mentor_id, pair.mentee_id)
        },
    )


ENDED_PAIRS_SHOWN = 3


def _ended_pairs_home(employee: Employee) -> HomePart:
    """For someone whose pairs have all ended: the latest of them, to read again (rather
    than "not in any program yet"). One query."""
    ended = list(
        Pair.objects.filter(Q(mentor=employee) | Q(mentee=employee))
        .filter(program__organization_id=employee.organization_id, status=PairStatus.CLOSED)
        .select_related("program", "mentor", "mentee")
        .order_by("-ended_at", "-id")[: ENDED_PAIRS_SHOWN + 1]
    )
    if not ended:
        return HomePart()
    shown = [(pair, pair.partner_of(employee.pk)) for pair in ended[:ENDED_PAIRS_SHOWN]]
    context = {"pairs": shown, "more": len(ended) > ENDED_PAIRS_SHOWN}
    return HomePart(
        sections=[HomeSection(template="relationships/_home_ended_pairs.html", context=context)]
    )


def pairs_home(employee: Employee) -> HomePart:
    """An agreement step for each launching pair where ``employee`` must write or sign it,
    and a card per open pair. Six queries whatever the number of pairs."""
    pairs = list(
        Pair.objects.filter(OPEN_PAIR)
        .filter(Q(mentor=employee) | Q(mentee=employee))
        .filter(program__organization_id=employee.organization_id)
        .select_related("program", "mentor", "mentee", "agreement")
        .prefetch_related("signatures", "checklist_ticks")
        .order_by("-created_at", "-id")
    )
    part = HomePart()
    if not pairs:
        return _ended_pairs_home(employee)
    missing = _missing_before_launch(pairs)
    zones = _partner_zones(pairs, employee)
    now = timezone.now()
    cards = []
    for pair in pairs:
        partner, role = (
            (pair.mentee, "Your mentee")
            if pair.mentor_id == employee.pk
            else (pair.mentor, "Your mentor")
        )
        text, url, action = _next_step(
            state=_prefetched_state(pair, missing), me=employee, partner=partner
        )
        if pair.status == PairStatus.LAUNCHING and action in AGREEMENT_ACTIONS:
            part.steps.append(
                NextStep(
                    urgency=URGENCY_AGREEMENT,
                    title=f"{action} with {partner.display_name} ({pair.program.name})",
                    detail=text,
                    action=action,
                    url=url,
                )
            )
        zone, local = _local_time(zones.get((pair.program_id, partner.pk)) or partner.timezone, now)
        cards.append(
            PartnerCard(
                pair=pair,
                partner=partner,
                partner_role=role,
                timezone=zone,
                local_time=local,
                next_step=text,
                next_url=url,
                next_action=action,
            )
        )
    part.sections.append(
        HomeSection(template="relationships/_home_pairs.html", context={"cards": cards})
    )
    return part

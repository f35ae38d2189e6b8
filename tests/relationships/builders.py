"""Builders for launch tests: a program, enrolments, a pair (made directly: the matching
pages create pairs in the app), training modules, a filled-in agreement."""

from __future__ import annotations

from functools import partial

from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair, PairAgreement
from remento.training.models import ModuleTiming, TrainingCompletion, TrainingModule
from tests import factories
from tests.factories import AGREEMENT_TEXT as AGREEMENT_TEXT
from tests.factories import make_program as make_program

# Enrolled from a time zone other than the person's own (Europe/London), so the pages are
# seen to show the one confirmed at enrolment.
enroll = partial(factories.enroll, timezone="Europe/Paris")
make_pair = partial(factories.make_pair, timezone="Europe/Paris")


def make_module(
    program: Program,
    title: str = "Giving and receiving feedback",
    *,
    required: bool = True,
    timing: str = ModuleTiming.BEFORE_LAUNCH,
    position: int = 1,
) -> TrainingModule:
    return TrainingModule.objects.create(
        program=program,
        title=title,
        content=f"How to do {title.lower()} well.\n\nA second paragraph.",
        required=required,
        timing=timing,
        estimated_minutes=15,
        position=position,
    )


def complete(module: TrainingModule, *people: Employee) -> None:
    for person in people:
        TrainingCompletion.objects.create(module=module, employee=person)


def fill_terms(pair: Pair, *, goals: str = "Martin posts weekly on the company network.") -> None:
    PairAgreement.objects.update_or_create(
        pair=pair, defaults={"goals": goals, "cadence_days": 14, "confidentiality": True}
    )

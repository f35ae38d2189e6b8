"""Reading pairs: where a pair stands on its way to starting, a participant's pairs, and a
program's pairs for its coordinators.

Callers fetch the pair with ``remento.relationships.access.pair_get_for`` (which checks who
may see it); the number of queries here does not grow with the number of pairs or people.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)

from remento.enrollment.models import Enrollment
from remento.people.models import Employee, SkillOffer, SkillWant
from remento.programs.models import Program, Status
from remento.relationships.agreement import agreement_document, signature_covers, text_hash
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import (
    AUTOMATIC_STEPS,
    OPEN_PAIR,
    AgreementSignature,
    ChecklistStep,
    ChecklistTick,
    Pair,
    PairAgreement,
    PairStatus,
)
from remento.training.models import ModuleTiming, TrainingModule
from remento.training.selectors import training_missing

# A meeting both agreed to (accepted, then held or not yet): "Schedule your first meetings"
# is done. A pair that scheduled outside the app ticks the step by hand instead.
AGREED_MEETING = (MeetingStatus.CONFIRMED, MeetingStatus.HELD)


def meeting_agreed() -> Exists:
    """Whether the pair (the outer query's) has a meeting both agreed to, for an annotation."""
    return Exists(Meeting.objects.filter(pair=OuterRef("pk"), status__in=AGREED_MEETING))


def terms_of(pair: Pair) -> PairAgreement | None:
    """The pair's own terms, or None while nobody has written any."""
    try:
        return pair.agreement
    except PairAgreement.DoesNotExist:
        return None


@dataclass(frozen=True)
class SignatureState:
    """One person's standing on the agreement: their latest signature, and whether it
    covers the agreement as it reads now (a later edit asks both to sign again)."""

    employee: Employee
    signature: AgreementSignature | None
    current: bool


@dataclass(frozen=True)
class StepState:
    step: ChecklistStep
    done: bool
    automatic: bool
    tick: ChecklistTick | None
    # Done because the pair has a meeting both agreed to (the schedule step only).
    by_meeting: bool = False

    @property
    def label(self) -> str:
        return str(self.step.label)


@dataclass(frozen=True)
class LaunchState:
    """Everything that decides whether a pair may start, and what the pair page shows."""

    pair: Pair
    terms: PairAgreement | None
    document: str
    document_hash: str
    signatures: list[SignatureState]
    missing_training: dict[int, list[TrainingModule]]
    blockers: list[str]
    checklist: list[StepState]

    @property
    def both_signed(self) -> bool:
        return all(state.current for state in self.signatures)

    @property
    def checklist_done(self) -> bool:
        return all(step.done for step in self.checklist)

    @property
    def training_complete(self) -> bool:
        return not any(self.missing_training.values())

    @property
    def can_start(self) -> bool:
        return self.pair.status == PairStatus.LAUNCHING and not self.blockers

    def signature_of(self, employee: Employee) -> SignatureState | None:
        return next((s for s in self.signatures if s.employee.pk == employee.pk), None)


def not_launched_message(program: Program) -> str:
    """Why no pair of ``program`` may start yet (or any more), in plain words."""
    if program.status == Status.CLOSED:
        return f"{program.name} is closed; its pairs can no longer start."
    return (
        f"{program.name} is in the {program.get_status_display()} step: pairs start once a "
        "coordinator launches the program (Matching → Active). Until then, fill in and sign "
        "the agreement and complete the training."
    )


def _launch_state(
    *,
    pair: Pair,
    signatures: Sequence[AgreementSignature],
    ticks: Sequence[ChecklistTick],
    missing: dict[int, list[TrainingModule]],
    agreed_meeting: bool = False,
) -> LaunchState:
    terms = terms_of(pair)
    document = agreement_document(pair=pair, terms=terms)
    states = _signature_states(pair=pair, signatures=signatures, document=document)
    person_missing = {
        person.pk: missing.get(person.pk, []) for person in (pair.mentor, pair.mentee)
    }
    ticked = {tick.step: tick for tick in ticks}
    automatic_done = {
        ChecklistStep.SIGN: all(state.current for state in states),
        ChecklistStep.TRAINING: not any(person_missing.values()),
    }
    by_meeting = {ChecklistStep.SCHEDULE: agreed_meeting}
    checklist = [
        StepState(
            step=step,
            done=automatic_done[step]
            if step in AUTOMATIC_STEPS
            else step in ticked or by_meeting.get(step, False),
            automatic=step in AUTOMATIC_STEPS,
            tick=ticked.get(step),
            by_meeting=by_meeting.get(step, False),
        )
        for step in ChecklistStep
    ]
    return LaunchState(
        pair=pair,
        terms=terms,
        document=document,
        document_hash=text_hash(document),
        signatures=states,
        missing_training=person_missing,
        blockers=_blockers(pair=pair, terms=terms, states=states, missing=person_missing),
        checklist=checklist,
    )


def _signature_states(
    *, pair: Pair, signatures: Sequence[AgreementSignature], document: str
) -> list[SignatureState]:
    """Each person's latest signature, and whether one covers ``document`` as it reads now."""
    states: list[SignatureState] = []
    for person in (pair.mentor, pair.mentee):
        own = [s for s in signatures if s.employee_id == person.pk]
        current = next((s for s in own if signature_covers(s, document)), None)
        latest = current or (max(own, key=lambda s: (s.signed_at, s.pk)) if own else None)
        states.append(
            SignatureState(employee=person, signature=latest, current=current is not None)
        )
    return states


def _blockers(
    *,
    pair: Pair,
    terms: PairAgreement | None,
    states: list[SignatureState],
    missing: dict[int, list[TrainingModule]],
) -> list[str]:
    """What stops the pair from starting, in plain words (none: it may start)."""
    blockers: list[str] = []
    if pair.program.status != Status.ACTIVE:
        blockers.append(not_launched_message(pair.program))
    if terms is None or not terms.is_complete:
        blockers.append(
            "The agreement's own terms are not complete: write your goals, choose how often "
            "you meet and acknowledge confidentiality."
        )
    for state in states:
        if state.current:
            continue
        if state.signature is None:
            blockers.append(f"{state.employee.display_name} has not signed the agreement.")
        else:
            blockers.append(
                f"{state.employee.display_name} signed an earlier version of the agreement "
                "and needs to sign it again."
            )
    for person in (pair.mentor, pair.mentee):
        if missing[person.pk]:
            titles = ", ".join(module.title for module in missing[person.pk])
            blockers.append(f"{person.display_name} has not completed: {titles}.")
    return blockers


def pair_launch_state(*, pair: Pair) -> LaunchState:
    """Where ``pair`` stands: its agreement, who has signed it, who is missing which required
    before-launch training, the checklist, and — in plain words — what stops it starting.
    Four queries, and one more once the pair has started (its meetings: a meeting both
    agreed to ticks "Schedule your first meetings"; a launching pair cannot have any)."""
    signatures = list(pair.signatures.all())
    ticks = list(pair.checklist_ticks.all())
    agreed = (
        pair.status != PairStatus.LAUNCHING
        and Meeting.objects.filter(pair=pair, status__in=AGREED_MEETING).exists()
    )
    missing = training_missing(
        program=pair.program,
        employees=[pair.mentor_id, pair.mentee_id],
        timing=ModuleTiming.BEFORE_LAUNCH,
    )
    return _launch_state(
        pair=pair, signatures=signatures, ticks=ticks, missing=missing, agreed_meeting=agreed
    )


@dataclass(frozen=True)
class Person:
    """One of the pair as the pair page shows them."""

    employee: Employee
    role: str
    timezone: str
    hours_per_month: int | None
    teaches: list[SkillOffer]
    learns: list[SkillWant]


def pair_people(*, pair: Pair) -> list[Person]:
    """The mentor and the mentee with their time zone (as confirmed at enrolment, else the
    directory's), hours per month, and what they teach and want to learn. Three queries."""
    people = [pair.mentor, pair.mentee]
    prefetch_related_objects(
        people,
        Prefetch("skill_offers", queryset=SkillOffer.objects.select_related("skill")),
        Prefetch("skill_wants", queryset=SkillWant.objects.select_related("skill")),
    )
    enrollments = {
        enrollment.employee_id: enrollment
        for enrollment in Enrollment.objects.filter(program_id=pair.program_id, employee__in=people)
    }
    result = []
    for employee, role in ((pair.mentor, "Mentor"), (pair.mentee, "Mentee")):
        enrollment = enrollments.get(employee.pk)
        result.append(
            Person(
                employee=employee,
                role=role,
                timezone=enrollment.timezone if enrollment else employee.timezone,
                hours_per_month=enrollment.hours_per_month if enrollment else None,
                teaches=list(employee.skill_offers.all()),
                learns=list(employee.skill_wants.all()),
            )
        )
    return result


def pairs_of(*, employee: Employee) -> QuerySet[Pair]:
    """The pairs ``employee`` is in, open ones first, newest first within each."""
    open_first = Case(
        When(status=PairStatus.CLOSED, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return (
        Pair.objects.filter(Q(mentor=employee) | Q(mentee=employee))
        .filter(program__organization_id=employee.organization_id)
        .select_related("program", "mentor", "mentee")
        .order_by(open_first, "-created_at", "-id")
    )


def open_pair_counts(
    *, program: Program, mentor_ids: Iterable[int], pairs: Q = OPEN_PAIR
) -> dict[int, int]:
    """How many open (launching or active) pairs each of ``mentor_ids`` mentors in
    ``program`` (or the pairs ``pairs`` selects): one grouped query whatever the number of
    mentors; a mentor with none is absent (read it with ``.get(mentor_id, 0)``). Read it
    under the program lock when the answer decides a write (a mentor's free places)."""
    return dict(
        Pair.objects.filter(pairs, program=program, mentor_id__in=list(mentor_ids))
        .values_list("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )


@dataclass(frozen=True)
class PairOverviewRow:
    pair: Pair
    state: LaunchState


def program_pair_overview(
    *, program: Program, statuses: Iterable[str] = ()
) -> list[PairOverviewRow]:
    """Every pair of the program with its launch state (signatures, training, blockers),
    for the program's coordinators. Five queries whatever the number of pairs."""
    pairs = (
        Pair.objects.filter(program=program)
        .select_related("program", "mentor__department", "mentee__department", "agreement")
        .prefetch_related("signatures", "checklist_ticks")
        .annotate(agreed_meeting=meeting_agreed())
        .order_by("status", "mentee__last_name", "mentee__first_name", "id")
    )
    statuses = list(statuses)
    if statuses:
        pairs = pairs.filter(status__in=statuses)
    return overview_rows(program=program, pairs=list(pairs))


def overview_rows(*, program: Program, pairs: Sequence[Pair]) -> list[PairOverviewRow]:
    """``pairs`` of ``program`` (read with their agreement, people's departments, prefetched
    signatures and checklist ticks, and ``agreed_meeting`` annotated) with their launch
    state: two queries more, the missing training of their people."""
    people = {pk for pair in pairs for pk in (pair.mentor_id, pair.mentee_id)}
    missing = training_missing(
        program=program, employees=sorted(people), timing=ModuleTiming.BEFORE_LAUNCH
    )
    rows = []
    for pair in pairs:
        # The program is the same object for every pair: no query per pair for its text.
        pair.program = program
        rows.append(
            PairOverviewRow(
                pair=pair,
                state=_launch_state(
                    pair=pair,
                    signatures=list(pair.signatures.all()),
                    ticks=list(pair.checklist_ticks.all()),
                    missing=missing,
                    # Annotated by the caller's query (``meeting_agreed``).
                    agreed_meeting=pair.agreed_meeting,  # type: ignore[attr-defined]
                ),
            )
        )
    return rows

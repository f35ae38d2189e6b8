"""Writing a demo program's crowd (``crowd``) in bulk, as the demo writes its history.

What the services would write for each person and pair (the enrolment, the answers, the
pair, its terms, signatures, training and kick-off steps, and an audit event for each), in a
few plain INSERT batches (``demo.people.bulk``), without the emails: the crowd's programs
ran weeks before the demo was built. The matching itself is the matching service's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, OuterRef, Subquery
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.models import AuditEvent, User
from remento.demo.people.bulk import insert_rows
from remento.demo.programs import content, dates
from remento.demo.programs.crowd import Crowd
from remento.enrollment.models import (
    Answer,
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Question,
    QuestionKind,
)
from remento.matching.models import MatchRun, MatchRunStatus, ProposedPair
from remento.matching.services.background import match_run_start
from remento.people.sort_names import sort_names_refresh
from remento.programs.models import Program
from remento.relationships.agreement import agreement_text_for, text_hash
from remento.relationships.models import (
    AgreementSignature,
    ChecklistStep,
    ChecklistTick,
    Pair,
    PairAgreement,
    PairSource,
    PairStatus,
)
from remento.training.models import TrainingCompletion, TrainingModule

# Of the Active program's crowd pairs, the share still launching (the mentor signed and
# trained, the mentee not yet): the compliance list has people to chase at any size.
LAUNCHING_SHARE = 0.04


@dataclass(frozen=True)
class CrowdPair:
    """A crowd pair as written: its id, its two people and when it started (None: launching)."""

    pk: int
    mentor_id: int
    mentee_id: int
    started_at: dt.datetime | None


@dataclass
class CrowdWriter:
    """Writes one program's crowd in bulk, acting as its coordinator."""

    program: Program
    actor: User
    crowd: Crowd
    rng: random.Random

    # --- enrolment -----------------------------------------------------------------------------

    def enrol(
        self,
        *,
        nominated: bool,
        questions: Sequence[Question] = (),
        start: dt.datetime | None = None,
    ) -> None:
        """Everyone enrolled: by open sign-up with their answers, or nominated by the
        coordinator and accepted. One audit event each, as the services write. Given the
        program's ``start`` (a program whose history lies in the past), the enrolments are
        made in its recruiting weeks (``dates.enrolled_at``), as ``ProgramBuilder._backdate``
        moves the stories' own; otherwise now."""
        now = timezone.now()
        program = self.program
        rows: list[tuple[Any, ...]] = []
        roles: dict[int, str] = {}
        for role, people in (
            (EnrollmentRole.MENTOR, self.crowd.mentors),
            (EnrollmentRole.MENTEE, self.crowd.mentees),
        ):
            capacity = program.mentor_capacity if role == EnrollmentRole.MENTOR else 1
            for person in people:
                consent = self.rng.random() < 0.5
                made = now if start is None else dates.enrolled_at(start, len(rows))
                roles[person.pk] = role.value
                rows.append(
                    (
                        program.pk,
                        person.pk,
                        role.value,
                        EnrollmentStatus.ENROLLED.value,
                        min(max(person.hours_per_month, 2), 12),
                        person.timezone,
                        consent,
                        made if consent else None,
                        capacity,
                        self.actor.pk if nominated else None,
                        content.NOMINATION_NOTE if nominated else "",
                        made,
                        made,
                    )
                )
        insert_rows(Enrollment, ENROLLMENT_COLUMNS, rows)
        sort_names_refresh(roles)  # the enrolments' (and pairs') copies of the names
        ids = {
            employee: pk
            for employee, pk in Enrollment.objects.filter(program=program).values_list(
                "employee_id", "pk"
            )
            if employee in roles
        }
        self._answers(ids, roles, questions)
        verb = "enrollment.invitation_accepted" if nominated else "enrollment.submitted"
        status = EnrollmentStatus.ENROLLED.value
        self._audit(
            verb,
            Enrollment,
            [(ids[e], {"role": role, "status": status}) for e, role in roles.items()],
        )

    def _answers(
        self, ids: dict[int, int], roles: dict[int, str], questions: Sequence[Question]
    ) -> None:
        """The questionnaire's choice and scale questions answered (the demo asks no other
        kind of the crowd's programs)."""
        answers = []
        for employee, role in roles.items():
            for question in questions:
                if not question.asked_of(role):
                    continue
                if question.kind == QuestionKind.SCALE:
                    value: Any = self.rng.randint(1, 4)
                elif question.kind == QuestionKind.SINGLE and question.choices:
                    value = self.rng.choice(question.choices)
                else:
                    continue
                answers.append((ids[employee], question.pk, value, str(value)))
        insert_rows(Answer, ("enrollment_id", "question_id", "value", "display"), answers)

    def train(self, modules: Sequence[TrainingModule], share: float) -> None:
        """``share`` of the crowd has completed the first module."""
        if not modules:
            return
        people = [*self.crowd.mentors, *self.crowd.mentees]
        insert_rows(
            TrainingCompletion,
            ("module_id", "employee_id"),
            [(modules[0].pk, person.pk) for person in people if self.rng.random() < share],
        )

    # --- the Active program's second round ---------------------------------------------------

    def match_and_launch(self, modules: Sequence[TrainingModule]) -> None:
        """The crowd's round: matching run by the service, its crowd pairs published (the
        stories' people it proposes are left to choose, as in the first round), signed,
        trained and started in the program's first weeks; a few still launching."""
        program = self.program
        assert program.start_date is not None
        run = match_run_start(actor=self.actor, program=program)
        people = self.crowd.pks
        proposals = [
            p
            for p in run.proposals.filter(removed=False).order_by("-score", "id")
            if p.mentor_id in people and p.mentee_id in people
        ]
        start = dt.datetime.combine(program.start_date, dt.time(10), tzinfo=dt.UTC)
        count = round(len(proposals) * LAUNCHING_SHARE)
        behind = set(self.rng.sample(range(len(proposals)), count))
        # As ``ProgramBuilder._backdate`` dates the stories' pairs: started in the first weeks.
        days = [
            None if index in behind else start + dt.timedelta(days=7 + index % 10)
            for index in range(len(proposals))
        ]
        pairs = self._publish(run, proposals, days, published=start - dt.timedelta(days=10))
        self._agreements(pairs, start)
        self._training(pairs, modules, start - dt.timedelta(days=5))
        self._kickoff(pairs)

    def _publish(
        self,
        run: MatchRun,
        proposals: list[ProposedPair],
        started: list[dt.datetime | None],
        *,
        published: dt.datetime,
    ) -> list[CrowdPair]:
        """What ``match_run_publish`` and then ``pair_start`` write for these proposals,
        without their emails: the pairs, started on their ``started`` days (launching
        where None), published on ``published``."""
        program = self.program
        newest = Pair.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        insert_rows(
            Pair,
            PAIR_COLUMNS,
            [
                (
                    program.pk,
                    p.mentor_id,
                    p.mentee_id,
                    PairStatus.LAUNCHING.value if day is None else PairStatus.ACTIVE.value,
                    day,
                    PairSource.BULK.value,
                    p.score,
                    p.reasons,
                    self.actor.pk,
                    published,
                )
                for p, day in zip(proposals, started, strict=True)
            ],
        )
        sort_names_refresh(p.mentee_id for p in proposals)
        # Ids grow: the new pairs are those past the newest before them.
        written = Pair.objects.filter(program=program, pk__gt=newest)
        pairs = [
            CrowdPair(*row)
            for row in written.order_by("pk").values_list(
                "pk", "mentor_id", "mentee_id", "started_at"
            )
        ]
        ProposedPair.objects.filter(run=run).update(
            pair=Subquery(
                written.filter(
                    mentor_id=OuterRef("mentor_id"), mentee_id=OuterRef("mentee_id")
                ).values("pk")[:1]
            )
        )
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRunStatus.PUBLISHED, published_at=published, published_by=self.actor
        )
        self._publish_audit(run, pairs)
        return pairs

    def _publish_audit(self, run: MatchRun, pairs: list[CrowdPair]) -> None:
        """The audit events of the services the crowd's publish stands for."""
        program = self.program
        bulk = PairSource.BULK.value
        self._audit(
            "pair.create",
            Pair,
            [(p.pk, {"source": bulk, "mentor": p.mentor_id, "mentee": p.mentee_id}) for p in pairs],
        )
        self._audit(
            "pair.start",
            Pair,
            [(p.pk, {"program": program.pk}) for p in pairs if p.started_at is not None],
        )
        audit_log(
            actor=self.actor,
            organization=program.organization,
            verb="match_run.publish",
            target=run,
            data={"created": len(pairs), "skipped": []},
        )

    def _agreements(self, pairs: list[CrowdPair], start: dt.datetime) -> None:
        """Terms written by the mentee; both signed the day before the start (only the
        mentor, for a pair still launching)."""
        program = self.program
        terms, signatures = [], []
        documents: dict[str, tuple[str, str]] = {}
        for pair in pairs:
            goals = self.rng.choice(content.PAIR_GOALS)
            terms.append((pair.pk, goals, program.meeting_cadence_days, True, pair.mentee_id))
            if goals not in documents:
                agreement = PairAgreement(
                    goals=goals, cadence_days=program.meeting_cadence_days, confidentiality=True
                )
                text = agreement_text_for(
                    general_text=program.agreement_text,
                    meeting_length_minutes=program.meeting_length_minutes,
                    terms=agreement,
                )
                documents[goals] = (text, text_hash(text))
            text, digest = documents[goals]
            signed = (pair.started_at or start) - dt.timedelta(days=1)
            signers = (
                [pair.mentor_id] if pair.started_at is None else [pair.mentor_id, pair.mentee_id]
            )
            signatures += [(pair.pk, pk, signed, text, digest) for pk in signers]
        insert_rows(
            PairAgreement,
            ("pair_id", "goals", "cadence_days", "confidentiality", "updated_by_id"),
            terms,
        )
        insert_rows(
            AgreementSignature,
            ("pair_id", "employee_id", "signed_at", "text", "text_sha256"),
            signatures,
        )

    def _training(
        self, pairs: list[CrowdPair], modules: Sequence[TrainingModule], at: dt.datetime
    ) -> None:
        """The required modules done by both (the mentee of a pair still launching misses
        the last); the first optional one by half the mentors."""
        required = [m.pk for m in modules if m.blocks_launch]
        optional = [m.pk for m in modules if not m.blocks_launch][:1]
        rows = []
        for pair in pairs:
            mentee_modules = required if pair.started_at else required[:-1]
            rows += [(m, pair.mentor_id, at) for m in required]
            rows += [(m, pair.mentee_id, at) for m in mentee_modules]
            rows += [(m, pair.mentor_id, at) for m in optional if self.rng.random() < 0.5]
        insert_rows(TrainingCompletion, ("module_id", "employee_id", "completed_at"), rows)

    def _kickoff(self, pairs: list[CrowdPair]) -> None:
        """The started pairs ticked the kick-off and their goals; most, their scheduling."""
        ticks = []
        for pair in pairs:
            if pair.started_at is None:
                continue
            steps = [ChecklistStep.KICKOFF, ChecklistStep.GOALS]
            if self.rng.random() < 0.6:
                steps.append(ChecklistStep.SCHEDULE)
            ticks += [(pair.pk, step.value, pair.mentee_id, pair.started_at) for step in steps]
        insert_rows(ChecklistTick, ("pair_id", "step", "done_by_id", "done_at"), ticks)

    # --- the audit trail -----------------------------------------------------------------------

    def _audit(self, verb: str, model: type[Model], rows: list[tuple[int, dict[str, Any]]]) -> None:
        """One audit event per (row id, data), as the service would have written."""
        label = model._meta.label_lower
        organization, actor = self.program.organization_id, self.actor.pk
        insert_rows(
            AuditEvent,
            ("organization_id", "actor_id", "verb", "target_type", "target_id", "data"),
            [(organization, actor, verb, label, str(pk), data) for pk, data in rows],
        )


ENROLLMENT_COLUMNS = (
    "program_id",
    "employee_id",
    "role",
    "status",
    "hours_per_month",
    "timezone",
    "consent_sensitive",
    "consented_at",
    "capacity",
    "decided_by_id",
    "note",
    "created_at",
    "updated_at",
)
PAIR_COLUMNS = (
    "program_id",
    "mentor_id",
    "mentee_id",
    "status",
    "started_at",
    "source",
    "score",
    "reasons",
    "created_by_id",
    "created_at",
)

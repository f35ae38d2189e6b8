"""Building each demo program through the project's own services, as its coordinator would.

Every write goes through a service acting as the person who would do it in the app: the
coordinator persona designs, recruits, matches, publishes and closes; participants enrol,
sign, train and tick their checklists with their own sign-ins. The one exception is
``_backdate`` (and its twin for the pairs' meetings, notes and check-ins in ``workspace``):
services stamp what they write with the current time, and the demo's active and closed
programs have a history that lies before the demo's ``today``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.db.models import Case, DateTimeField, Value, When
from django.db.models.functions import Mod
from django.db.models.lookups import Exact

from remento.core.models import AuditEvent, User
from remento.demo.programs import content, dates, workspace
from remento.demo.programs.cast import ProgramCast, acting_user
from remento.demo.programs.crowd import crowd_plan
from remento.demo.programs.crowd_writer import CrowdWriter
from remento.demo.steps import DemoContext
from remento.enrollment.models import Enrollment, EnrollmentRole, Question, QuestionKind
from remento.enrollment.services import (
    QuestionData,
    enrollment_approve,
    enrollment_decline,
    enrollment_nominate,
    enrollment_submit,
    question_create,
)
from remento.matching.models import MatchRun
from remento.matching.services.bulk import match_run_start, proposal_lock
from remento.matching.services.publish import match_run_publish
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.programs.plan import ProgramPlan
from remento.programs.services import program_create, program_transition, program_update
from remento.relationships.models import (
    AgreementSignature,
    ChecklistStep,
    ChecklistTick,
    Pair,
    PairStatus,
)
from remento.relationships.services import (
    agreement_sign,
    checklist_tick,
    pair_agreement_update,
    pair_close,
    pair_start,
)
from remento.training.models import TrainingCompletion, TrainingModule
from remento.training.services.modules import training_complete, training_modules_seed


class ProgramBuilder:
    """Builds one demo program, left in the state its key names: draft, recruiting, matching
    or closed here; the Active program's builder extends this one (``active``)."""

    def __init__(self, context: DemoContext, key: str, cast: ProgramCast):
        self.context = context
        self.key = key
        self.cast = cast
        self.spec = content.programs(context.today)[key]
        self.rng: random.Random = context.rng(f"programs:{key}")
        coordinator = context.personas["coordinator"]
        assert coordinator.user is not None  # seed-demo gives every persona a sign-in
        self.actor: User = coordinator.user
        self.program: Program | None = None

    # --- the states -------------------------------------------------------------------------------

    def build(self) -> Program:
        getattr(self, f"_build_{self.key}")()
        assert self.program is not None
        return self.program

    def _build_draft(self) -> None:
        self._create()

    def _build_recruiting(self) -> None:
        mentors, mentees = self.cast.mentors, self.cast.mentees
        seats = max(2, len(mentees))
        program = self._create(max_pairs=seats, pairs_per_cohort=seats)
        training_modules_seed(actor=self.actor, program=program)
        questions = self._questions(content.RECRUITING_QUESTIONS)
        self._to(Status.RECRUITING)
        # Mentors: the first ``seats`` are approved and fill the seats, the next two are
        # approved onto the waitlist, one is declined, one waits for a decision, and the
        # rest are invited by the coordinator and have not answered yet.
        applied = [self._submit(e, EnrollmentRole.MENTOR, questions) for e in mentors[: seats + 4]]
        for enrollment in applied[: seats + 2]:
            enrollment_approve(actor=self.actor, enrollment=enrollment)
        for enrollment in applied[seats + 2 : seats + 3]:
            enrollment_decline(actor=self.actor, enrollment=enrollment, note=content.DECLINE_NOTE)
        invited = mentors[seats + 4 :]
        if invited:
            enrollment_nominate(
                actor=self.actor,
                program=program,
                employees=invited,
                role=EnrollmentRole.MENTOR,
                note=content.NOMINATION_NOTE,
            )
        # Mentees: all approved but the last, whose application waits in the queue.
        applications = [self._submit(e, EnrollmentRole.MENTEE, questions) for e in mentees]
        for enrollment in applications[:-1]:
            enrollment_approve(actor=self.actor, enrollment=enrollment)

    def _build_matching(self) -> None:
        program = self._create()
        modules = training_modules_seed(actor=self.actor, program=program)
        questions = self._questions(content.MATCHING_QUESTIONS)
        self._to(Status.RECRUITING)
        self._enrol_all(questions)
        crowd = self._crowd()
        if crowd is not None:
            crowd.enrol(nominated=False, questions=[question for question, _demo in questions])
        self._to(Status.MATCHING)
        run = match_run_start(actor=self.actor, program=program)
        best = run.proposals.order_by("-score", "id").first()
        if best is not None:
            proposal_lock(actor=self.actor, proposal=best, locked=True)
        # Some participants start their training while the coordinator reviews the run.
        for employee in [*self.cast.mentors, *self.cast.mentees]:
            if modules and self.rng.random() < 0.4:
                training_complete(actor=acting_user(employee), module=modules[0])
        if crowd is not None:
            crowd.train(modules, share=0.4)

    def _build_closed(self) -> None:
        program = self._create()
        modules = training_modules_seed(actor=self.actor, program=program)
        self._to(Status.RECRUITING)
        self._enrol_all(())
        self._to(Status.MATCHING)
        run = match_run_start(actor=self.actor, program=program)
        match_run_publish(actor=self.actor, run=run)
        self._to(Status.ACTIVE)
        pairs = list(Pair.objects.filter(program=program).order_by("pk"))
        for pair in pairs:
            self._launch(pair, modules)
            self._tick(pair, ChecklistStep.KICKOFF, ChecklistStep.GOALS, ChecklistStep.SCHEDULE)
        early = self.rng.choice(pairs) if len(pairs) >= 2 else None
        # Two learners never answer their first assessment: they look back at the end.
        late = {pairs[i].pk for i in (2, 5) if i < len(pairs) and pairs[i] != early}
        workspace.answer_befores(self.context, pairs, leave_open=late)
        workspace.closed_histories_live(self.context, program, pairs, early)
        for pair in pairs:
            if pair == early:
                pair_close(
                    actor=acting_user(pair.mentee), pair=pair, reason=content.EARLY_CLOSE_REASON
                )
            else:
                pair_close(actor=self.actor, pair=pair, reason=content.CLOSE_REASON)
        workspace.answer_afters(self.context, pairs)
        self._to(Status.CLOSED)
        self._backdate()
        workspace.assessments_date(self.context, program)
        workspace.closed_histories_settle(self.context, program)
        self._lessons(content.CLOSED_LESSONS)

    # --- steps the states share ----------------------------------------------------------------

    def _create(self, **changes: Any) -> Program:
        changes = self._sponsor() | crowd_plan(self.cast.crowd) | changes
        plan = dataclasses.replace(self.spec.plan, **changes) if changes else self.spec.plan
        self.program = program_create(
            actor=self.actor,
            organization=self.context.organization,
            plan=plan,
            kpis=self.spec.kpis,
        )
        return self.program

    def _crowd(self) -> CrowdWriter | None:
        """The writer of the program's crowd (``crowd``), when the company has one for it."""
        if not self.cast.crowd or self.program is None:
            return None
        rng = self.context.rng(f"programs:{self.key}:crowd")
        return CrowdWriter(self.program, self.actor, self.cast.crowd, rng)

    def _sponsor(self) -> dict[str, str]:
        """The program's executive sponsor (``content.SPONSORS``), a person of the demo
        company: the chief executive when the company has no such department."""
        if self.key not in content.SPONSORS:
            return {}
        department, level = content.SPONSORS[self.key]
        people = Employee.objects.filter(organization=self.context.organization, is_active=True)
        sponsor = (
            people.filter(department__name=department, level=level).order_by("employee_id").first()
            or people.filter(manager__isnull=True).order_by("-level", "employee_id").first()
        )
        if sponsor is None:
            return {}
        return {"sponsor_name": sponsor.display_name, "sponsor_title": sponsor.title}

    def _lessons(self, lessons: str) -> None:
        """The coordinator writes what to change next time (once the program has closed)."""
        assert self.program is not None
        plan = dataclasses.replace(ProgramPlan.from_program(self.program), lessons=lessons)
        self.program = program_update(actor=self.actor, program=self.program, plan=plan)

    def _to(self, status: str) -> None:
        assert self.program is not None
        self.program = program_transition(actor=self.actor, program=self.program, to=status)

    def _questions(
        self, questions: Sequence[content.DemoQuestion]
    ) -> list[tuple[Question, content.DemoQuestion]]:
        assert self.program is not None
        return [
            (
                question_create(
                    actor=self.actor,
                    program=self.program,
                    data=QuestionData(
                        text=q.text,
                        kind=q.kind,
                        audience=q.audience,
                        required=q.required,
                        help_text=q.help_text,
                        choices=q.choices,
                    ),
                ),
                q,
            )
            for q in questions
        ]

    def _answers(
        self, questions: Sequence[tuple[Question, content.DemoQuestion]], role: str
    ) -> dict[int, Any]:
        answers: dict[int, Any] = {}
        for question, demo in questions:
            if not question.asked_of(role):
                continue
            if question.kind == QuestionKind.SCALE:
                answers[question.pk] = self.rng.randint(1, 4)
            else:
                answers[question.pk] = self.rng.choice(demo.answers)
        return answers

    def _submit(
        self,
        employee: Employee,
        role: str,
        questions: Sequence[tuple[Question, content.DemoQuestion]],
    ) -> Enrollment:
        assert self.program is not None
        return enrollment_submit(
            actor=acting_user(employee),
            program=self.program,
            employee=employee,
            role=role,
            hours_per_month=min(max(employee.hours_per_month, 2), 12),
            timezone=employee.timezone,
            consent_sensitive=self.rng.random() < 0.5,
            answers=self._answers(questions, role),
        )

    def _enrol_all(self, questions: Sequence[tuple[Question, content.DemoQuestion]]) -> None:
        for employee in self.cast.mentors:
            self._submit(employee, EnrollmentRole.MENTOR, questions)
        for employee in self.cast.mentees:
            self._submit(employee, EnrollmentRole.MENTEE, questions)

    def _terms(self, pair: Pair, goals: str | None = None) -> None:
        assert self.program is not None
        pair_agreement_update(
            actor=acting_user(pair.mentee),
            pair=pair,
            goals=goals or self.rng.choice(content.PAIR_GOALS),
            cadence_days=self.program.meeting_cadence_days,
            confidentiality=True,
        )

    def _train(self, employee: Employee, modules: Sequence[TrainingModule]) -> None:
        for module in modules:
            if module.blocks_launch:
                training_complete(actor=acting_user(employee), module=module)

    def _launch(self, pair: Pair, modules: Sequence[TrainingModule], goals: str = "") -> None:
        """Terms written, both signed, required training done, the pair started."""
        self._terms(pair, goals or None)
        for person in (pair.mentor, pair.mentee):
            agreement_sign(actor=acting_user(person), pair=pair)
            self._train(person, modules)
        pair_start(actor=acting_user(pair.mentor), pair=pair)

    def _tick(self, pair: Pair, *steps: str) -> None:
        for step in steps:
            checklist_tick(actor=acting_user(pair.mentee), pair=pair, step=step, done=True)

    def _backdate(self) -> None:
        """Move the program's history to its own dates (a bypass of the services, which
        stamp the current time): pairs published ten days before the start, started in its
        first weeks, closed at its end (or half-way, and not completed, for a pair that ended
        early: the services judged it on the day of the build, after the end date); signatures
        the day before the start of the pair, training the week before the program; the
        enrolments in the recruiting weeks before the pairs (``_backdate_enrolments``)."""
        program = self.program
        assert program is not None
        assert program.start_date is not None
        assert program.end_date is not None
        start = _at(program.start_date)
        end = _at(program.end_date)
        for index, pair in enumerate(Pair.objects.filter(program=program).order_by("pk")):
            started = start + dt.timedelta(days=7 + index % 10) if pair.started_at else None
            ended, completed = None, None
            if pair.status == PairStatus.CLOSED:
                early = pair.end_reason == content.EARLY_CLOSE_REASON
                ended = start + (end - start) / 2 if early else end
                # What ``ran_its_course`` says on that day: the early pair did not complete.
                completed = not early
            Pair.objects.filter(pk=pair.pk).update(
                created_at=start - dates.PUBLISHED_BEFORE,
                started_at=started,
                ended_at=ended,
                completed=completed,
            )
            moment = started or start
            AgreementSignature.objects.filter(pair=pair).update(
                signed_at=moment - dt.timedelta(days=1)
            )
            ChecklistTick.objects.filter(pair=pair).update(done_at=moment)
        TrainingCompletion.objects.filter(module__program=program).update(
            completed_at=start - dt.timedelta(days=5)
        )
        MatchRun.objects.filter(program=program, published_at__isnull=False).update(
            published_at=start - dates.PUBLISHED_BEFORE
        )
        self._backdate_enrolments(start)
        # The program's steps in its audit trail: the close on its end date, which is where
        # its KPI series ends (``outcomes.kpis.series.closed_days``).
        steps = {
            Status.RECRUITING: start - dates.RECRUITING_BEFORE,
            Status.MATCHING: start - dates.MATCHING_BEFORE,
            Status.ACTIVE: start - dates.PUBLISHED_BEFORE,
            Status.CLOSED: end + dt.timedelta(hours=2),
        }
        events = AuditEvent.objects.filter(
            verb="program.transition",
            target_type=Program._meta.label_lower,
            target_id=str(program.pk),
        )
        for status, moment in steps.items():
            events.filter(data__to=status).update(created_at=moment)

    def _backdate_enrolments(self, start: dt.datetime) -> None:
        """The program's enrolments made in its recruiting weeks (``dates.enrolled_at``, by
        id), before the matching and the pairs they led to; an answer (``decided_at``), a
        consent and a place on the waitlist on their days too. One UPDATE, whatever the
        number of people."""
        made = {group: dates.enrolled_at(start, group) for group in range(dates.GROUPS)}
        group = Mod("id", dates.GROUPS)

        def moved(offset: dt.timedelta = dt.timedelta(0), field: str = "") -> Case:
            unset = [When(**{f"{field}__isnull": True}, then=Value(None))] if field else []
            return Case(
                *unset,
                *[When(Exact(group, g), then=Value(at + offset)) for g, at in made.items()],
                output_field=DateTimeField(),
            )

        answered = dates.ANSWERED_AFTER
        Enrollment.objects.filter(program=self.program).update(
            created_at=moved(),
            updated_at=moved(answered),
            decided_at=moved(answered, "decided_at"),
            consented_at=moved(field="consented_at"),
            waitlisted_at=moved(answered, "waitlisted_at"),
        )


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)

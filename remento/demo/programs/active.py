"""Building the demo's Active program: nominated participants, hybrid matching, pairs launched.

The richest of the five: the coordinator nominates everyone (one mentor declines), publishes
the engine's pairs except the demo mentor's and mentee's, who choose each other; most pairs
start and tick their first steps, one is half-way through its launch and one has not begun;
mentees left unpaired ask a mentor; the program's resources sit beside it; and the running
pairs get weeks of workspace history (``workspace.active_histories``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from remento.demo.programs import content, workspace
from remento.demo.programs.build import ProgramBuilder
from remento.demo.programs.cast import acting_user
from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.enrollment.services import (
    enrollment_accept_invitation,
    enrollment_decline_invitation,
    enrollment_nominate,
)
from remento.matching import adapters
from remento.matching.services.bulk import match_run_start
from remento.matching.services.publish import match_run_publish
from remento.matching.services.requests import mentor_request_accept, mentor_request_create
from remento.people.models import Employee
from remento.programs.models import Status
from remento.relationships.models import ChecklistStep, Pair
from remento.relationships.services import agreement_sign
from remento.training.models import TrainingModule
from remento.training.services.modules import training_complete, training_modules_seed
from remento.training.services.resources import ResourceInput, resource_create


class ActiveProgramBuilder(ProgramBuilder):
    """Builds the Active program (key ``active``)."""

    def _build_active(self) -> None:
        program = self._create()
        modules = training_modules_seed(actor=self.actor, program=program)
        self._add_resources()
        self._to(Status.RECRUITING)
        self._recruit_by_nomination()
        self._to(Status.MATCHING)
        persona_pair = self._match_hybrid()
        self._to(Status.ACTIVE)
        self._launch_pairs(persona_pair, modules)
        self._first_assessments(persona_pair)
        self._unpaired_ask()
        self._backdate()
        assert self.program is not None
        workspace.assessments_date(self.context, self.program)
        workspace.active_histories(self.context, self.program, persona_pair)
        # At a large company's size, the crowd's round after the stories (``crowd``).
        crowd = self._crowd()
        if crowd is not None:
            assert self.program.start_date is not None
            start = dt.datetime.combine(self.program.start_date, dt.time(10), tzinfo=dt.UTC)
            crowd.enrol(nominated=True, start=start)
            crowd.match_and_launch(modules)

    def _first_assessments(self, persona_pair: Pair) -> None:
        """The started pairs' mentees rate themselves, but for the demo mentee (whose home
        page shows it as the next step) and the first other pair's (the ghosting story's
        mentee, who answers nothing)."""
        started = list(
            Pair.objects.filter(program=self.program, started_at__isnull=False).order_by("pk")
        )
        others = [pair.pk for pair in started if pair.pk != persona_pair.pk]
        workspace.answer_befores(self.context, started, leave_open={persona_pair.pk, *others[:1]})

    def _add_resources(self) -> None:
        for resource in content.ACTIVE_RESOURCES:
            resource_create(
                actor=self.actor,
                organization=self.context.organization,
                data=ResourceInput(
                    title=resource.title,
                    summary=resource.summary,
                    category=resource.category,
                    body=resource.body,
                    program=self.program,
                ),
            )

    def _recruit_by_nomination(self) -> None:
        """Nominated: everyone accepts but the last mentor, who declines."""
        *accepting, declining = self._nominate(self.cast.mentors, EnrollmentRole.MENTOR)
        accepting += self._nominate(self.cast.mentees, EnrollmentRole.MENTEE)
        for enrollment in accepting:
            self._accept(enrollment)
        enrollment_decline_invitation(actor=acting_user(declining.employee), enrollment=declining)

    def _match_hybrid(self) -> Pair:
        """Hybrid matching: the coordinator publishes the engine's pairs, except any with the
        demo mentor or mentee, who pair up by participant choice: the mentee asks, the mentor
        accepts. Returns the demo pair."""
        assert self.program is not None
        mentor, mentee = self.context.personas["mentor"], self.context.personas["mentee"]
        run = match_run_start(actor=self.actor, program=self.program)
        chosen = [
            p.pk
            for p in run.proposals.filter(removed=False)
            if not {p.mentor_id, p.mentee_id} & {mentor.pk, mentee.pk}
        ]
        if chosen:
            match_run_publish(actor=self.actor, run=run, proposal_ids=chosen)
        request = mentor_request_create(
            actor=acting_user(mentee),
            program=self.program,
            mentor=mentor,
            message=content.REQUEST_MESSAGE,
        )
        return mentor_request_accept(
            actor=acting_user(mentor), request=request, message=content.ACCEPT_MESSAGE
        )

    def _launch_pairs(self, persona_pair: Pair, modules: Sequence[TrainingModule]) -> None:
        """The demo pair has started and ticked its first steps; scheduling is theirs to do.
        Most other pairs run; of the last two, one waits for the mentee's signature and
        training, and one has not started its launch at all (a small company keeps one)."""
        self._launch(persona_pair, modules, goals=content.PAIR_GOALS[0])
        self._tick(persona_pair, ChecklistStep.KICKOFF, ChecklistStep.GOALS)
        others = list(
            Pair.objects.filter(program=self.program).exclude(pk=persona_pair.pk).order_by("pk")
        )
        behind = others[-2:] if len(others) >= 4 else others[-1:] if len(others) >= 2 else []
        for pair in others:
            if pair not in behind:
                self._launch_running(pair, modules)
        if behind:
            self._launch_halfway(behind[0], modules)

    def _launch_running(self, pair: Pair, modules: Sequence[TrainingModule]) -> None:
        """Started, its first steps ticked (scheduling, for most), the mentor perhaps through
        the first optional module."""
        self._launch(pair, modules)
        steps = [ChecklistStep.KICKOFF, ChecklistStep.GOALS]
        if self.rng.random() < 0.6:
            steps.append(ChecklistStep.SCHEDULE)
        self._tick(pair, *steps)
        optional = [m for m in modules if not m.blocks_launch]
        for module in optional[:1]:
            if self.rng.random() < 0.5:
                training_complete(actor=acting_user(pair.mentor), module=module)

    def _nominate(self, people: list[Employee], role: str) -> list[Enrollment]:
        assert self.program is not None
        for employee in people:
            acting_user(employee)  # before the invitation, so they can answer it
        return enrollment_nominate(
            actor=self.actor,
            program=self.program,
            employees=people,
            role=role,
            note=content.NOMINATION_NOTE,
        )

    def _accept(self, enrollment: Enrollment) -> Enrollment:
        employee = enrollment.employee
        return enrollment_accept_invitation(
            actor=acting_user(employee),
            enrollment=enrollment,
            hours_per_month=min(max(employee.hours_per_month, 2), 12),
            timezone=employee.timezone,
            consent_sensitive=self.rng.random() < 0.5,
            answers={},
        )

    def _launch_halfway(self, pair: Pair, modules: Sequence[TrainingModule]) -> None:
        """The mentor has done their part; the mentee has one module left and has not signed,
        so the pair page and the compliance list say what holds it back."""
        self._terms(pair)
        agreement_sign(actor=acting_user(pair.mentor), pair=pair)
        self._train(pair.mentor, modules)
        required = [m for m in modules if m.blocks_launch]
        self._train(pair.mentee, required[:-1])

    def _unpaired_ask(self) -> None:
        """Mentees the coordinator left to choose ask their best suggestion; the request
        waits for the mentor's answer."""
        assert self.program is not None
        paired = set(Pair.objects.filter(program=self.program).values_list("mentee_id", flat=True))
        for mentee in self.cast.mentees:
            if mentee.pk in paired:
                continue
            suggestions = adapters.mentee_suggestions(program=self.program, mentee=mentee, k=1)
            if not suggestions:
                continue
            mentor = Employee.objects.get(pk=suggestions[0].mentor_id)
            mentor_request_create(
                actor=acting_user(mentee),
                program=self.program,
                mentor=mentor,
                message=content.PENDING_REQUEST_MESSAGE,
            )

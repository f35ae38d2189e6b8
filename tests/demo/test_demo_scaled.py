"""The demo at a large company's size: the Matching and Active programs grow with the
company (``demo.programs.crowd``), their stories and the demo sign-ins stay as they are.
One demo build for the whole module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from remento.demo.people.seed import DEFAULT_SIZE, DemoSeedResult, demo_organization_seed
from remento.demo.programs.cast import MAX_MENTEES
from remento.demo.programs.crowd import CROWD_MENTEE_MIN_LEVEL, crowd_size
from remento.enrollment.models import Answer, Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.models import MatchRun, MatchRunStatus
from remento.programs.models import Program, Status
from remento.relationships.health.rules import HealthState
from remento.relationships.health.selectors import health_of_pairs
from remento.relationships.models import AgreementSignature, ChecklistTick, Pair, PairStatus
from remento.training.models import TrainingCompletion, TrainingModule

pytestmark = pytest.mark.django_db

SIZE = 1_500  # big enough for a crowd of a few dozen in each program, quick to build


def test_the_crowd_grows_in_proportion_to_the_company() -> None:
    assert crowd_size(DEFAULT_SIZE) == 0  # the default demo is the stories alone
    assert crowd_size(60) == 0
    # A 20,000-person company: over 1,000 pairs proposed and over 1,000 pairs running.
    assert crowd_size(20_000) >= 1_100
    assert crowd_size(100_000) == pytest.approx(5 * crowd_size(20_000), rel=0.02)
    assert crowd_size(2_300) == 2 * crowd_size(1_300)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoSeedResult]:
    """One build for the whole module, in a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield demo_organization_seed(size=SIZE, slug="scaled")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def program(demo: DemoSeedResult, status: str) -> Program:
    return Program.objects.get(organization=demo.organization, status=status)


def test_the_matching_program_has_a_run_under_review_for_its_crowd(demo: DemoSeedResult) -> None:
    matching = program(demo, Status.MATCHING)
    mentees = Enrollment.objects.filter(
        program=matching, role=EnrollmentRole.MENTEE, status=EnrollmentStatus.ENROLLED
    )
    assert mentees.count() == MAX_MENTEES["matching"] + crowd_size(SIZE)
    run = MatchRun.objects.get(program=matching, status=MatchRunStatus.REVIEW)
    assert run.proposals.count() >= 0.9 * mentees.count()
    assert run.proposals.filter(locked=True).count() == 1  # the story's locked pair stays
    assert run.unmatched.exists()  # spare mentors: the engine had a choice
    # Everyone answered the questionnaire; some started their training.
    assert Answer.objects.filter(enrollment__program=matching).count() == (
        Enrollment.objects.filter(program=matching).count()
    )
    assert (
        TrainingCompletion.objects.filter(module__program=matching).count() > crowd_size(SIZE) / 2
    )


def test_the_crowded_programs_take_managers_as_mentees_and_say_so(demo: DemoSeedResult) -> None:
    for status in (Status.MATCHING, Status.ACTIVE):
        crowded = program(demo, status)
        assert crowded.mentee_min_level == CROWD_MENTEE_MIN_LEVEL
        levels = set(
            Enrollment.objects.filter(program=crowded, role=EnrollmentRole.MENTEE).values_list(
                "employee__level", flat=True
            )
        )
        assert CROWD_MENTEE_MIN_LEVEL in levels
        assert min(levels) >= crowded.mentee_min_level
    # The other programs keep the stories' size and design.
    recruiting = program(demo, Status.RECRUITING)
    assert recruiting.mentee_min_level == 6
    assert (
        Enrollment.objects.filter(program=recruiting, role=EnrollmentRole.MENTEE).count()
        == MAX_MENTEES["recruiting"]
    )


def test_the_active_program_runs_its_crowd_signed_trained_and_started(
    demo: DemoSeedResult,
) -> None:
    active = program(demo, Status.ACTIVE)
    pairs = Pair.objects.filter(program=active)
    assert pairs.count() >= MAX_MENTEES["active"] + 0.9 * crowd_size(SIZE)
    runs = MatchRun.objects.filter(program=active, status=MatchRunStatus.PUBLISHED)
    assert runs.count() == 2  # the stories' round, then the crowd's
    required = [m for m in TrainingModule.objects.filter(program=active) if m.blocks_launch]
    started = pairs.filter(status=PairStatus.ACTIVE, started_at__isnull=False)
    assert started.count() > 0.9 * crowd_size(SIZE)
    for pair in started.order_by("-pk")[:20]:  # the crowd's, last written
        signers = set(
            AgreementSignature.objects.filter(pair=pair).values_list("employee_id", flat=True)
        )
        assert signers == {pair.mentor_id, pair.mentee_id}
        for person in (pair.mentor_id, pair.mentee_id):
            done = TrainingCompletion.objects.filter(employee_id=person, module__in=required)
            assert done.count() == len(required)
        assert ChecklistTick.objects.filter(pair=pair, step="kickoff").exists()
        assert pair.started_at is not None
        assert pair.started_at >= pair.created_at
    # A few crowd pairs still launching: the mentor signed, the mentee has not.
    launching = pairs.filter(status=PairStatus.LAUNCHING)
    assert launching.count() >= 2
    waiting = launching.order_by("-pk").first()
    assert waiting is not None
    signers = set(
        AgreementSignature.objects.filter(pair=waiting).values_list("employee_id", flat=True)
    )
    assert signers == {waiting.mentor_id}


def test_the_stories_and_the_sign_ins_are_intact(demo: DemoSeedResult) -> None:
    active = program(demo, Status.ACTIVE)
    mentor, mentee = demo.personas["mentor"], demo.personas["mentee"]
    persona_pair = Pair.objects.get(program=active, mentor=mentor, mentee=mentee)
    assert persona_pair.status == PairStatus.ACTIVE
    for persona in demo.personas.values():
        assert persona.user is not None
        assert persona.user.has_usable_password()
    rows = health_of_pairs(pairs=Pair.objects.filter(program=active))
    assert {row.state for row in rows} == set(HealthState)
    showcase = next(row for row in rows if row.pair.pk == persona_pair.pk)
    assert showcase.state == HealthState.ON_TRACK
    # Nobody takes part twice in one program, and the crowd took nobody from the stories.
    for built in Program.objects.filter(organization=demo.organization):
        people = list(
            Enrollment.objects.filter(program=built).values_list("employee_id", flat=True)
        )
        assert len(people) == len(set(people))


def test_the_active_crowd_enrolled_before_its_pairs_were_published(demo: DemoSeedResult) -> None:
    """The crowd's enrolments, written in bulk, lie in the program's recruiting weeks like
    the stories' (the participants export's "Added on"), not on the day of the build."""
    active = program(demo, Status.ACTIVE)
    published = min(Pair.objects.filter(program=active).values_list("created_at", flat=True))
    enrolled = Enrollment.objects.filter(program=active)
    assert enrolled.count() > MAX_MENTEES["active"] + crowd_size(SIZE)

    latest = max(enrolled.values_list("created_at", flat=True))
    assert latest < published
    assert enrolled.values("created_at").distinct().count() > 3

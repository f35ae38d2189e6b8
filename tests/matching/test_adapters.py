"""The adapter: ORM rows to engine people, settings, and results back as plain data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching import adapters
from remento.matching.engine import model as engine_model
from remento.people.models import Employee, SensitiveAttribute, SensitiveKind
from remento.programs.models import Program, Status
from remento.relationships.models import Pair, PairSource
from tests.matching.helpers import enroll, make_program, person, teach, want


def test_pool_chains_walk_every_level_up_nearest_first(
    organization: Organization, program: Program
) -> None:
    ceo = person(organization, level=10)
    vp = person(organization, level=8, manager=ceo)
    lead = person(organization, level=5, manager=vp)
    junior = person(organization, level=2, manager=lead)
    enroll(program, junior, EnrollmentRole.MENTOR)
    enroll(program, ceo, EnrollmentRole.MENTEE)

    pool = adapters.pool_for_program(program)

    assert pool.mentors[0].manager_chain == (str(lead.pk), str(vp.pk), str(ceo.pk))
    assert pool.mentees[0].manager_chain == ()


def test_pool_chains_go_as_deep_as_the_programs_reporting_line_rule(
    organization: Organization, program: Program
) -> None:
    lead = person(organization, level=5, manager=person(organization, level=8))
    junior = person(organization, level=2, manager=lead)
    enroll(program, junior, EnrollmentRole.MENTOR)
    program.reporting_line_depth = 1
    program.save(update_fields=["reporting_line_depth"])

    pool = adapters.pool_for_program(program)

    assert pool.mentors[0].manager_chain == (str(lead.pk),)


def _pool_queries(program: Program, population: adapters.Population) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        adapters.pool_for_program(program, population=population)
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("population", ["enrolled", "eligible"])
def test_pool_reads_its_peoples_managers_in_one_query_whatever_the_organisation_size(
    organization: Organization, program: Program, population: adapters.Population
) -> None:
    boss = person(organization, level=10)
    enroll(program, person(organization, level=2, manager=boss), EnrollmentRole.MENTOR)
    enroll(program, person(organization, level=9, manager=boss), EnrollmentRole.MENTEE)
    small = _pool_queries(program, population)
    for _ in range(30):
        person(organization, level=5, manager=person(organization, level=6, manager=boss))

    large = _pool_queries(program, population)

    assert len(large) == len(small)
    assert sum("WITH RECURSIVE" in sql for sql in large) == 1


def test_mentor_in_the_mentees_reporting_line_is_never_paired(
    organization: Organization, program: Program
) -> None:
    mentee = person(organization, level=9)
    own_report = person(
        organization, level=2, manager=person(organization, level=5, manager=mentee)
    )
    other = person(organization, level=2)
    for mentor in (own_report, other):
        teach(mentor, tiktok=5)
        enroll(program, mentor, EnrollmentRole.MENTOR)
    want(mentee, tiktok=5)
    enroll(program, mentee, EnrollmentRole.MENTEE)

    outcome = adapters.pool_match(adapters.pool_for_program(program))

    assert [(p.mentor_id, p.mentee_id) for p in outcome.pairs] == [(other.pk, mentee.pk)]
    with pytest.raises(adapters.PairForbidden, match="reporting line"):
        adapters.pair_explain(program=program, mentor=own_report, mentee=mentee)


def _declare(employee: Employee, *, consent: bool) -> None:
    SensitiveAttribute.objects.create(
        employee=employee,
        kind=SensitiveKind.BACKGROUND,
        value="Caribbean",
        consent_matching=consent,
        consented_at=timezone.now() if consent else None,
    )


def test_sensitive_attributes_travel_only_with_both_consents(
    organization: Organization, program: Program
) -> None:
    both = person(organization, level=2)
    attribute_only = person(organization, level=2)
    program_only = person(organization, level=9)
    _declare(both, consent=True)
    _declare(attribute_only, consent=True)
    _declare(program_only, consent=False)
    enroll(program, both, EnrollmentRole.MENTOR, consent_sensitive=True)
    enroll(program, attribute_only, EnrollmentRole.MENTOR, consent_sensitive=False)
    enroll(program, program_only, EnrollmentRole.MENTEE, consent_sensitive=True)

    pool = adapters.pool_for_program(program)
    diversity = {int(p.id): dict(p.diversity) for p in [*pool.mentors, *pool.mentees]}

    assert diversity[both.pk] == {"background": "Caribbean"}
    assert diversity[attribute_only.pk] == {}
    assert diversity[program_only.pk] == {}


def test_pool_leaves_out_paired_mentees_and_counts_mentors_free_places(
    organization: Organization, program: Program
) -> None:
    mentor = person(organization, level=2)
    paired, waiting = person(organization, level=9), person(organization, level=9)
    enroll(program, mentor, EnrollmentRole.MENTOR, capacity=2)
    enroll(program, paired, EnrollmentRole.MENTEE)
    enroll(program, waiting, EnrollmentRole.MENTEE)
    enroll(program, person(organization, level=9), EnrollmentRole.MENTEE, status="applied")
    Pair.objects.create(program=program, mentor=mentor, mentee=paired, source=PairSource.CHOICE)

    pool = adapters.pool_for_program(program)

    assert pool.mentee_ids() == {waiting.pk}
    assert [(int(p.id), p.capacity) for p in pool.mentors] == [(mentor.pk, 1)]


def test_enrolment_settings_override_the_profile(
    organization: Organization, program: Program
) -> None:
    mentor = person(organization, level=2, timezone="Europe/London", hours_per_month=2)
    enroll(program, mentor, EnrollmentRole.MENTOR, timezone="Asia/Tokyo", hours_per_month=8)

    (engine_person,) = adapters.pool_for_program(program).mentors

    assert engine_person.timezone == "Asia/Tokyo"
    assert engine_person.hours_per_month == 8


def test_program_settings_become_engine_settings(organization: Organization) -> None:
    program = make_program(
        organization,
        weights={"skills": 2.0, "interests": 0.0},
        same_department="forbid",
        max_timezone_diff_hours=3,
        reporting_line_depth=2,
        program_type="mutual",
    )

    settings = adapters.settings_for(program, locked=[(1, 2)], blocked=[(3, 4)])

    assert settings.weights.skills == 2.0
    assert settings.weights.interests == 0.0
    assert settings.weights.timezone == 1.5  # not set on the program: the default
    assert settings.same_department == "forbid"
    assert settings.max_timezone_diff_hours == 3.0
    assert settings.reporting_line_depth == 2
    assert settings.program_type == "mutual"
    assert settings.locked_pairs == (("1", "2"),)
    assert settings.blocked_pairs == frozenset({("3", "4")})


def test_eligible_population_uses_the_programs_levels_and_departments(
    organization: Organization,
) -> None:
    program = make_program(organization, status=Status.DRAFT)
    junior, senior = person(organization, level=2), person(organization, level=9)
    person(organization, level=5)  # between the two ranges: in neither
    person(organization, level=2, is_active=False)
    program.departments.set([junior.department, senior.department])
    person(organization, level=2)  # a department outside the program

    pool = adapters.pool_for_program(program, population="eligible")

    assert pool.mentor_ids() == {junior.pk}
    assert pool.mentee_ids() == {senior.pk}


def test_results_come_back_with_reasons_and_contributions_that_add_up(
    program: Program, pool: dict[str, Employee]
) -> None:
    outcome = adapters.pool_match(adapters.pool_for_program(program))

    assert {(p.mentor_id, p.mentee_id) for p in outcome.pairs} == {
        (pool[f"a{i}"].pk, pool[f"x{i}"].pk) for i in (1, 2, 3)
    }
    for result in outcome.pairs:
        assert abs(sum(result.contributions.values()) - result.score) < 1e-3
        assert any("Tiktok" in r or "Genai" in r or "Excel" in r for r in result.reasons)
    assert outcome.summary["pairs"] == 3
    assert outcome.unmatched == []


@pytest.mark.parametrize(
    "reason",
    [
        engine_model.NO_ELIGIBLE_PARTNER,
        engine_model.LOST_TO_BETTER_MATCH,
        engine_model.NO_CAPACITY,
        engine_model.LOCKED_ELSEWHERE,
    ],
)
def test_every_reason_the_engine_gives_has_words_for_the_coordinator(reason: str) -> None:
    words = adapters.UNMATCHED_WORDS[reason]

    assert words.endswith(".")
    assert words.casefold() != reason.casefold()

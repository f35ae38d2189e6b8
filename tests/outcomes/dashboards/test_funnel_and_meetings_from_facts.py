"""The results page draws its funnel and meetings-per-pair chart from the program's facts,
already read for its KPIs, instead of reading the enrolments, pairs and meetings again:
the same figures as the queries of their own, and fewer queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from remento.enrollment.models import EnrollmentRole, EnrollmentStatus
from remento.outcomes.dashboards.selectors import meetings_per_pair
from remento.outcomes.kpis.facts import program_facts
from remento.outcomes.selectors import participation_funnel
from tests.factories import enroll
from tests.outcomes.kpis.builders import HandMade, person


def test_the_funnel_from_the_facts_is_the_one_the_queries_give(made: HandMade) -> None:
    organization = made.program.organization
    waiting = person(organization, "Waiting", 3)
    enroll(made.program, waiting, EnrollmentRole.MENTEE, status=EnrollmentStatus.WAITLISTED)
    facts = program_facts(made.program.pk)

    with CaptureQueriesContext(connection) as queries:
        from_facts = participation_funnel(made.program, facts=facts)

    assert from_facts == participation_funnel(made.program)
    assert from_facts.waitlisted >= 1  # the hand-made program has its own waiting list
    assert len(queries) == 0


def test_meetings_per_pair_from_the_facts_are_those_the_query_counts(made: HandMade) -> None:
    facts = program_facts(made.program.pk)

    with CaptureQueriesContext(connection) as queries:
        from_facts = meetings_per_pair(made.program, facts=facts)

    assert from_facts == meetings_per_pair(made.program)
    assert from_facts.pairs > 0
    assert len(queries) == 0

"""Matching messages count in words that agree with the number: "1 pair", never "1 pairs"."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from remento.core.errors import ServiceError
from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching.models import MatchRun
from remento.matching.services.common import full_message, round_limit
from remento.matching.services.publish import _check_limits
from remento.programs.plan import ProgramPlan, plan_errors
from tests.matching.helpers import enroll, make_program, person, teach, want


def test_one_pair_run_and_published_reads_in_the_singular_and_points_to_the_launch(
    coordinator_client: Client, organization: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    program = make_program(organization)
    mentor = person(organization, level=2)
    mentee = person(organization, level=9)
    teach(mentor, genai=5)
    want(mentee, genai=5)
    enroll(program, mentor, EnrollmentRole.MENTOR)
    enroll(program, mentee, EnrollmentRole.MENTEE)

    with django_capture_on_commit_callbacks(execute=True):  # the worker runs it on commit
        coordinator_client.post(reverse("matching:run_start", args=[program.pk]))
    run = MatchRun.objects.get(program=program)
    # The page's progress poll sees the run finished: it says so and reloads the page.
    coordinator_client.get(
        reverse("matching:run_progress", args=[program.pk, run.pk]), headers={"HX-Request": "true"}
    )
    ran = coordinator_client.get(reverse("matching:run_review", args=[program.pk])).text
    published = coordinator_client.post(
        reverse("matching:run_publish", args=[program.pk, run.pk]),
        {"scope": "all"},
        follow=True,
    ).text

    assert "Matching ran: 1 pair proposed, 0 people unmatched." in ran
    assert "Published 1 pair;" in published
    # What comes next: the launch, on the program's overview (the page once only offered
    # the weights and another run).
    assert "launch the program</a>" in published
    assert reverse("programs:detail", args=[program.pk]) + "#lifecycle-next" in published


def test_a_limit_of_one_pair_at_once_reads_in_the_singular(organization: Organization) -> None:
    program = make_program(organization, max_pairs=1)

    with pytest.raises(ServiceError) as refused:
        _check_limits(program=program, count=2, selectable=True)

    assert "limit of 1 pair at once" in str(refused.value)


def test_a_cohort_larger_than_one_pair_at_once_reads_in_the_singular(
    organization: Organization,
) -> None:
    plan = ProgramPlan(name="Digital leaders", max_pairs=1, pairs_per_cohort=2)

    errors = plan_errors(plan=plan, organization=organization)

    assert errors["pairs_per_cohort"] == (
        "A matching round of 2 pairs does not fit in 1 pair at once."
    )


def test_people_beyond_a_limit_of_one_pair_are_told_in_the_singular(
    organization: Organization,
) -> None:
    program = make_program(organization, max_pairs=1)

    assert round_limit(program).reason.startswith("Beyond the program's 1 pair at once: 1 place")
    assert "is full: it has 1 pair at once" in full_message(program)


def test_the_run_summary_counts_one_unmatched_mentee_in_the_singular() -> None:
    summary = SimpleNamespace(
        pairs=1, total=1.0, minimum=1.0, p10=1.0, median=1.0,
        unmatched_mentees=1, unmatched_mentors=2, unmatched_by_department=[],
    )  # fmt: skip

    html = render_to_string(
        "matching/_summary.html", {"summary": summary, "histogram": [], "best_possible": 5}
    )

    assert '<span class="label">pair</span>' in html
    assert "mentee unmatched" in html
    assert "mentees unmatched" not in html  # it once said "1 mentees unmatched"
    assert "mentors unmatched" in html

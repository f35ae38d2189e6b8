"""A program's assessments for its coordinators: how far each kind has got, and who still
has one to answer, to follow up; never anyone's levels, and nobody else's program."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.outcomes.assessments.models import AssessmentStatus
from remento.people.models import Employee, Skill
from remento.programs.models import Program, Status
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.outcomes.assessments.conftest import AFTER, BEFORE, rated, started, wants


def _url(program: Program) -> str:
    return reverse("outcomes:program_assessments", args=[program.pk])


def test_the_coordinator_sees_who_has_one_waiting_and_no_levels(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    coordinator_client: Client,
    skills: dict[str, Skill],
) -> None:
    Program.objects.filter(pk=program.pk).update(status=Status.ACTIVE)
    wants(mentee, skills["Social media"])
    pair = started(program, mentor, mentee)  # the mentee's "before" is asked
    rated(pair, mentee, AFTER, {skills["Social media"]: 4})  # an answered one: no level shown

    page = coordinator_client.get(_url(program)).content.decode()

    assert "Still to answer (1)" in page
    assert "Martin Senior" in page.split("Still to answer")[1]
    assert "Self-assessment, before (at the start)" in page
    assert reverse("relationships:pair_detail", args=[pair.pk]) in page
    assert "Expert" not in page  # level 4's name: what anyone answered is theirs
    assert (
        ">Self-assessments<"
        in coordinator_client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    )


def test_participants_and_other_organisations_cannot_open_it(
    program: Program, mentee_client: Client, stranger: Employee
) -> None:
    assert mentee_client.get(_url(program)).status_code in (403, 404)
    assert client_for(stranger).get(_url(program)).status_code == 404


def test_the_page_costs_the_same_queries_for_one_waiting_or_many(
    program: Program,
    mentor: Employee,
    mentee: Employee,
    coordinator_client: Client,
    skills: dict[str, Skill],
) -> None:
    Program.objects.filter(pk=program.pk).update(status=Status.ACTIVE)
    pair = started(program, mentor, mentee)
    coordinator_client.get(_url(program))
    with CaptureQueriesContext(connection) as few:
        coordinator_client.get(_url(program))
    for number in range(12):
        learner = EmployeeFactory(organization=program.organization, level=9)
        rated(pair, learner, BEFORE, {}, status=AssessmentStatus.OPEN, days_ago=number)
    with CaptureQueriesContext(connection) as many:
        page = coordinator_client.get(_url(program)).content.decode()

    assert len(many) == len(few)
    assert "Still to answer (13)" in page

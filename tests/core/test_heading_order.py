"""Headings go in order on every page people use most: one h1 first, and no level skipped on
the way down (an h2 before any h3), so a screen reader's outline makes sense."""

from __future__ import annotations

import re
from itertools import pairwise

from django.test import Client
from django.urls import reverse

from remento.enrollment.models import EnrollmentRole
from remento.matching.services import bulk
from remento.people.models import Employee
from tests.matching.helpers import enroll, make_program

HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)


def heading_problems(html: str) -> list[str]:
    """What breaks the order: a first heading that is not h1, a second h1, a skipped level."""
    levels = [int(level) for level in HEADING.findall(html)]
    problems = []
    if levels and levels[0] != 1:
        problems.append(f"starts with h{levels[0]}")
    if levels.count(1) > 1:
        problems.append(f"{levels.count(1)} h1 headings")
    for before, after in pairwise(levels):
        if after > before + 1:
            problems.append(f"h{before} then h{after}")
    return problems


def test_the_checker_finds_a_skipped_level() -> None:
    assert heading_problems("<h1>a</h1><h3>b</h3>") == ["h1 then h3"]
    assert heading_problems("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>") == []


def _check(client: Client, urls: list[str]) -> dict[str, list[str]]:
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if problems := heading_problems(response.content.decode()):
            found[url] = problems
    return found


def test_coordinator_pages_have_their_headings_in_order(
    coordinator: Employee,
    coordinator_client: Client,
    mentor: Employee,
    mentee: Employee,
) -> None:
    program = make_program(coordinator.organization)
    enroll(program, mentor, EnrollmentRole.MENTOR)
    enroll(program, mentee, EnrollmentRole.MENTEE)
    bulk.match_run_start(actor=coordinator.user, program=program)
    pk = program.pk
    urls = [
        reverse("home"),
        reverse("programs:list"),
        reverse("programs:detail", args=[pk]),
        reverse("programs:edit", args=[pk]),
        reverse("enrollment:participants", args=[pk]),
        reverse("enrollment:applications", args=[pk]),
        reverse("matching:preview", args=[pk]),
        reverse("matching:run_review", args=[pk]),
        reverse("relationships:program_pairs", args=[pk]),
        reverse("training:compliance", args=[pk]),
        reverse("people:directory"),
        reverse("people:employee_detail", args=[mentee.pk]),
        reverse("people:import_upload"),
        reverse("people:profile_edit"),
    ]

    assert _check(coordinator_client, urls) == {}


def test_participant_pages_have_their_headings_in_order(
    coordinator: Employee, mentee: Employee, mentee_client: Client
) -> None:
    program = make_program(coordinator.organization)
    enroll(program, mentee, EnrollmentRole.MENTEE)
    urls = [
        reverse("home"),
        reverse("people:profile_edit"),
        reverse("enrollment:my_programs"),
        reverse("relationships:my_pairs"),
        reverse("training:my_training"),
        reverse("training:resource_list"),
        reverse("programs:about", args=[program.pk]),
    ]

    assert _check(mentee_client, urls) == {}

"""The participants list of a program comes 50 a page, keeps its filters from page to page,
and costs the same number of queries for a few people as for many."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.enrollment.selectors import PARTICIPANTS_PAGE_SIZE
from remento.programs.models import Program
from tests.factories import EmployeeFactory
from tests.relationships.builders import enroll

# The counts by role and status give the list's total: no count of its own (9, was 10).
PAGE_QUERIES = 9


def _enroll_many(organization: Organization, program: Program, mentors: int, mentees: int) -> None:
    for role, how_many in ((EnrollmentRole.MENTOR, mentors), (EnrollmentRole.MENTEE, mentees)):
        for _ in range(how_many):
            enroll(program, EmployeeFactory(organization=organization), role)


@pytest.mark.parametrize("people", [3, PARTICIPANTS_PAGE_SIZE + 20])
def test_the_participants_page_query_count_is_the_same_at_two_sizes(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    people: int,
    django_assert_num_queries: Any,
) -> None:
    _enroll_many(organization, program, mentors=people // 2, mentees=people - people // 2)
    url = reverse("enrollment:participants", args=[program.pk])
    with django_assert_num_queries(PAGE_QUERIES):
        response = coordinator_client.get(url)
    assert response.status_code == 200
    assert len(response.context["overview"].rows) == min(people, PARTICIPANTS_PAGE_SIZE)


def test_the_participants_list_is_paginated_and_keeps_its_filters(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    _enroll_many(organization, program, mentors=PARTICIPANTS_PAGE_SIZE + 5, mentees=3)
    url = reverse("enrollment:participants", args=[program.pk])

    first = coordinator_client.get(url, {"role": "mentor"})
    body = first.content.decode()
    assert len(first.context["overview"].rows) == PARTICIPANTS_PAGE_SIZE
    assert f"Showing 1–{PARTICIPANTS_PAGE_SIZE} of {PARTICIPANTS_PAGE_SIZE + 5}" in body
    assert f"1–{PARTICIPANTS_PAGE_SIZE} of {PARTICIPANTS_PAGE_SIZE + 5}" in body
    next_cursor = first.context["overview"].page.next_cursor
    assert 'href="?role=mentor&amp;cursor=' in body

    second = coordinator_client.get(url, {"role": "mentor", "cursor": next_cursor}).context[
        "overview"
    ]
    assert len(second.rows) == 5
    assert {e.role for e in second.rows} == {EnrollmentRole.MENTOR}
    seen = {e.pk for e in first.context["overview"].rows} | {e.pk for e in second.rows}
    assert len(seen) == PARTICIPANTS_PAGE_SIZE + 5  # no one twice, no one left out


@pytest.mark.parametrize("cursor", ["99", "nonsense", "-1"])
def test_a_cursor_edited_by_hand_shows_the_first_page(
    organization: Organization, program: Program, coordinator_client: Client, cursor: str
) -> None:
    _enroll_many(organization, program, mentors=PARTICIPANTS_PAGE_SIZE + 1, mentees=0)
    url = reverse("enrollment:participants", args=[program.pk])
    response = coordinator_client.get(url, {"cursor": cursor})
    assert response.status_code == 200
    assert response.context["overview"].page.start == 1
    assert response.context["overview"].rows


def test_a_short_list_has_no_page_links(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    _enroll_many(organization, program, mentors=2, mentees=1)
    body = coordinator_client.get(
        reverse("enrollment:participants", args=[program.pk])
    ).content.decode()
    assert "3 people" in body
    assert 'aria-label="Pages of participants"' not in body

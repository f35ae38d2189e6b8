"""programs_for and program_detail: what a viewer sees, with counts in one query."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from remento.enrollment.models import EnrollmentRole
from remento.programs.models import Status
from remento.programs.selectors import program_detail, programs_for
from tests.programs.conftest import enroll, pair, with_status


def test_list_counts_enrolled_people_open_pairs_and_kpis(
    coordinator, active_program, draft, mentor, mentee, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = {program.pk: program for program in programs_for(viewer=coordinator)}

    active = rows[active_program.pk]
    assert (active.mentors_enrolled, active.mentees_enrolled, active.pairs_open) == (1, 1, 1)
    assert active.kpi_count == 2
    assert (rows[draft.pk].mentors_enrolled, rows[draft.pk].kpi_count) == (0, 0)


def test_participants_see_no_drafts_and_strangers_see_nothing(mentee, stranger, draft, ready_draft):
    with_status(ready_draft, Status.RECRUITING)

    assert list(programs_for(viewer=mentee)) == [ready_draft]
    assert list(programs_for(viewer=stranger)) == []


def test_detail_pairs_actions_with_their_guards(coordinator, ready_draft, mentor):
    program = with_status(ready_draft, Status.RECRUITING)
    enroll(program, mentor, EnrollmentRole.MENTOR)

    detail = program_detail(viewer=coordinator, program_pk=program.pk)

    assert [state.action.to for state in detail.actions] == [Status.MATCHING]
    assert not detail.actions[0].allowed
    assert [g.reason for g in detail.actions[0].guards] == ["Enrol at least one mentee."]
    assert detail.mentors_enrolled == 1
    assert detail.mentor_levels == "levels 1–4 (Entry to Senior professional)"
    assert any("reporting line, at any depth" in rule for rule in detail.rules)


def test_detail_of_matching_program_offers_launch_and_going_back(
    coordinator, matching_program, mentor, mentee
):
    pair(matching_program, mentor, mentee)

    detail = program_detail(viewer=coordinator, program_pk=matching_program.pk)

    states = {state.action.to: state for state in detail.actions}
    assert states[Status.ACTIVE].allowed
    assert not states[Status.RECRUITING].allowed


def test_detail_is_403_for_a_participant_and_404_for_a_stranger(mentee, stranger, ready_draft):
    with_status(ready_draft, Status.RECRUITING)
    with pytest.raises(PermissionDenied):
        program_detail(viewer=mentee, program_pk=ready_draft.pk)
    with pytest.raises(Http404):
        program_detail(viewer=stranger, program_pk=ready_draft.pk)


def test_a_blocker_links_to_the_page_where_it_is_done(coordinator_client, ready_draft, mentor):
    program = with_status(ready_draft, Status.RECRUITING)
    enroll(program, mentor, EnrollmentRole.MENTOR)

    page = coordinator_client.get(reverse("programs:detail", args=[program.pk])).text

    participants = reverse("enrollment:participants", args=[program.pk])
    assert f'<a href="{participants}">Enrol at least one mentee.</a>' in page


def test_publishing_a_pair_links_to_the_matching_review(coordinator_client, matching_program):
    page = coordinator_client.get(reverse("programs:detail", args=[matching_program.pk])).text

    review = reverse("matching:run_review", args=[matching_program.pk])
    assert f'<a href="{review}">Publish at least one pair.</a>' in page

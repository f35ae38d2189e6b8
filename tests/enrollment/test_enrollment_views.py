from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from remento.enrollment.models import Enrollment, Question
from remento.programs.models import EnrollmentMode, Program, Status
from tests.conftest import client_for
from tests.enrollment.conftest import make_program, person, submit

COORDINATOR_PAGES = ["participants", "applications", "nominate", "questions"]


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_coordinator_pages_open_for_coordinators(
    coordinator_client: Client, program: Program, name: str
) -> None:
    response = coordinator_client.get(reverse(f"enrollment:{name}", args=[program.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_participants_get_403_on_coordinator_pages(
    mentee_client: Client, program: Program, name: str
) -> None:
    response = mentee_client.get(reverse(f"enrollment:{name}", args=[program.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("name", [*COORDINATOR_PAGES, "signup", "invitation"])
def test_strangers_get_404(stranger, program: Program, name: str) -> None:
    response = client_for(stranger).get(reverse(f"enrollment:{name}", args=[program.pk]))
    assert response.status_code == 404


def test_a_draft_program_is_invisible_to_participants(mentee_client: Client, organization) -> None:
    draft = make_program(organization, status=Status.DRAFT)
    response = mentee_client.get(reverse("enrollment:signup", args=[draft.pk]))
    assert response.status_code == 404


def test_signing_up_through_the_page_enrols(
    mentee_client: Client, program: Program, mentee
) -> None:
    url = reverse("enrollment:signup", args=[program.pk])
    page = mentee_client.get(url)
    assert "You join as a <strong>mentee</strong>" in page.content.decode()

    response = mentee_client.post(
        url, {"role": "mentee", "hours_per_month": "3", "timezone": "Europe/Berlin"}
    )

    assert response.status_code == 302
    assert Enrollment.objects.get(employee=mentee).status == "enrolled"


def test_bad_hours_on_the_page_show_the_error_and_save_nothing(
    mentee_client: Client, program: Program
) -> None:
    response = mentee_client.post(
        reverse("enrollment:signup", args=[program.pk]),
        {"role": "mentee", "hours_per_month": "0", "timezone": "Europe/Berlin"},
    )

    assert response.status_code == 200
    assert "Give from 1 to 40 hours a month, not 0." in response.content.decode()
    assert not Enrollment.objects.exists()


def test_someone_fitting_no_role_is_told_why(coordinator_client: Client, program: Program) -> None:
    response = coordinator_client.get(reverse("enrollment:signup", args=[program.pk]))
    body = response.content.decode()
    assert "mentors of this program are at levels 1 to 4" in body
    assert "mentees of this program are at levels 7 to 10" in body


def test_someone_fitting_both_roles_chooses_first(organization, program: Program) -> None:
    Program.objects.filter(pk=program.pk).update(mentor_max_level=5, mentee_min_level=5)
    both = person(organization, "Bo", 5)
    url = reverse("enrollment:signup", args=[program.pk])

    assert "Join as" in client_for(both).get(url).content.decode()
    assert "You join as a <strong>mentor</strong>" in (
        client_for(both).get(url + "?role=mentor").content.decode()
    )


def test_my_programs_lists_my_places_and_open_programs(
    mentee_client: Client, organization, mentee
) -> None:
    mine = make_program(organization, name="Mine", max_pairs=1)
    make_program(organization, name="Open one")
    make_program(organization, name="Hidden draft", status=Status.DRAFT)
    submit(person(organization, "Ann", 9), mine)
    submit(mentee, mine)

    body = mentee_client.get(reverse("enrollment:my_programs")).content.decode()

    assert "On the waitlist · number 1" in body
    assert "Open one" in body
    assert "Hidden draft" not in body


def test_an_open_programs_name_links_to_its_sign_up_page(
    mentee_client: Client, organization
) -> None:
    program = make_program(organization, name="Open one")
    signup = reverse("enrollment:signup", args=[program.pk])

    body = mentee_client.get(reverse("enrollment:my_programs")).content.decode()

    assert f'<h3><a href="{signup}">Open one</a></h3>' in body


def test_the_participants_page_counts_and_filters(
    coordinator_client: Client, organization, program: Program, mentee, mentor
) -> None:
    submit(mentee, program)
    submit(mentor, program)
    url = reverse("enrollment:participants", args=[program.pk])

    overview = coordinator_client.get(url).context["overview"]
    assert overview.counts["mentee"]["enrolled"] == 1
    assert overview.counts["mentor"]["enrolled"] == 1

    filtered = coordinator_client.get(url, {"role": "mentor", "q": "maya"}).context["overview"]
    assert [e.employee for e in filtered.rows] == [mentor]


def test_the_participants_page_does_not_grow_queries_with_people(
    coordinator_client: Client, organization, program: Program, django_assert_max_num_queries
) -> None:
    for n in range(12):
        submit(person(organization, f"P{n}", 9), program)
    with django_assert_max_num_queries(12):
        coordinator_client.get(reverse("enrollment:participants", args=[program.pk]))


def test_approving_from_the_queue(coordinator_client: Client, organization, mentee) -> None:
    program = make_program(organization, enrollment_mode=EnrollmentMode.APPLICATION)
    application = submit(mentee, program)

    queue = coordinator_client.get(reverse("enrollment:applications", args=[program.pk]))
    assert "Martin Senior" in queue.content.decode()
    coordinator_client.post(
        reverse("enrollment:application_decide", args=[program.pk, application.pk]),
        {"decision": "approve"},
    )

    assert Enrollment.objects.get().status == "enrolled"


def test_declining_from_the_queue_without_a_note_is_refused(
    coordinator_client: Client, organization, mentee
) -> None:
    program = make_program(organization, enrollment_mode=EnrollmentMode.APPLICATION)
    application = submit(mentee, program)

    response = coordinator_client.post(
        reverse("enrollment:application_decide", args=[program.pk, application.pk]),
        {"decision": "decline", "note": ""},
        follow=True,
    )

    assert "Say why" in response.content.decode()
    assert Enrollment.objects.get().status == "applied"


def test_nominating_from_the_search(coordinator_client: Client, program: Program, mentee) -> None:
    url = reverse("enrollment:nominate", args=[program.pk])
    found = coordinator_client.get(url, {"q": "martin"})
    assert [c.employee for c in found.context["candidates"]] == [mentee]

    coordinator_client.post(url, {"role": "mentee", "employees": [mentee.pk], "note": ""})

    assert Enrollment.objects.get().status == "invited"


def test_an_invited_person_accepts_on_the_page(
    coordinator_client: Client, mentee_client: Client, program: Program, mentee
) -> None:
    coordinator_client.post(
        reverse("enrollment:nominate", args=[program.pk]),
        {"role": "mentee", "employees": [mentee.pk]},
    )
    url = reverse("enrollment:invitation", args=[program.pk])
    assert mentee_client.get(url).status_code == 200

    mentee_client.post(url, {"answer": "accept", "hours_per_month": "2", "timezone": "UTC"})

    assert Enrollment.objects.get().status == "enrolled"


def test_an_invitation_to_a_full_role_says_accepting_joins_the_waitlist(
    coordinator_client: Client, mentee_client: Client, organization, mentee
) -> None:
    full = make_program(organization, name="Full", max_pairs=1)
    submit(person(organization, "Ann", 9), full)  # the one mentee place is taken
    coordinator_client.post(
        reverse("enrollment:nominate", args=[full.pk]),
        {"role": "mentee", "employees": [mentee.pk]},
    )
    url = reverse("enrollment:invitation", args=[full.pk])

    page = mentee_client.get(url).content.decode()

    # The button said "Accept and enrol" while accepting put the person on the waitlist.
    assert "Accept and join the waitlist" in page
    assert "Accept and enrol" not in page
    assert "accepting puts you on its waitlist" in page
    mentee_client.post(url, {"answer": "accept", "hours_per_month": "2", "timezone": "UTC"})
    assert Enrollment.objects.get(program=full, employee=mentee).status == "waitlisted"


def test_with_a_place_in_the_only_recruiting_program_none_other_is_open(
    mentee_client: Client, organization, mentee
) -> None:
    mine = make_program(organization, name="Mine")
    submit(mentee, mine)

    body = mentee_client.get(reverse("enrollment:my_programs")).content.decode()

    # It said "No program … is recruiting right now" under a place in a recruiting program.
    assert "No other program of your organisation is open for sign-up right now." in body


def test_adding_a_question_on_the_builder(coordinator_client: Client, program: Program) -> None:
    url = reverse("enrollment:questions", args=[program.pk])
    response = coordinator_client.post(
        url,
        {"text": "Favourite tool?", "kind": "single", "choices": "Excel\nNotion", "required": "on"},
    )

    assert response.status_code == 302
    assert Question.objects.get().choices == ["Excel", "Notion"]


def test_a_bad_question_on_the_builder_shows_the_error(
    coordinator_client: Client, program: Program
) -> None:
    response = coordinator_client.post(
        reverse("enrollment:questions", args=[program.pk]),
        {"text": "Outgoing?", "kind": "text", "feeds": "extraversion"},
    )

    assert "asked with a scale from 1 to 5 question" in response.content.decode()
    assert not Question.objects.exists()


def test_withdrawing_on_my_programs(mentee_client: Client, program: Program, mentee) -> None:
    submit(mentee, program)

    mentee_client.post(reverse("enrollment:withdraw", args=[program.pk]))

    assert Enrollment.objects.get().status == "withdrawn"

"""Inviting by filter and by a list of addresses: the preview, the skips, the bulk write."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from remento.core.models import AuditEvent
from remento.enrollment.invitations import (
    NOT_FOUND,
    InviteFilter,
    addresses_from_text,
    invitation_plan,
)
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.services import enrollment_invite_many
from remento.people.models import Employee
from tests.enrollment.conftest import make_program
from tests.factories import DepartmentFactory, EmployeeFactory


def _juniors(organization, department, count, **fields):
    return [
        EmployeeFactory(
            organization=organization,
            department=department,
            level=2,
            location="Lisbon",
            email=f"junior{index}@acme.example",
            **fields,
        )
        for index in range(count)
    ]


def test_addresses_are_read_from_lines_commas_and_a_csv_header():
    text = 'email\nA@acme.example, b@acme.example;\n\n a@ACME.example\n"c@acme.example"'
    assert addresses_from_text(text) == ["A@acme.example", "b@acme.example", "c@acme.example"]


def test_preview_by_filter_lists_who_is_invited_and_who_is_skipped(organization, mentor, mentee):
    program = make_program(organization)
    data = DepartmentFactory(organization=organization, name="Data")
    juniors = _juniors(organization, data, 3)
    Enrollment.objects.create(
        program=program, employee=juniors[0], role="mentor", status=EnrollmentStatus.ENROLLED
    )
    senior = EmployeeFactory(organization=organization, department=data, level=8)
    plan = invitation_plan(
        program=program, role=EnrollmentRole.MENTOR, chosen=InviteFilter(departments=[data])
    )
    assert {p.pk for p in plan.invite} == {juniors[1].pk, juniors[2].pk}
    reasons = {skip.who.split(" (")[0]: skip.reason for skip in plan.skipped}
    assert reasons[juniors[0].display_name] == "already in this program (enrolled)"
    assert reasons[senior.display_name].startswith("level 8: mentors of this program")


def test_a_strangers_address_reads_not_found_and_reveals_nothing(
    organization, coordinator, stranger
):
    program = make_program(organization)
    gone = EmployeeFactory(organization=organization, email="gone@acme.example", is_active=False)
    plan = invitation_plan(
        program=program,
        role=EnrollmentRole.MENTOR,
        addresses=[stranger.email, "nobody@acme.example", gone.email, "not-an-address"],
    )
    reasons = {skip.who: skip.reason for skip in plan.skipped}
    assert reasons[stranger.email] == NOT_FOUND
    assert reasons["nobody@acme.example"] == NOT_FOUND
    assert reasons[gone.email].startswith("inactive")
    assert reasons["not-an-address"] == "not an email address"
    assert plan.invite == []


def test_preview_page_shows_the_skips_and_writes_nothing(
    organization, coordinator_client, mentor, stranger
):
    program = make_program(organization)
    url = reverse("enrollment:invite_many", args=[program.pk])
    page = coordinator_client.post(
        url,
        {
            "role": "mentor",
            "addresses": f"{mentor.email}\n{stranger.email}",
            "preview": "1",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert mentor.display_name in html
    assert "Not found in your directory" in html
    assert stranger.display_name not in html
    assert "Invite 1 person" in html
    assert not Enrollment.objects.filter(program=program).exists()


def test_uploaded_list_is_carried_to_the_confirmation_and_invites(
    organization, coordinator_client, mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    program = make_program(organization)
    url = reverse("enrollment:invite_many", args=[program.pk])
    upload = SimpleUploadedFile("list.csv", f"email\n{mentor.email}\n".encode(), "text/csv")
    preview = coordinator_client.post(url, {"role": "mentor", "upload": upload, "preview": "1"})
    assert mentor.email in preview.content.decode()
    carried = preview.context["form"]["addresses"].value()
    with django_capture_on_commit_callbacks(execute=True):
        done = coordinator_client.post(
            url, {"role": "mentor", "addresses": carried, "confirm": "1"}
        )
    assert done.status_code == 302
    enrollment = Enrollment.objects.get(program=program)
    assert (enrollment.employee, enrollment.status) == (mentor, EnrollmentStatus.INVITED)
    assert [m.to for m in mailoutbox] == [[mentor.email]]
    assert AuditEvent.objects.filter(verb="enrollment.nominated").count() == 1


def test_a_form_with_no_filter_and_no_address_says_what_to_give(organization, coordinator_client):
    program = make_program(organization)
    page = coordinator_client.post(
        reverse("enrollment:invite_many", args=[program.pk]), {"role": "mentor", "preview": "1"}
    )
    assert page.status_code == 400
    assert "Choose who to invite" in page.content.decode()


def test_inviting_thousands_by_filter_takes_a_constant_number_of_queries(
    organization, coordinator, django_assert_max_num_queries
):
    program = make_program(organization)
    data = DepartmentFactory(organization=organization, name="Data")
    Employee.objects.bulk_create(
        Employee(
            organization=organization,
            department=data,
            employee_id=f"B{index:05d}",
            first_name="Bulk",
            last_name=f"Person {index}",
            email=f"bulk{index}@acme.example",
            level=2,
        )
        for index in range(1500)
    )
    with django_assert_max_num_queries(20):
        plan = enrollment_invite_many(
            actor=coordinator.user,
            program=program,
            role=EnrollmentRole.MENTOR,
            chosen=InviteFilter(departments=[data], max_level=4),
        )
    assert len(plan.invite) == 1500
    assert Enrollment.objects.filter(program=program, status="invited").count() == 1500


def test_a_stranger_cannot_open_the_page(organization, stranger):
    from tests.conftest import client_for

    program = make_program(organization)
    page = client_for(stranger).get(reverse("enrollment:invite_many", args=[program.pk]))
    assert page.status_code == 404


def test_a_participant_cannot_open_the_page(organization, mentee_client):
    program = make_program(organization)
    page = mentee_client.get(reverse("enrollment:invite_many", args=[program.pk]))
    assert page.status_code == 403


def test_preview_says_how_many_places_are_left_and_who_would_be_waitlisted(
    organization, coordinator_client
):
    program = make_program(organization, max_pairs=3)
    data = DepartmentFactory(organization=organization, name="Data")
    enrolled, *_others = _juniors(organization, data, 5)
    Enrollment.objects.create(
        program=program, employee=enrolled, role="mentor", status=EnrollmentStatus.ENROLLED
    )
    plan = invitation_plan(
        program=program, role=EnrollmentRole.MENTOR, chosen=InviteFilter(departments=[data])
    )
    assert (len(plan.invite), plan.places_left, plan.beyond_places) == (4, 2, 2)
    page = coordinator_client.post(
        reverse("enrollment:invite_many", args=[program.pk]),
        {"role": "mentor", "departments": [data.pk], "preview": "1"},
    )
    places = page.content.decode().split('id="preview-places"', 1)[1].split("</p>", 1)[0]
    assert "<strong>2</strong> mentor places left" in places
    assert "the other 2 join the waitlist when they accept" in places


def test_preview_says_everyone_joins_the_waitlist_when_the_role_is_full(
    organization, coordinator_client, mentor, mentee
):
    program = make_program(organization, max_pairs=1)
    Enrollment.objects.create(
        program=program, employee=mentor, role="mentor", status=EnrollmentStatus.ENROLLED
    )
    junior = EmployeeFactory(organization=organization, level=2)
    page = coordinator_client.post(
        reverse("enrollment:invite_many", args=[program.pk]),
        {"role": "mentor", "addresses": junior.email, "preview": "1"},
    )
    places = page.content.decode().split('id="preview-places"', 1)[1].split("</p>", 1)[0]
    assert "All the mentor places of this program are taken" in places
    assert "joins the waitlist when they accept" in places


def test_preview_says_nothing_of_places_without_a_limit(organization, coordinator_client, mentor):
    program = make_program(organization)
    page = coordinator_client.post(
        reverse("enrollment:invite_many", args=[program.pk]),
        {"role": "mentor", "addresses": mentor.email, "preview": "1"},
    )
    assert (
        invitation_plan(
            program=program, role=EnrollmentRole.MENTOR, addresses=[mentor.email]
        ).places_left
        is None
    )
    assert 'id="preview-places"' not in page.content.decode()


def test_invitation_email_says_a_full_role_means_the_waitlist(
    organization, coordinator, mentor, mentee, mailoutbox, django_capture_on_commit_callbacks
):
    program = make_program(organization, max_pairs=1)
    Enrollment.objects.create(
        program=program, employee=mentor, role="mentor", status=EnrollmentStatus.ENROLLED
    )
    junior = EmployeeFactory(organization=organization, level=2)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_invite_many(
            actor=coordinator.user,
            program=program,
            role=EnrollmentRole.MENTOR,
            addresses=[junior.email],
        )
        enrollment_invite_many(
            actor=coordinator.user,
            program=program,
            role=EnrollmentRole.MENTEE,
            addresses=[mentee.email],
        )
    by_address = {m.to[0]: m.body for m in mailoutbox}
    assert "if you accept, you join its waitlist" in by_address[junior.email]
    assert "waitlist" not in by_address[mentee.email]

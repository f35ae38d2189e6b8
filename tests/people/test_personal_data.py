"""A person's data: their own export, the admin's copy (page and JSON) and erasure."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from remento.core.audit import audit_log
from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, User
from remento.enrollment.models import Answer, Enrollment, EnrollmentStatus, Question
from remento.people.erasure_models import ErasedEmployeeId
from remento.people.importing.services import people_import_plan
from remento.people.models import Employee, Interest, SensitiveAttribute, SkillOffer
from remento.people.services.personal_data import ERASED_NAME, person_erase
from remento.people.services.personal_export import personal_data_export
from remento.relationships.models import PairStatus
from tests.conftest import client_for
from tests.factories import EmployeeFactory, SkillFactory, employee_with_login
from tests.people.import_files import csv_bytes, person
from tests.relationships.builders import fill_terms, make_pair, make_program


@pytest.fixture
def rich_mentor(mentor: Employee, mentee: Employee) -> Employee:
    """The mentor with a profile, a sensitive attribute, an answer and an open pair."""
    organization = mentor.organization
    SensitiveAttribute.objects.create(
        employee=mentor, kind="caregiver", value="Cares for a parent", consent_matching=True
    )
    SkillOffer.objects.create(
        employee=mentor, skill=SkillFactory(organization=organization), proficiency=4
    )
    mentor.interests.add(Interest.objects.create(organization=organization, name="Climbing"))
    program = make_program(organization)
    pair = make_pair(program, mentor, mentee)
    fill_terms(pair, goals="Martin learns to post on the network.")
    question = Question.objects.create(program=program, text="Why join?", kind="text")
    Answer.objects.create(
        enrollment=Enrollment.objects.get(employee=mentor),
        question=question,
        value="To help",
        display="To help my seniors",
    )
    return mentor


def test_an_admin_exports_everything_held_about_a_person(
    admin: Employee, rich_mentor: Employee, mentee: Employee
) -> None:
    data = personal_data_export(actor=admin.user, employee=rich_mentor).as_json()

    assert data["profile"][0]["email"] == "maya@acme.example"
    assert data["sign_in"][0]["email"] == "maya@acme.example"
    assert data["sensitive_attributes"][0]["value"] == "Cares for a parent"
    assert data["interests"] == [{"interest": "Climbing"}]
    assert data["skills_offered"][0]["proficiency"] == 4
    assert data["enrollments"][0]["role"] == "Mentor"
    assert data["answers"] == [
        {"program": "Digital Leaders 2026", "question": "Why join?", "answer": "To help my seniors"}
    ]
    assert data["pairs"][0]["partner"] == mentee.display_name
    assert "email" not in data["pairs"][0]
    # The pair's agreed goals are the pair's: the admin's copy says where they are read.
    assert "Martin learns to post" not in json.dumps(data)
    assert data["pairs"][0]["agreed_goals"].startswith("Left out of this copy")
    assert reverse("people:my_data") in data["pairs"][0]["agreed_goals"]
    assert "training" in data
    assert "agreement_signatures" in data
    assert AuditEvent.objects.filter(verb="person.exported", target_id=str(rich_mentor.pk)).exists()


def test_the_person_exports_everything_that_is_theirs_themselves(
    rich_mentor: Employee, mentee: Employee
) -> None:
    data = personal_data_export(actor=rich_mentor.user, employee=rich_mentor)
    exported = data.as_json()

    assert data.own
    assert exported["profile"][0]["email"] == "maya@acme.example"
    assert exported["sensitive_attributes"][0]["value"] == "Cares for a parent"
    assert exported["pairs"][0]["partner"] == mentee.display_name
    assert exported["pairs"][0]["agreed_goals"] == "Martin learns to post on the network."
    assert AuditEvent.objects.filter(
        verb="person.exported", target_id=str(rich_mentor.pk), data={"own": True}
    ).exists()


def test_the_own_export_page_and_download_are_linked_from_the_profile(
    rich_mentor: Employee,
) -> None:
    client = client_for(rich_mentor)
    profile = client.get(reverse("people:profile_edit")).content.decode()
    page = client.get(reverse("people:my_data"))
    download = client.get(reverse("people:my_data_json"))

    assert reverse("people:my_data") in profile
    assert page.status_code == 200
    assert "Martin learns to post on the network." in page.content.decode()
    assert reverse("people:my_data_json") in page.content.decode()
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "no-store"
    assert json.loads(download.content)["pairs"][0]["agreed_goals"] == (
        "Martin learns to post on the network."
    )


@pytest.mark.parametrize("whose", ["own", "admin's copy"])
def test_a_long_audit_trail_shows_its_newest_events_on_the_page_and_all_in_the_download(
    admin: Employee, rich_mentor: Employee, whose: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coordinator's trail at a large company holds tens of thousands of events (11.7 MB,
    3 s as one page at 100,000 people): the page shows the newest, says how many there are
    and that the download holds them all."""
    from remento.people.views import personal_data as views

    monkeypatch.setattr(views, "PAGE_EVENTS", 3)
    viewer = rich_mentor if whose == "own" else admin
    page_name, download_name = ("people:my_data", "people:my_data_json")
    args: list[int] = []
    if whose != "own":
        page_name, download_name, args = (
            "people:person_data",
            "people:person_data_json",
            [rich_mentor.pk],
        )
    client = client_for(viewer)
    for number in range(1, 7):
        audit_log(
            actor=rich_mentor.user,
            organization=rich_mentor.organization,
            verb="profile.updated",
            target=rich_mentor,
            data={"step": f"step-{number}"},
        )
    page = client.get(reverse(page_name, args=args)).content.decode()
    download = json.loads(client.get(reverse(download_name, args=args)).content)

    held = len(download["audit_events"]) - 1  # the page's own export is recorded after it
    assert held >= 6
    assert f'Audit events about them or by them <span class="muted">({held})</span>' in page
    assert f"The newest 3 of {held} are shown here" in page
    shown = [f"step-{n}" for n in range(1, 7) if f"step-{n}" in page]
    assert shown == ["step-4", "step-5", "step-6"]
    assert page.index("step-6") < page.index("step-4")  # newest first
    assert [e["details"].get("step") for e in download["audit_events"][-7:-1]] == [
        f"step-{n}" for n in range(1, 7)
    ]


def test_the_export_page_and_json_download_are_for_admins_of_the_same_organisation(
    admin: Employee, rich_mentor: Employee
) -> None:
    client = client_for(admin)
    page = client.get(reverse("people:person_data", args=[rich_mentor.pk]))
    download = client.get(reverse("people:person_data_json", args=[rich_mentor.pk]))

    assert page.status_code == 200
    assert "Cares for a parent" in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert json.loads(download.content)["profile"][0]["first_name"] == "Maya"
    assert "Martin learns to post" not in page.content.decode() + download.content.decode()
    assert reverse("people:my_data") in page.content.decode()
    detail = client.get(reverse("people:employee_detail", args=[rich_mentor.pk]))
    assert reverse("people:person_data", args=[rich_mentor.pk]) in detail.content.decode()


def test_a_leavers_export_page_does_not_send_them_to_a_profile_they_cannot_reach(
    admin: Employee, rich_mentor: Employee
) -> None:
    Employee.objects.filter(pk=rich_mentor.pk).update(is_active=False)

    page = client_for(admin).get(reverse("people:person_data", args=[rich_mentor.pk]))

    text = page.content.decode()
    assert "has left and can no longer sign in to download a complete copy" in text
    assert "can download a complete copy from their own profile" not in text


@pytest.mark.parametrize("who", ["coordinator", "mentee", "other_admin"])
def test_the_export_and_erasure_are_404_for_everyone_else(
    who: str, rich_mentor: Employee, coordinator: Employee, mentee: Employee, stranger: Employee
) -> None:
    viewer = {
        "coordinator": coordinator,
        "mentee": mentee,
        "other_admin": employee_with_login(
            organization=stranger.organization, email="root@other.example", role="admin"
        ),
    }[who]
    client = client_for(viewer)
    for name in ("people:person_data", "people:person_data_json", "people:person_erase"):
        assert client.get(reverse(name, args=[rich_mentor.pk])).status_code == 404
    assert (
        client.post(reverse("people:person_erase", args=[rich_mentor.pk]), {"confirm": "on"})
    ).status_code == 404
    rich_mentor.refresh_from_db()
    assert rich_mentor.erased_at is None
    assert not AuditEvent.objects.filter(verb="person.exported").exists()
    if who == "coordinator":
        detail = client.get(reverse("people:employee_detail", args=[rich_mentor.pk]))
        assert reverse("people:person_data", args=[rich_mentor.pk]) not in detail.content.decode()


def test_the_export_service_refuses_a_coordinator(
    coordinator: Employee, rich_mentor: Employee
) -> None:
    with pytest.raises(PermissionDenied):
        personal_data_export(actor=coordinator.user, employee=rich_mentor)


def test_erasing_anonymises_the_person_and_keeps_the_pair_for_the_partner(
    admin: Employee,
    rich_mentor: Employee,
    mentee: Employee,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user_pk = rich_mentor.user_id
    audit_log(
        actor=admin.user,
        organization=admin.organization,
        verb="role.set",
        target=rich_mentor,
        data={"email": "maya@acme.example", "role": "participant"},
    )
    other = audit_log(
        actor=admin.user,
        organization=admin.organization,
        verb="people.note",
        data={"about": "Maya Junior moved team", "count": 3},
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(actor=admin.user, employee=rich_mentor)

    erased = Employee.objects.get(pk=rich_mentor.pk)
    assert erased.display_name == ERASED_NAME
    assert erased.email.endswith("@erased.invalid")
    assert erased.employee_id.startswith("erased-")
    assert erased.user_id is None
    assert not erased.is_active
    assert erased.erased_at is not None
    assert not User.objects.filter(pk=user_pk).exists()
    assert not User.objects.filter(email="maya@acme.example").exists()
    assert not SensitiveAttribute.objects.filter(employee=erased).exists()
    assert not SkillOffer.objects.filter(employee=erased).exists()
    assert not erased.interests.exists()
    assert not Answer.objects.filter(enrollment__employee=erased).exists()
    assert Enrollment.objects.get(employee=erased).status == EnrollmentStatus.WITHDRAWN
    # The pair stays for the partner, closed with a neutral reason; the partner is told.
    pair = mentee.pairs_as_mentee.get()
    assert pair.status == PairStatus.CLOSED
    assert "no longer taking part" in pair.end_reason
    assert [message.to for message in mail.outbox] == [[mentee.email]]
    # The audit keeps the facts, not the content.
    role_event = AuditEvent.objects.get(verb="role.set")
    assert (role_event.target_id, role_event.data) == (str(erased.pk), {})
    other.refresh_from_db()
    assert other.data == {"about": "[erased]", "count": 3}
    erase_event = AuditEvent.objects.get(verb="person.erased")
    assert erase_event.target_id == str(erased.pk)
    assert "maya" not in json.dumps(erase_event.data).lower()
    # The partner's pair page shows the erased side as a former participant.
    page = client_for(mentee).get(reverse("relationships:pair_detail", args=[pair.pk]))
    assert ERASED_NAME in page.content.decode()
    assert "Maya" not in page.content.decode()


def test_erasing_twice_or_oneself_is_refused(admin: Employee, mentor: Employee) -> None:
    person_erase(actor=admin.user, employee=mentor)
    with pytest.raises(ServiceError, match="already been erased"):
        person_erase(actor=admin.user, employee=Employee.objects.get(pk=mentor.pk))
    with pytest.raises(ServiceError, match="cannot erase yourself"):
        person_erase(actor=admin.user, employee=admin)


def test_the_erase_page_says_what_happens_and_needs_a_confirmation(
    admin: Employee, rich_mentor: Employee
) -> None:
    client = client_for(admin)
    url = reverse("people:person_erase", args=[rich_mentor.pk])

    page = client.get(url)
    unconfirmed = client.post(url, {})

    assert page.status_code == 200
    assert "Former participant" in page.content.decode()
    assert unconfirmed.status_code == 400
    assert "cannot be undone" in unconfirmed.content.decode()
    assert Employee.objects.get(pk=rich_mentor.pk).erased_at is None

    done = client.post(url, {"confirm": "on"})

    assert done.status_code == 302
    assert Employee.objects.get(pk=rich_mentor.pk).erased_at is not None


def test_an_import_cannot_claim_the_erased_persons_old_sign_in(
    admin: Employee, mentor: Employee
) -> None:
    old_email = mentor.email
    person_erase(actor=admin.user, employee=mentor)
    assert not User.objects.filter(email=old_email).exists()
    assert not User.objects.filter(employee__isnull=True, is_staff=False).exists()


def test_an_import_that_lists_an_erased_person_again_warns_of_the_row(
    admin: Employee, mentor: Employee, stranger: Employee
) -> None:
    employee_id = mentor.employee_id
    person_erase(actor=admin.user, employee=mentor)
    assert not Employee.objects.filter(employee_id=employee_id).exists()
    assert employee_id not in str(list(ErasedEmployeeId.objects.values()))
    row = person(employee_id, email="maya.back@acme.example")

    plan = people_import_plan(
        actor=admin.user, organization=admin.organization, data=csv_bytes([row])
    )

    [warning] = [w for w in plan.warnings if "erased" in w]
    assert warning.startswith(f"Row 2 ({employee_id}) is a person whose data was erased on ")
    assert [created.employee_id for created in plan.to_create] == [employee_id]
    # The same id in another organisation is someone else.
    other = people_import_plan(
        actor=None,
        organization=stranger.organization,
        data=csv_bytes([person(employee_id, email=f"p1@{stranger.organization.email_domains[0]}")]),
    )
    assert not [w for w in other.warnings if "erased" in w]


def test_a_stranger_employee_is_not_touched_by_erasure(admin: Employee, mentor: Employee) -> None:
    bystander = EmployeeFactory(organization=admin.organization, first_name="Maya")
    person_erase(actor=admin.user, employee=mentor)
    bystander.refresh_from_db()
    assert bystander.first_name == "Maya"
    assert bystander.erased_at is None


def test_erasing_forgets_the_sign_in_addresses_and_throttling_records(
    admin: Employee, mentor: Employee
) -> None:
    user = mentor.user
    assert user is not None
    email = user.email
    audit_log(
        actor=None,
        organization=mentor.organization,
        verb="signin.failed",
        target=user,
        data={"ip": "203.0.113.9", "email": email},
    )
    AccessAttempt.objects.create(
        username=email, ip_address="203.0.113.9", user_agent="x", failures_since_start=2
    )

    person_erase(actor=admin.user, employee=mentor)

    event = AuditEvent.objects.get(verb="signin.failed")
    assert event.data == {}
    assert not AccessAttempt.objects.filter(username__iexact=email).exists()

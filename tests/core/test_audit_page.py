"""The organisation admin's audit page (filters, pagination, CSV export, scope) and the audit
of role changes and of every change made through the Django admin."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.core.audit import audit_log
from remento.core.models import AuditEvent, Organization
from remento.people.models import Department, Employee, Role
from tests.conftest import client_for
from tests.factories import DepartmentFactory, OrganizationFactory, UserFactory, employee_with_login

AUDIT = reverse("people:audit_list")
EXPORT = reverse("people:audit_export")


def other_admin() -> Employee:
    return employee_with_login(
        organization=OrganizationFactory(slug="elsewhere"),
        email="olga@elsewhere.example",
        role=Role.ADMIN,
    )


def listed(response: Any) -> str:
    """The table of events of an audit page (not its filter's list of actions)."""
    text = str(response.text)
    return text[text.index("<tbody>") :] if "<tbody>" in text else ""


def csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_an_admin_sees_their_organisations_events_only(admin: Employee, mentor: Employee) -> None:
    audit_log(actor=None, organization=admin.organization, verb="ours.happened", target=mentor)
    olga = other_admin()
    audit_log(actor=None, organization=olga.organization, verb="theirs.happened")

    ours = client_for(admin).get(AUDIT)
    theirs = client_for(olga).get(AUDIT)

    assert ours.status_code == 200
    assert "Ours happened" in listed(ours)
    assert "heirs happened" not in ours.text
    assert "Maya Junior" in listed(ours)
    assert "Theirs happened" in listed(theirs)
    assert "urs happened" not in theirs.text
    assert "Maya Junior" not in client_for(olga).get(EXPORT).getvalue().decode()


def test_coordinators_participants_and_strangers_cannot_open_the_audit(
    coordinator_client: Client, mentor_client: Client, stranger: Employee
) -> None:
    for client in (coordinator_client, mentor_client, client_for(stranger)):
        assert client.get(AUDIT).status_code == 403
        assert client.get(EXPORT).status_code == 403
    assert Client().get(AUDIT).status_code == 302  # to the sign-in page


def test_the_audit_link_is_in_the_admins_navigation_only(
    admin: Employee, coordinator_client: Client
) -> None:
    assert f'href="{AUDIT}"' in client_for(admin).get(reverse("home")).text
    assert f'href="{AUDIT}"' not in coordinator_client.get(reverse("home")).text


def test_filters_by_person_action_and_dates(admin: Employee, mentor: Employee) -> None:
    organization = admin.organization
    with time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)):
        audit_log(actor=mentor.user, organization=organization, verb="x.by_mentor_january")
    with time_machine.travel(dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)):
        audit_log(actor=None, organization=organization, verb="x.about_mentor", target=mentor)
        audit_log(actor=admin.user, organization=organization, verb="x.by_admin")
    client = client_for(admin)

    by_person = listed(client.get(AUDIT, {"person": mentor.email.upper()}))
    assert "X by mentor january" in by_person
    assert "X about mentor" in by_person
    assert "X by admin" not in by_person

    by_action = listed(client.get(AUDIT, {"action": "x.by_admin"}))
    assert "X by admin" in by_action
    assert "X about mentor" not in by_action

    in_february = listed(client.get(AUDIT, {"since": "2026-02-01", "until": "2026-02-10"}))
    assert "X about mentor" in in_february
    assert "X by mentor january" not in in_february

    backwards = client.get(
        AUDIT, {"person": mentor.email, "since": "2026-02-10", "until": "2026-02-01"}
    )
    assert "The end date comes before the start date." in backwards.text
    # The valid filters still apply: the mentor's events from 10 February on, not everyone's.
    assert listed(backwards) == listed(
        client.get(AUDIT, {"person": mentor.email, "since": "2026-02-10"})
    )
    assert "X about mentor" in listed(backwards)
    assert "X by admin" not in listed(backwards)
    assert "X by mentor january" not in listed(backwards)


def test_a_person_of_another_organisation_cannot_be_filtered_on(
    admin: Employee, stranger: Employee
) -> None:
    audit_log(actor=stranger.user, organization=stranger.organization, verb="x.theirs")

    response = client_for(admin).get(AUDIT, {"person": stranger.email})

    assert "Nobody in Acme Retail has the work email" in response.text
    assert "x.theirs" not in response.text
    assert stranger.email not in listed(response)


def test_the_trail_is_paginated_and_its_queries_do_not_grow(
    admin: Employee,
) -> None:
    client = client_for(admin)
    for number in range(3):
        audit_log(
            actor=admin.user, organization=admin.organization, verb=f"x.small{number}", target=admin
        )
    client.get(AUDIT)  # the first page of a session writes the session once
    with CaptureQueriesContext(connection) as few:
        client.get(AUDIT)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            organization=admin.organization,
            actor=admin.user,
            verb="x.many",
            target_type=("core.user", "people.employee")[number % 2],
            target_id=str((admin.user_id, admin.pk)[number % 2]),
        )
        for number in range(70)
    )
    with CaptureQueriesContext(connection) as many:
        first = client.get(AUDIT)

    assert len(many) == len(few)
    total = AuditEvent.objects.filter(organization=admin.organization).count()
    assert f"{total} events · showing 1–50" in first.text
    older = client.get(AUDIT, {"cursor": first.context["page"].next_cursor})
    assert "x.small0" in older.text
    assert f"51–{total} of {total}" in older.text
    # The export is of every event the filters keep, whichever page it is asked from.
    assert f'href="{EXPORT}"' in older.text
    assert "cursor" not in older.text.split(f'href="{EXPORT}', 1)[1].split(">", 1)[0]


def test_the_csv_export_follows_the_filters_is_spreadsheet_safe_and_audited(
    admin: Employee, mentor: Employee
) -> None:
    audit_log(
        actor=None,
        organization=admin.organization,
        verb="x.kept",
        target=mentor,
        data={"note": "=HYPERLINK(1)"},
    )
    audit_log(actor=None, organization=admin.organization, verb="x.filtered_out")

    response = client_for(admin).get(EXPORT, {"action": "x.kept"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    header, *rows = csv_rows(response)
    assert header[:3] == ["time (UTC)", "action", "verb"]
    assert [row[2] for row in rows] == ["x.kept"]
    assert rows[0][4] == "Maya Junior"
    assert rows[0][5] == "Note: =HYPERLINK(1)"  # not at the start of the cell: no formula
    exported = AuditEvent.objects.get(verb="audit.exported")
    assert exported.actor_id == admin.user_id
    assert exported.data["action"] == "x.kept"


def test_a_role_change_is_audited_and_shown(admin: Employee, mentor: Employee) -> None:
    client = client_for(admin)
    client.post(reverse("people:role_set", args=[mentor.pk]), {"role": Role.COORDINATOR})

    page = client.get(AUDIT, {"action": "employee.role_set"}).text

    assert "Role changed" in page
    assert "Maya Junior" in page
    assert "coordinator" in page


def superuser_client() -> Client:
    client = Client()
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))
    return client


def test_a_change_in_the_django_admin_is_audited_in_the_rows_organisation(
    organization: Organization,
) -> None:
    department = DepartmentFactory(organization=organization, name="Sales")
    client = superuser_client()

    response = client.post(
        reverse("admin:people_department_change", args=[department.pk]),
        {"organization": organization.pk, "name": "Sales and marketing"},
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="admin.changed")
    assert event.organization_id == organization.pk
    assert (event.target_type, event.target_id) == ("people.department", str(department.pk))
    assert event.actor is not None
    assert event.actor.email == "root@example.com"
    assert "Name" in event.data["change"]
    assert "Sales and marketing" not in str(event.data)  # which fields, never their values


def test_an_addition_in_the_django_admin_is_audited(organization: Organization) -> None:
    response = superuser_client().post(
        reverse("admin:people_department_add"),
        {"organization": organization.pk, "name": "Legal"},
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="admin.added")
    assert event.organization_id == organization.pk
    assert event.target_id == str(Department.objects.get(name="Legal").pk)


def test_deleting_several_rows_in_the_django_admin_audits_each(
    organization: Organization,
) -> None:
    departments = [
        DepartmentFactory(organization=organization, name=name) for name in ("A", "B", "C")
    ]
    client = superuser_client()

    response = client.post(
        reverse("admin:people_department_changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": [str(d.pk) for d in departments[:2]],
        },
    )

    assert response.status_code == 302
    assert list(Department.objects.values_list("name", flat=True)) == ["C"]
    events = AuditEvent.objects.filter(verb="admin.deleted")
    assert sorted(e.target_id for e in events) == sorted(str(d.pk) for d in departments[:2])
    assert {e.organization_id for e in events} == {organization.pk}


def test_deleting_one_row_in_the_django_admin_is_audited_once(organization: Organization) -> None:
    department = DepartmentFactory(organization=organization, name="Solo")

    superuser_client().post(
        reverse("admin:people_department_delete", args=[department.pk]), {"post": "yes"}
    )

    event = AuditEvent.objects.get(verb="admin.deleted")
    assert event.organization_id == organization.pk


def test_actions_and_what_they_are_about_read_as_words_not_codes(
    admin: Employee, mentor: Employee
) -> None:
    department = DepartmentFactory(organization=admin.organization)
    audit_log(
        actor=None,
        organization=admin.organization,
        verb="enrollment.approved",
        target=department,
        data={"hours_per_month": 4},
    )

    table = listed(client_for(admin).get(AUDIT))

    assert "Enrollment approved" in table
    assert f"Department #{department.pk}" in table
    assert "Hours per month" in table
    assert "people.department" not in table
    assert "enrollment.approved" not in table

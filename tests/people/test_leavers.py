"""Leavers: what the HRIS full sync does to people it deactivates, and the retention purge."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from remento.core.models import Organization, User
from remento.enrollment.models import Enrollment, EnrollmentStatus
from remento.people.importing.services import people_import_apply
from remento.people.models import Employee, SensitiveAttribute
from remento.people.services.leavers_purge import leavers_purge
from remento.people.services.personal_data import ERASED_NAME
from remento.programs.models import Program, Status
from remento.relationships.models import Pair, PairStatus
from tests.people.import_files import csv_bytes, person
from tests.relationships.builders import make_pair, make_program


def _import(organization: Organization, rows: list[dict[str, str]], **kwargs: bool) -> None:
    people_import_apply(actor=None, organization=organization, data=csv_bytes(rows), **kwargs)


@pytest.fixture
def paired(organization: Organization) -> tuple[Employee, Employee, Pair]:
    _import(organization, [person("E1"), person("E2")])
    leaver, partner = Employee.objects.get(employee_id="E1"), Employee.objects.get(employee_id="E2")
    SensitiveAttribute.objects.create(employee=leaver, kind="lgbtq", value="Yes")
    pair = make_pair(make_program(organization), leaver, partner)
    return leaver, partner, pair


def test_a_full_sync_offboards_a_leaver(
    organization: Organization,
    paired: tuple[Employee, Employee, Pair],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    leaver, partner, pair = paired
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _import(organization, [person("E2")], full_sync=True)

    leaver.refresh_from_db()
    pair.refresh_from_db()
    assert not leaver.is_active
    assert leaver.left_at is not None
    assert leaver.erased_at is None
    assert not SensitiveAttribute.objects.filter(employee=leaver).exists()
    assert pair.status == PairStatus.CLOSED
    assert "no longer taking part" in pair.end_reason
    assert Enrollment.objects.get(employee=leaver).status == EnrollmentStatus.WITHDRAWN
    assert Enrollment.objects.get(employee=partner).status == EnrollmentStatus.ENROLLED
    assert [message.to for message in mail.outbox] == [[partner.email]]
    assert "has ended" in mail.outbox[0].subject
    # Kept for the retention period: the directory entry and the closed pair.
    assert leaver.first_name == "First1"


def test_a_leavers_enrolment_in_a_closed_program_stays_as_a_record_of_taking_part(
    organization: Organization,
) -> None:
    _import(organization, [person("E1"), person("E2")])
    leaver = Employee.objects.get(employee_id="E1")
    closed, running = make_program(organization), make_program(organization)
    for program in (closed, running):
        Enrollment.objects.create(
            program=program, employee=leaver, role="mentor", status=EnrollmentStatus.ENROLLED
        )
    Program.objects.filter(pk=closed.pk).update(status=Status.CLOSED)

    _import(organization, [person("E2")], full_sync=True)

    assert Enrollment.objects.get(program=closed).status == EnrollmentStatus.ENROLLED
    assert Enrollment.objects.get(program=running).status == EnrollmentStatus.WITHDRAWN


def test_a_row_that_says_the_person_left_offboards_them_too(
    organization: Organization, paired: tuple[Employee, Employee, Pair]
) -> None:
    leaver, _partner, pair = paired
    _import(organization, [person("E1", leave_date="2020-02-01"), person("E2")])

    leaver.refresh_from_db()
    pair.refresh_from_db()
    assert not leaver.is_active
    assert pair.status == PairStatus.CLOSED
    assert not SensitiveAttribute.objects.filter(employee=leaver).exists()


def test_offboarding_many_leavers_takes_a_fixed_number_of_queries(
    organization: Organization,
) -> None:
    def leave(count: int) -> int:
        Employee.objects.filter(organization=organization).delete()
        _import(organization, [person(f"E{n}") for n in range(1, count + 2)])
        for leaver in Employee.objects.exclude(employee_id="E1"):
            SensitiveAttribute.objects.create(employee=leaver, kind="caregiver", value="x")
        with CaptureQueriesContext(connection) as queries:
            _import(organization, [person("E1")], full_sync=True)
        return len(queries)

    assert leave(3) == leave(30)


def test_leavers_past_the_retention_period_are_erased(
    organization: Organization, paired: tuple[Employee, Employee, Pair], settings: object
) -> None:
    leaver, partner, _pair = paired
    _import(organization, [person("E2")], full_sync=True)
    settings.REMENTO_LEAVER_RETENTION_DAYS = 30  # type: ignore[attr-defined]

    assert leavers_purge(now=timezone.now() + dt.timedelta(days=29)) == 0
    assert leavers_purge(now=timezone.now() + dt.timedelta(days=31)) == 1

    leaver.refresh_from_db()
    partner.refresh_from_db()
    assert leaver.display_name == ERASED_NAME
    assert leaver.user_id is None
    assert partner.is_active
    assert partner.erased_at is None


def test_the_purge_command_erases_due_leavers(
    organization: Organization, paired: tuple[Employee, Employee, Pair], settings: object, capsys
) -> None:
    leaver, _partner, _pair = paired
    _import(organization, [person("E2")], full_sync=True)
    Employee.objects.filter(pk=leaver.pk).update(left_at=timezone.now() - dt.timedelta(days=400))

    call_command("purge_leavers")

    assert "Erased 1 leaver(s)" in capsys.readouterr().out
    assert Employee.objects.get(pk=leaver.pk).erased_at is not None


def test_purging_a_leaver_linked_to_an_operators_sign_in_keeps_that_sign_in(
    organization: Organization, mentor: Employee
) -> None:
    operator = mentor.user
    assert operator is not None
    User.objects.filter(pk=operator.pk).update(is_staff=True)
    Employee.objects.filter(pk=mentor.pk).update(
        is_active=False, left_at=timezone.now() - dt.timedelta(days=400)
    )

    assert leavers_purge() == 1

    assert User.objects.filter(pk=operator.pk).exists()
    assert Employee.objects.get(pk=mentor.pk).user_id is None

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from remento.core.errors import ServiceError
from remento.enrollment.models import Enrollment
from remento.enrollment.services import enrollment_promote_waitlist, enrollment_withdraw
from remento.enrollment.services.rules import waitlist_position
from remento.programs.models import Program
from tests.enrollment.conftest import make_program, person, submit


@pytest.fixture
def full_program(organization) -> Program:
    """Room for one mentee at a time."""
    return make_program(organization, max_pairs=1)


def test_people_beyond_max_pairs_wait_in_order(organization, full_program: Program, commit) -> None:
    first, second, third = (person(organization, n, 9) for n in ("Ann", "Ben", "Cy"))

    with commit():
        placed = [submit(p, full_program) for p in (first, second, third)]

    assert [e.status for e in placed] == ["enrolled", "waitlisted", "waitlisted"]
    assert [waitlist_position(e) for e in placed] == [None, 1, 2]
    waitlisted = next(m for m in mail.outbox if m.to == [third.email])
    assert waitlisted.subject == "You are on the waitlist of Digital Fluency"
    assert "number 2 in the queue" in waitlisted.body


def test_mentors_and_mentees_have_their_own_places(
    organization, full_program: Program, mentor, mentee
) -> None:
    assert submit(mentee, full_program).status == "enrolled"
    assert submit(mentor, full_program).status == "enrolled"


def test_a_withdrawal_promotes_the_first_waiting_and_emails_them(
    organization, full_program: Program, commit
) -> None:
    first, second, third = (person(organization, n, 9) for n in ("Ann", "Ben", "Cy"))
    enrolled = submit(first, full_program)
    submit(second, full_program)
    submit(third, full_program)
    mail.outbox.clear()

    with commit():
        enrollment_withdraw(actor=first.user, enrollment=enrolled)

    statuses = dict(Enrollment.objects.values_list("employee__first_name", "status"))
    assert statuses == {"Ann": "withdrawn", "Ben": "enrolled", "Cy": "waitlisted"}
    assert waitlist_position(Enrollment.objects.get(employee=third)) == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([second.email], "A place opened: you are enrolled in Digital Fluency")
    ]


def test_leaving_the_waitlist_promotes_nobody(organization, full_program: Program) -> None:
    first, second = person(organization, "Ann", 9), person(organization, "Ben", 9)
    submit(first, full_program)
    waiting = submit(second, full_program)

    enrollment_withdraw(actor=second.user, enrollment=waiting)

    assert Enrollment.objects.get(employee=first).status == "enrolled"
    assert Enrollment.objects.get(employee=second).status == "withdrawn"


def test_raising_max_pairs_then_promoting_fills_the_new_places(
    organization, full_program: Program, coordinator
) -> None:
    people = [person(organization, n, 9) for n in ("Ann", "Ben", "Cy", "Dee")]
    for p in people:
        submit(p, full_program)
    Program.objects.filter(pk=full_program.pk).update(max_pairs=3)

    promoted = enrollment_promote_waitlist(actor=coordinator.user, program=full_program)

    assert [e.employee.first_name for e in promoted] == ["Ben", "Cy"]
    assert Enrollment.objects.get(employee=people[3]).status == "waitlisted"


def test_a_participant_cannot_promote(full_program: Program, mentee) -> None:
    with pytest.raises(PermissionDenied):
        enrollment_promote_waitlist(actor=mentee.user, program=full_program)


def test_seats_are_counted_under_the_program_lock(organization, full_program: Program) -> None:
    """Logically: each sign-up recounts the seats after locking the program row, so the
    second of two sign-ups sees the first and waits."""
    with CaptureQueriesContext(connection) as queries:
        submit(person(organization, "Ann", 9), full_program)
    sqls = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, sql in enumerate(sqls) if 'FROM "programs_program"' in sql)
    count = next(i for i, sql in enumerate(sqls) if "COUNT(*)" in sql)
    assert lock < count
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in sqls[lock]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_sign_ups_never_exceed_max_pairs(organization) -> None:
    program = make_program(organization, max_pairs=2)
    people = [person(organization, f"Racer{n}", 9) for n in range(8)]
    barrier = threading.Barrier(len(people))
    failures: list[BaseException] = []

    def sign_up(employee) -> None:
        try:
            barrier.wait()
            submit(employee, program)
        except BaseException as error:  # reported below, not lost in the thread
            failures.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    statuses = list(Enrollment.objects.values_list("status", flat=True))
    assert statuses.count("enrolled") == 2
    assert statuses.count("waitlisted") == 6


def test_withdrawing_twice_says_there_is_nothing_left(full_program: Program, mentee) -> None:
    enrollment = submit(mentee, full_program)
    enrollment_withdraw(actor=mentee.user, enrollment=enrollment)

    with pytest.raises(ServiceError, match="nothing to withdraw"):
        enrollment_withdraw(actor=mentee.user, enrollment=enrollment)

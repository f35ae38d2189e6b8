from __future__ import annotations

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole, EnrollmentStatus
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair
from remento.training.selectors import training_compliance
from tests.factories import EmployeeFactory
from tests.relationships.builders import complete, enroll, make_module


def test_the_compliance_list_counts_who_misses_which_required_module(
    program: Program, organization: Organization, pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    feedback = make_module(program, "Giving and receiving feedback", position=1)
    goals = make_module(program, "Setting goals together", position=2)
    make_module(program, "Optional", required=False, position=3)
    waiting = EmployeeFactory(organization=organization, first_name="Wes", last_name="Wait")
    enroll(program, waiting, EnrollmentRole.MENTOR)
    withdrawn = EmployeeFactory(organization=organization)
    enroll(program, withdrawn, EnrollmentRole.MENTEE).__class__.objects.filter(
        employee=withdrawn
    ).update(status=EnrollmentStatus.WITHDRAWN)
    complete(feedback, mentor, mentee)
    complete(goals, mentor)

    report = training_compliance(program=program)
    assert report.people_total == 3  # the withdrawn person is not counted
    assert report.people_complete == 1
    assert [(row.module.title, row.missing) for row in report.module_counts] == [
        ("Giving and receiving feedback", 1),
        ("Setting goals together", 2),
    ]
    assert [(row.employee, row.missing) for row in report.incomplete] == [
        (mentee, [goals]),
        (waiting, [feedback, goals]),
    ]

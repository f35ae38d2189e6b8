"""The participants list's total comes from the counts by role and status, and is the
number of rows the filters list; a search by words counts what it finds."""

from __future__ import annotations

import pytest

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.enrollment.selectors import ParticipantFilters, program_participants
from remento.programs.models import Program
from tests.factories import EmployeeFactory
from tests.relationships.builders import enroll


@pytest.mark.django_db
def test_the_total_is_the_number_of_rows_each_filter_lists(
    organization: Organization, program: Program
) -> None:
    for role in (EnrollmentRole.MENTOR, EnrollmentRole.MENTEE, EnrollmentRole.MENTEE):
        enroll(program, EmployeeFactory.create(organization=organization), role)
    waiting = enroll(
        program, EmployeeFactory.create(organization=organization), EnrollmentRole.MENTOR
    )
    Enrollment.objects.filter(pk=waiting.pk).update(status=EnrollmentStatus.WAITLISTED)
    named = EmployeeFactory.create(organization=organization, last_name="Zephyrine")
    enroll(program, named, EnrollmentRole.MENTEE)
    for filters in [
        ParticipantFilters(),
        ParticipantFilters(role=EnrollmentRole.MENTOR),
        ParticipantFilters(status=EnrollmentStatus.WAITLISTED),
        ParticipantFilters(role=EnrollmentRole.MENTEE, status=EnrollmentStatus.ENROLLED),
        ParticipantFilters(role=EnrollmentRole.MENTOR, status=EnrollmentStatus.APPLIED),
        ParticipantFilters(text="Zephyrine"),
    ]:
        overview = program_participants(program=program, filters=filters)
        listed = Enrollment.objects.filter(program=program)
        if filters.role:
            listed = listed.filter(role=filters.role)
        if filters.status:
            listed = listed.filter(status=filters.status)
        if filters.text:
            listed = listed.filter(employee=named)
        assert overview.page.total == len(overview.rows) == listed.count(), filters

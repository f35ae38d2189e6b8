"""Whether a person takes part in any program, for the home page (``core.next_steps``): the
sources for participants only (pairs, meetings, check-ins, training...) are skipped, with
their queries, for someone who takes part in none, as most admins and coordinators."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from remento.enrollment.models import Enrollment
from remento.people.models import Employee
from remento.relationships.models import Pair


def takes_part(employee: Employee) -> bool:
    """Any enrolment or any pair of ``employee``, whatever its status or program (a
    generous test: it only lets the home page skip what can show nothing). One query."""
    return (
        Employee.objects.filter(pk=employee.pk)
        .filter(
            Exists(Enrollment.objects.filter(employee=OuterRef("pk")))
            | Exists(Pair.objects.filter(mentor=OuterRef("pk")))
            | Exists(Pair.objects.filter(mentee=OuterRef("pk")))
        )
        .exists()
    )

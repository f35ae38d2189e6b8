"""Partner rules for the people app: a mentee choosing among a program's mentors sees
their profiles, and the two people of a request see each other's."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.models import MentorRequest
from remento.people.models import Employee
from remento.programs.models import PAIRING_STATUSES, MatchingMode


def request_partners(viewer: Employee) -> Q:
    """The mentors the viewer asked, and the mentees who asked the viewer."""
    asked = MentorRequest.objects.filter(program__organization_id=viewer.organization_id).filter(
        Q(mentee=viewer, mentor=OuterRef("pk")) | Q(mentor=viewer, mentee=OuterRef("pk"))
    )
    return Q(Exists(asked))


def mentors_to_choose_from(viewer: Employee) -> Q:
    """The enrolled mentors of each program where the viewer, an enrolled mentee, chooses
    a mentor now (the same people the viewer may ask, see ``request_create``)."""
    choosing_in = Enrollment.objects.filter(
        employee=viewer,
        role=EnrollmentRole.MENTEE,
        status=EnrollmentStatus.ENROLLED,
        program__organization_id=viewer.organization_id,
        program__status__in=PAIRING_STATUSES,
    ).exclude(program__matching_mode=MatchingMode.BULK)
    mentor_there = Enrollment.objects.filter(
        employee=OuterRef("pk"),
        role=EnrollmentRole.MENTOR,
        status=EnrollmentStatus.ENROLLED,
        program__in=choosing_in.values("program"),
    )
    return Q(Exists(mentor_there))

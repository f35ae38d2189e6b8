"""The diversity criterion, as an aggregate only (for coordinators, through
``remento.core.small_groups``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.matching.engine import Person
from remento.people.models import SensitiveAttribute, SensitiveKind

from .pool import Pool


def _bridges(mentor: Person, mentee: Person, attributes: Sequence[str]) -> bool:
    """Both people shared at least one attribute and differ on it."""
    return any(
        a in mentor.diversity
        and a in mentee.diversity
        and mentor.diversity[a] != mentee.diversity[a]
        for a in attributes
    )


def pool_backgrounds_bridged(pool: Pool, pairs: Iterable[tuple[int, int]]) -> int:
    """How many of ``pairs`` (mentor pk, mentee pk) of ``pool`` bring together people who
    both shared an attribute for matching and differ on it. An aggregate for coordinators
    only: pass it through ``remento.core.small_groups`` before showing it."""
    mentors = {int(p.id): p for p in pool.mentors}
    mentees = {int(p.id): p for p in pool.mentees}
    attributes = tuple(SensitiveKind.values)
    return sum(
        1
        for mentor_id, mentee_id in pairs
        if mentor_id in mentors
        and mentee_id in mentees
        and _bridges(mentors[mentor_id], mentees[mentee_id], attributes)
    )


def _consented_diversity(program_id: int) -> dict[tuple[int, str], Mapping[str, str]]:
    """(employee pk, role) -> the attributes they consented to use in the program, for
    everyone who consented to that in the program (read by the program, never by a list
    of ids: a run's thousands of people would pass the databases' limits on parameters)."""
    enrollments = Enrollment.objects.filter(program_id=program_id, consent_sensitive=True)
    # A set: no order wanted (the model's default order would sort every enrolment).
    consented = set(enrollments.order_by().values_list("employee_id", "role"))
    attributes = SensitiveAttribute.objects.filter(
        employee__in=enrollments.values("employee_id"), consent_matching=True
    ).values_list("employee_id", "kind", "value")
    by_employee: dict[int, dict[str, str]] = {}
    for employee_id, kind, value in attributes:
        by_employee.setdefault(employee_id, {})[kind] = value
    return {key: by_employee[key[0]] for key in consented if key[0] in by_employee}


def backgrounds_bridged(*, program_id: int, pairs: Sequence[tuple[int, int]]) -> int:
    """How many of ``pairs`` (mentor pk, mentee pk) of a program bring together people
    who both consented to use an attribute in this program and differ on it, read now (a
    withdrawn consent no longer counts). Two queries, whatever the number of pairs. An
    aggregate for coordinators only: pass it through ``remento.core.small_groups``."""
    diversity = _consented_diversity(program_id)
    attributes = tuple(SensitiveKind.values)
    bridged = 0
    for mentor_id, mentee_id in pairs:
        mentor = diversity.get((mentor_id, EnrollmentRole.MENTOR))
        mentee = diversity.get((mentee_id, EnrollmentRole.MENTEE))
        # Most people share nothing: only a pair where both did can bridge.
        if mentor and mentee:
            bridged += _bridges(
                Person(id=str(mentor_id), diversity=mentor),
                Person(id=str(mentee_id), diversity=mentee),
                attributes,
            )
    return bridged

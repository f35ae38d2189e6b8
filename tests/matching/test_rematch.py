"""Rematching after a pair closed: the engine's best partners for each person of the closed
pair under the program's rules, never the previous partner, never someone of another
organisation, scored without the sensitive criterion; one click creates the new pair
through the pairs app's service, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent, Organization
from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.matching.selectors.rematch import rematch_options
from remento.matching.services.rematch import pair_rematch
from remento.people.models import Employee, SensitiveAttribute, SensitiveKind
from remento.programs.models import Program
from remento.relationships.models import OPEN_PAIR, Pair, PairSource, PairStatus
from tests.conftest import client_for
from tests.factories import OrganizationFactory, user_of
from tests.matching.helpers import enroll, make_program, person, teach


@pytest.fixture
def closed(program: Program, pool: dict[str, Employee]) -> Pair:
    """a1 and x1 (each other's best fit) were a pair that ended."""
    return Pair.objects.create(
        program=program,
        mentor=pool["a1"],
        mentee=pool["x1"],
        source=PairSource.BULK,
        status=PairStatus.CLOSED,
        ended_at=timezone.now(),
    )


def _ids(side: Any) -> list[int]:
    return [candidate.employee.pk for candidate in side.candidates]


def test_each_person_gets_new_partners_without_the_previous_one(
    program: Program, pool: dict[str, Employee], closed: Pair
) -> None:
    mentee_side, mentor_side = rematch_options(program=program, pair=closed)
    assert mentee_side.person == pool["x1"]
    assert mentor_side.person == pool["a1"]
    assert set(_ids(mentee_side)) == {pool["a2"].pk, pool["a3"].pk}
    assert set(_ids(mentor_side)) == {pool["x2"].pk, pool["x3"].pk}
    for side in (mentee_side, mentor_side):
        assert not side.blocked
        scores = [candidate.score for candidate in side.candidates]
        assert scores == sorted(scores, reverse=True)


def test_people_of_another_organisation_are_never_suggested(
    program: Program, pool: dict[str, Employee], closed: Pair
) -> None:
    other = OrganizationFactory.create(name="Other Corp", slug="other")
    theirs = make_program(other)
    outsider = person(other, first_name="Olga", level=2, email="olga@other.example")
    teach(outsider, tiktok=5)
    enroll(theirs, outsider, EnrollmentRole.MENTOR)
    suggested = {pk for side in rematch_options(program=program, pair=closed) for pk in _ids(side)}
    assert outsider.pk not in suggested
    assert (
        Employee.objects.filter(pk__in=suggested).exclude(organization=program.organization).count()
        == 0
    )


def test_suggestions_do_not_move_with_sensitive_attributes(
    program: Program, pool: dict[str, Employee], closed: Pair
) -> None:
    def shown() -> list[tuple[int, float, tuple[str, ...]]]:
        return [
            (c.employee.pk, c.score, tuple(c.reasons))
            for side in rematch_options(program=program, pair=closed)
            for c in side.candidates
        ]

    before = shown()
    Enrollment.objects.filter(program=program).update(
        consent_sensitive=True, consented_at=timezone.now()
    )
    for key, value in (("x1", "woman"), ("a2", "man"), ("a3", "woman"), ("a1", "man")):
        SensitiveAttribute.objects.create(
            employee=pool[key],
            kind=SensitiveKind.GENDER,
            value=value,
            consent_matching=True,
            consented_at=timezone.now(),
        )
    assert shown() == before


def test_someone_paired_again_or_no_longer_enrolled_is_said_so(
    program: Program, pool: dict[str, Employee], closed: Pair
) -> None:
    Enrollment.objects.filter(program=program, employee=pool["a1"]).delete()
    Pair.objects.create(
        program=program, mentor=pool["a2"], mentee=pool["x1"], source=PairSource.BULK
    )
    mentee_side, mentor_side = rematch_options(program=program, pair=closed)
    assert "has a mentor again" in mentee_side.blocked
    assert "no longer enrolled" in mentor_side.blocked


def test_a_rematch_creates_the_pair_audited_and_tells_both(
    program: Program,
    pool: dict[str, Employee],
    closed: Pair,
    coordinator: Employee,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pair = pair_rematch(
            actor=user_of(coordinator), closed_pair=closed, mentor=pool["a2"], mentee=pool["x1"]
        )
    assert pair.status == PairStatus.LAUNCHING
    assert (pair.mentor, pair.mentee) == (pool["a2"], pool["x1"])
    event = AuditEvent.objects.get(verb="pair.rematch")
    assert event.data == {
        "previous_pair": closed.pk,
        "mentor": pool["a2"].pk,
        "mentee": pool["x1"].pk,
    }
    assert AuditEvent.objects.filter(verb="pair.create", target_id=str(pair.pk)).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([pool["a2"].email, pool["x1"].email])


def test_a_rematch_never_pairs_the_previous_partners_again(
    pool: dict[str, Employee], closed: Pair, coordinator: Employee
) -> None:
    with pytest.raises(ServiceError, match="never the previous partner"):
        pair_rematch(
            actor=user_of(coordinator), closed_pair=closed, mentor=pool["a1"], mentee=pool["x1"]
        )
    with pytest.raises(ServiceError, match="never the previous partner"):
        pair_rematch(
            actor=user_of(coordinator), closed_pair=closed, mentor=pool["a2"], mentee=pool["x2"]
        )
    assert not Pair.objects.filter(OPEN_PAIR).exists()


def test_only_a_coordinator_of_the_organisation_rematches(
    pool: dict[str, Employee], closed: Pair, stranger: Employee, mentor: Employee
) -> None:
    for outsider in (stranger, mentor):
        with pytest.raises(PermissionDenied):
            pair_rematch(
                actor=user_of(outsider), closed_pair=closed, mentor=pool["a2"], mentee=pool["x1"]
            )


def test_an_open_pair_is_not_rematched(
    pool: dict[str, Employee], closed: Pair, coordinator: Employee
) -> None:
    Pair.objects.filter(pk=closed.pk).update(status=PairStatus.ACTIVE)
    with pytest.raises(ServiceError, match="Close the pair"):
        pair_rematch(
            actor=user_of(coordinator), closed_pair=closed, mentor=pool["a2"], mentee=pool["x1"]
        )


def _page(closed: Pair) -> str:
    return reverse(
        "matching:rematch", kwargs={"program_pk": closed.program_id, "pair_pk": closed.pk}
    )


def test_the_page_shows_reasons_and_pairs_in_one_click(
    pool: dict[str, Employee], closed: Pair, coordinator_client: Client
) -> None:
    page = coordinator_client.get(_page(closed)).content.decode()
    assert "A new mentor for Xavier1 Mentee" in page
    assert "Why they are suggested" in page
    assert "Pair Xavier1 Mentee with Ada2 Mentor" in page
    assert "Pair Xavier1 Mentee with Ada1 Mentor" not in page
    create = reverse(
        "matching:rematch_create", kwargs={"program_pk": closed.program_id, "pair_pk": closed.pk}
    )
    response = coordinator_client.post(create, {"mentor": pool["a2"].pk, "mentee": pool["x1"].pk})
    pair = Pair.objects.get(OPEN_PAIR, mentee=pool["x1"])
    assert response["Location"] == reverse("relationships:pair_detail", kwargs={"pair_pk": pair.pk})


def test_the_page_refuses_other_roles_and_organisations(
    pool: dict[str, Employee], closed: Pair, mentor_client: Client, stranger: Employee
) -> None:
    assert mentor_client.get(_page(closed)).status_code == 403
    assert client_for(stranger).get(_page(closed)).status_code == 404
    create = reverse(
        "matching:rematch_create", kwargs={"program_pk": closed.program_id, "pair_pk": closed.pk}
    )
    response = client_for(stranger).post(create, {"mentor": pool["a2"].pk, "mentee": pool["x1"].pk})
    assert response.status_code == 404
    assert not Pair.objects.filter(OPEN_PAIR).exists()


def test_an_open_pair_has_no_rematch_page(
    closed: Pair, coordinator_client: Client, organization: Organization
) -> None:
    Pair.objects.filter(pk=closed.pk).update(status=PairStatus.ACTIVE)
    assert coordinator_client.get(_page(closed)).status_code == 404

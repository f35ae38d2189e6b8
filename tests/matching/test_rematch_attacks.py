"""The rematch pages tried as an attacker would: another program's or organisation's pair
under my program's URL, people of another organisation in the form, and a coordinator who
was in the closed pair deciding whom their former partner is paired with next."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.matching.services.rematch import pair_rematch
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import OPEN_PAIR, Pair, PairSource, PairStatus
from tests.conftest import client_for
from tests.factories import OrganizationFactory, user_of
from tests.matching.helpers import make_program, person


def _closed(program: Program, mentor: Employee, mentee: Employee) -> Pair:
    return Pair.objects.create(
        program=program,
        mentor=mentor,
        mentee=mentee,
        source=PairSource.BULK,
        status=PairStatus.CLOSED,
        ended_at=timezone.now(),
    )


def _urls(program: Program, pair: Pair) -> tuple[str, str]:
    kwargs = {"program_pk": program.pk, "pair_pk": pair.pk}
    return reverse("matching:rematch", kwargs=kwargs), reverse(
        "matching:rematch_create", kwargs=kwargs
    )


def test_a_coordinator_does_not_rematch_their_own_former_partner(
    program: Program, pool: dict[str, Employee], coordinator: Employee
) -> None:
    closed = _closed(program, coordinator, pool["x1"])
    with pytest.raises(PermissionDenied):
        pair_rematch(
            actor=user_of(coordinator), closed_pair=closed, mentor=pool["a2"], mentee=pool["x1"]
        )
    page, create = _urls(program, closed)
    client = client_for(coordinator)
    assert client.get(page).status_code == 200
    response = client.post(create, {"mentor": pool["a2"].pk, "mentee": pool["x1"].pk})
    assert response.status_code == 403
    assert not Pair.objects.filter(OPEN_PAIR).exists()


def test_another_programs_or_organisations_pair_under_my_program_is_a_404(
    program: Program, pool: dict[str, Employee], coordinator_client: Client
) -> None:
    other_program = make_program(program.organization, name="Another program")
    theirs = _closed(other_program, pool["a1"], pool["x1"])
    elsewhere = OrganizationFactory.create(name="Elsewhere", slug="elsewhere")
    foreign = _closed(
        make_program(elsewhere),
        person(elsewhere, first_name="Fay", level=2, email="fay@else.example"),
        person(elsewhere, first_name="Fred", level=9, email="fred@else.example"),
    )
    for pair in (theirs, foreign):
        page, create = _urls(program, pair)
        assert coordinator_client.get(page).status_code == 404
        response = coordinator_client.post(create, {"mentor": pool["a2"].pk, "mentee": "1"})
        assert response.status_code == 404
    assert not Pair.objects.filter(OPEN_PAIR).exists()


def test_people_of_another_organisation_cannot_be_posted(
    program: Program, pool: dict[str, Employee], coordinator_client: Client
) -> None:
    closed = _closed(program, pool["a1"], pool["x1"])
    elsewhere = OrganizationFactory.create(name="Elsewhere", slug="elsewhere")
    outsider = person(elsewhere, first_name="Olga", level=2, email="olga@else.example")
    _page, create = _urls(program, closed)
    response = coordinator_client.post(create, {"mentor": outsider.pk, "mentee": pool["x1"].pk})
    assert response.status_code == 404
    assert not Pair.objects.filter(OPEN_PAIR).exists()

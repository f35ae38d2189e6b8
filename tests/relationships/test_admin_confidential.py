"""The Django admin, for the people who run the site, never shows what is between a pair's
two people: why the pair ended, or the goals in the agreement text they signed (the
signature shows its hash, the evidence of what was signed)."""

from __future__ import annotations

import pytest
from django.test import Client

from remento.core.models import Organization, User
from remento.people.models import Employee
from remento.relationships.models import AgreementSignature, Pair
from remento.relationships.services import pair_close
from tests.factories import make_program, user_of
from tests.relationships.builders import make_pair

END_REASON = "He made remarks about my health."
GOALS = "Talk through my burn-out and the move to part-time."


@pytest.fixture
def operator_client(organization: Organization) -> Client:
    operator = User.objects.create_superuser(email="operator@remento.example", password="x")
    client = Client()
    client.force_login(operator)
    return client


def test_a_pair_in_the_admin_shows_no_end_reason(
    operator_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    pair = make_pair(make_program(organization), mentor, mentee)
    pair_close(actor=user_of(mentee), pair=pair, reason=END_REASON)

    page = operator_client.get(f"/admin/relationships/pair/{pair.pk}/change/")

    assert page.status_code == 200
    assert END_REASON not in page.text


def test_a_signature_in_the_admin_shows_its_hash_not_the_goals(
    operator_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    pair: Pair = make_pair(make_program(organization), mentor, mentee)
    signature = AgreementSignature.objects.create(
        pair=pair, employee=mentor, text=f"Our goals:\n{GOALS}", text_sha256="ab12" * 16
    )

    page = operator_client.get(f"/admin/relationships/agreementsignature/{signature.pk}/change/")

    assert page.status_code == 200
    assert GOALS not in page.text
    assert "ab12ab12" in page.text

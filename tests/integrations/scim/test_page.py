"""The SCIM page and the SCIM card on the integrations page: organisation admins only."""

from __future__ import annotations

from django.test import Client

from remento.integrations.scim.hub import hub_card
from remento.people.models import Employee
from tests.conftest import client_for
from tests.integrations.scim.conftest import Scim, user_payload

PAGE = "/integrations/scim/"


def test_the_admin_sees_the_url_to_paste_the_tokens_and_the_last_events(
    scim: Scim, admin: Employee
) -> None:
    grace = scim.post("/Users", user_payload()).body["id"]
    scim.patch(f"/Users/{grace}", {"op": "replace", "path": "active", "value": "False"})
    scim.post(
        "/Groups",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Mentoring pilot",
            "members": [{"value": grace}],
        },
    )

    page = client_for(admin).get(PAGE)

    assert page.status_code == 200
    html = page.content.decode()
    assert '<code class="scim-url">http://testserver/scim/v2</code>' in html
    assert 'href="/integrations/tokens/"' in html
    assert "Contoso connector" in html  # the token's name, on the token list and each event
    assert "Deactivated (left)" in html
    assert "Provisioned" in html
    assert "Grace Hopper" in html
    assert "Mentoring pilot" in html
    assert "1 person provisioned, 0 of them active" in html


def test_the_page_tells_what_to_do_first_without_a_token(admin: Employee) -> None:
    html = client_for(admin).get(PAGE).content.decode()

    assert "Make a SCIM token" in html
    assert "Nothing provisioned yet" in html


def test_coordinators_and_participants_are_refused(coordinator: Employee, mentor: Employee) -> None:
    assert client_for(coordinator).get(PAGE).status_code == 403
    assert client_for(mentor).get(PAGE).status_code == 403
    assert Client().get(PAGE).status_code == 302


def test_another_organisations_admin_sees_only_their_own(
    scim: Scim, other_scim: Scim, stranger: Employee
) -> None:
    scim.post("/Users", user_payload())

    html = client_for(stranger).get(PAGE).content.decode()

    assert "Grace Hopper" not in html
    assert "Contoso connector" not in html
    assert "0 people provisioned" in html


def test_the_card_is_for_admins_and_says_how_many_were_provisioned(
    scim: Scim, admin: Employee, coordinator: Employee
) -> None:
    assert hub_card(coordinator) is None
    card = hub_card(admin)
    assert card is not None
    assert card.ready
    assert "nobody has been provisioned" in card.status

    scim.post("/Users", user_payload())

    card = hub_card(admin)
    assert card is not None
    assert card.status.startswith("1 person provisioned")
    assert card.url == PAGE


def test_the_page_reads_a_fixed_number_of_queries(
    scim: Scim, admin: Employee, django_assert_max_num_queries: object
) -> None:
    for n in range(5):
        scim.post("/Users", user_payload(f"E{n}", f"p{n}@acme.example"))
    client = client_for(admin)

    with django_assert_max_num_queries(14):  # type: ignore[operator]
        assert client.get(PAGE).status_code == 200

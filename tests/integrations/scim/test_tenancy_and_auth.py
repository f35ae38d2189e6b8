"""Bearer tokens, and one organisation's token never reaching another's people."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from remento.integrations.tokens.models import AccessToken, TokenKind
from remento.integrations.tokens.services import token_create, token_revoke
from remento.people.models import Employee, Role
from tests.factories import user_of
from tests.integrations.scim.conftest import Scim, user_payload


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer rmt_scim_wrong", "Basic YTpi"])
def test_no_live_token_is_a_401_with_a_scim_error(header: str, scim: Scim) -> None:
    headers = {"Authorization": header} if header else {}
    response = Client().get("/scim/v2/Users", headers=headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="scim"'
    body = json.loads(response.content)
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert body["status"] == "401"


def test_an_api_token_is_not_a_scim_token(admin: Employee) -> None:
    made = token_create(
        actor=user_of(admin),
        organization=admin.organization,
        kind=TokenKind.API,
        name="Reports",
        scopes=["people:read"],
    )

    assert Scim(made.secret).get("/Users").status == 401


def test_a_revoked_token_stops_at_once(scim: Scim, admin: Employee) -> None:
    token_revoke(actor=user_of(admin), token=AccessToken.objects.get(kind=TokenKind.SCIM))

    assert scim.post("/Users", user_payload()).status == 401
    assert not Employee.objects.filter(employee_id="E900").exists()


def test_a_token_of_an_admin_who_is_no_longer_one_stops(scim: Scim, admin: Employee) -> None:
    Employee.objects.filter(pk=admin.pk).update(role=Role.COORDINATOR)

    assert scim.get("/Users").status == 401


def test_an_expired_token_stops(scim: Scim) -> None:
    AccessToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    assert scim.get("/ServiceProviderConfig").status == 401


def test_another_organisations_token_finds_none_of_our_people(scim: Scim, other_scim: Scim) -> None:
    ours = scim.post("/Users", user_payload()).body["id"]
    path = f"/Users/{ours}"

    assert other_scim.get(path).status == 404
    assert other_scim.put(path, user_payload(email="grace@other.example")).status == 404
    assert other_scim.patch(path, {"op": "replace", "path": "active", "value": False}).status == 404
    assert other_scim.delete(path).status == 404
    assert (
        other_scim.get("/Users", filter='userName eq "grace@acme.example"').body["totalResults"]
        == 0
    )
    assert other_scim.get("/Users").body["totalResults"] == 0
    grace = Employee.objects.get(employee_id="E900")
    assert grace.is_active
    assert grace.organization.slug == "acme"


def test_another_organisation_cannot_provision_into_ours(other_scim: Scim) -> None:
    answer = other_scim.post("/Users", user_payload(email="grace@acme.example"))

    assert answer.status == 400
    assert "not an address of Other Corp" in answer.body["detail"]


def test_another_organisation_cannot_name_our_people_as_manager_or_member(
    scim: Scim, other_scim: Scim
) -> None:
    ours = scim.post("/Users", user_payload()).body["id"]

    manager = other_scim.post(
        "/Users",
        user_payload("X1", "sam2@other.example", enterprise={"manager": {"value": ours}}),
    )
    group = other_scim.post(
        "/Groups",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Stolen",
            "members": [{"value": ours}],
        },
    )

    assert manager.status == 400
    assert f"no User has the id {ours}" in manager.body["detail"]
    assert group.status == 400
    assert f"no User has the id {ours}" in group.body["detail"]


def test_our_groups_are_invisible_to_another_organisation(scim: Scim, other_scim: Scim) -> None:
    group = scim.post(
        "/Groups",
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Mentors"},
    ).body["id"]

    assert other_scim.get(f"/Groups/{group}").status == 404
    assert other_scim.delete(f"/Groups/{group}").status == 404
    assert other_scim.get("/Groups").body["totalResults"] == 0


def test_a_token_without_the_scim_scope_is_refused(scim: Scim) -> None:
    AccessToken.objects.filter(kind=TokenKind.SCIM).update(scopes=[])

    assert scim.get("/Users").status == 401


def test_the_services_themselves_refuse_a_token_whose_maker_is_no_longer_admin(
    scim: Scim, admin: Employee
) -> None:
    from django.core.exceptions import PermissionDenied

    from remento.integrations.scim.resources import PROVIDER, UserResource
    from remento.integrations.scim.services import scim_user_create

    Employee.objects.filter(pk=admin.pk).update(role=Role.PARTICIPANT)
    token = AccessToken.objects.select_related("organization", "created_by").get(
        kind=TokenKind.SCIM
    )
    resource = UserResource.model_validate(user_payload(), scim_provider=PROVIDER)

    with pytest.raises(PermissionDenied):
        scim_user_create(token=token, resource=resource)
    assert not Employee.objects.filter(employee_id="E900").exists()

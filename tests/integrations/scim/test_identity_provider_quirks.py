"""What Microsoft Entra ID and Okta actually send, beyond the letter of RFC 7644."""

from __future__ import annotations

from remento.integrations.scim.models import ScimGroup
from remento.people.models import Employee
from tests.integrations.scim.conftest import ENTERPRISE, REMENTO, USER, Scim, user_payload


def _entra_user(employee_id: str = "E900", email: str = "grace@acme.example") -> dict:
    """Entra ID's POST with the default mappings plus employeeNumber and the level: it sends
    attributes Remento does not keep (displayName, name.formatted, addresses…)."""
    return {
        "schemas": [USER, ENTERPRISE, REMENTO],
        "externalId": "grace",
        "userName": email,
        "active": True,
        "displayName": "Grace Hopper",
        "emails": [{"primary": True, "type": "work", "value": email}],
        "name": {"formatted": "Grace Hopper", "familyName": "Hopper", "givenName": "Grace"},
        "addresses": [{"type": "work", "country": "US"}],
        "phoneNumbers": [{"type": "mobile", "value": "+1 555 0100"}],
        ENTERPRISE: {"employeeNumber": employee_id, "department": "Research", "costCenter": "9"},
        REMENTO: {"level": "4"},
    }


def test_entra_attributes_remento_does_not_keep_are_ignored(scim: Scim) -> None:
    answer = scim.post("/Users", _entra_user())

    assert answer.status == 201
    assert "phoneNumbers" not in answer.body
    assert "displayName" not in answer.body
    assert Employee.objects.get(employee_id="E900").department.name == "Research"


def test_entra_deactivates_with_a_boolean_sent_as_a_string(scim: Scim) -> None:
    user = scim.post("/Users", _entra_user()).body["id"]

    answer = scim.patch(f"/Users/{user}", {"op": "Replace", "path": "active", "value": "False"})

    assert answer.status == 200
    assert answer.body["active"] is False
    assert Employee.objects.get(employee_id="E900").is_active is False
    back = scim.patch(f"/Users/{user}", {"op": "Replace", "path": "active", "value": "True"})
    assert back.body["active"] is True


def test_entra_replaces_through_value_filter_paths_and_dotted_keys(scim: Scim) -> None:
    user = scim.post("/Users", _entra_user()).body["id"]

    answer = scim.patch(
        f"/Users/{user}",
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "ghopper@acme.example"},
        {"op": "Replace", "path": "name.givenName", "value": "Amazing"},
        {"op": "Replace", "value": {"title": "Rear admiral", "name.familyName": "Grace"}},
        {"op": "Add", "path": f"{ENTERPRISE}:department", "value": "  RESEARCH "},
    )

    assert answer.status == 200, answer.body
    person = Employee.objects.select_related("user", "department").get(employee_id="E900")
    assert (person.email, person.user.email) == ("ghopper@acme.example", "ghopper@acme.example")
    assert (person.first_name, person.last_name, person.title) == (
        "Amazing",
        "Grace",
        "Rear admiral",
    )
    assert person.department.name == "Research"


def test_entra_sets_the_manager_as_a_bare_id(scim: Scim) -> None:
    boss = scim.post("/Users", _entra_user("E1", "boss@acme.example")).body["id"]
    report = scim.post("/Users", _entra_user("E2", "report@acme.example")).body["id"]

    answer = scim.patch(
        f"/Users/{report}", {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": boss}
    )

    assert answer.status == 200, answer.body
    assert answer.body[ENTERPRISE]["manager"]["value"] == boss
    removed = scim.patch(f"/Users/{report}", {"op": "Remove", "path": f"{ENTERPRISE}:manager"})
    assert "manager" not in removed.body[ENTERPRISE]
    assert Employee.objects.get(employee_id="E2").manager is None


def test_entra_adds_and_removes_group_members_by_value(scim: Scim) -> None:
    grace = scim.post("/Users", _entra_user()).body["id"]
    alan = scim.post("/Users", _entra_user("E2", "alan@acme.example")).body["id"]
    group = scim.post(
        "/Groups",
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Mentors"},
    ).body["id"]

    scim.patch(
        f"/Groups/{group}",
        {"op": "Add", "path": "members", "value": [{"value": grace}, {"value": alan}]},
    )
    # Entra removes a member with the member in "value", not in a path filter.
    answer = scim.patch(
        f"/Groups/{group}", {"op": "Remove", "path": "members", "value": [{"value": alan}]}
    )

    assert answer.status == 200, answer.body
    assert [member["value"] for member in answer.body["members"]] == [grace]


def test_entra_checks_a_user_exists_by_user_name_before_creating(scim: Scim) -> None:
    empty = scim.get("/Users", filter='userName eq "grace@acme.example"')
    scim.post("/Users", _entra_user())
    found = scim.get("/Users", filter='userName eq "grace@acme.example"')

    assert empty.body["totalResults"] == 0
    assert empty.body.get("Resources", []) == []
    assert found.body["totalResults"] == 1


def test_okta_updates_with_put_and_deactivates_with_put(scim: Scim) -> None:
    created = scim.post("/Users", user_payload()).body
    payload = user_payload(active=False)
    payload["id"] = created["id"]

    answer = scim.put(f"/Users/{created['id']}", payload)

    assert answer.status == 200
    assert answer.body["active"] is False
    person = Employee.objects.select_related("user").get(employee_id="E900")
    assert person.is_active is False
    assert person.user.is_active is False


def test_okta_pushes_a_group_and_replaces_its_members(scim: Scim) -> None:
    grace = scim.post("/Users", user_payload()).body["id"]
    alan = scim.post("/Users", user_payload("E2", "alan@acme.example")).body["id"]
    group = scim.post(
        "/Groups",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Leadership",
            "members": [{"value": grace, "display": "grace@acme.example"}],
        },
    ).body["id"]

    scim.patch(
        f"/Groups/{group}",
        {"op": "replace", "value": {"id": group, "displayName": "Leadership team"}},
    )
    answer = scim.patch(
        f"/Groups/{group}", {"op": "replace", "path": "members", "value": [{"value": alan}]}
    )

    assert answer.status == 200, answer.body
    saved = ScimGroup.objects.get()
    assert saved.display_name == "Leadership team"
    assert [m.employee.employee_id for m in saved.members.all()] == ["E2"]

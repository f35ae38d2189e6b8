"""/Groups, and the discovery endpoints (what the service publishes about itself)."""

from __future__ import annotations

from remento.core.models import AuditEvent
from remento.integrations.scim.models import ScimGroup
from remento.people.models import Employee
from tests.integrations.scim.conftest import ENTERPRISE, REMENTO, USER, Scim, user_payload

GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


def test_a_group_is_created_with_members_listed_and_filtered(scim: Scim) -> None:
    grace = scim.post("/Users", user_payload()).body["id"]

    created = scim.post(
        "/Groups", {"schemas": [GROUP], "displayName": "Mentors", "members": [{"value": grace}]}
    )
    found = scim.get("/Groups", filter='displayName eq "mentors"')
    by_member = scim.get("/Groups", filter=f'members.value eq "{grace}"')

    assert created.status == 201
    assert created.body["members"] == [
        {"value": grace, "$ref": f"http://testserver/scim/v2/Users/{grace}"}
    ]
    assert [g["id"] for g in found.body["Resources"]] == [created.body["id"]]
    assert [g["id"] for g in by_member.body["Resources"]] == [created.body["id"]]
    assert AuditEvent.objects.get(verb="scim.group_created").data["members"] == 1


def test_a_group_name_is_unique_in_the_organisation(scim: Scim) -> None:
    scim.post("/Groups", {"schemas": [GROUP], "displayName": "Mentors"})

    again = scim.post("/Groups", {"schemas": [GROUP], "displayName": "MENTORS"})

    assert (again.status, again.body["scimType"]) == (409, "uniqueness")


def test_deleting_a_group_keeps_its_people(scim: Scim) -> None:
    grace = scim.post("/Users", user_payload()).body["id"]
    group = scim.post(
        "/Groups", {"schemas": [GROUP], "displayName": "Mentors", "members": [{"value": grace}]}
    ).body["id"]

    assert scim.delete(f"/Groups/{group}").status == 204

    assert not ScimGroup.objects.exists()
    assert Employee.objects.get(employee_id="E900").is_active
    assert scim.get(f"/Groups/{group}").status == 404


def test_the_service_publishes_what_it_supports(scim: Scim) -> None:
    config = scim.get("/ServiceProviderConfig").body

    assert config["patch"] == {"supported": True}
    assert config["filter"]["supported"] is True
    assert config["bulk"]["supported"] is False
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"


def test_the_user_resource_type_requires_both_extensions(scim: Scim) -> None:
    user = scim.get("/ResourceTypes/User").body

    assert user["endpoint"] == "/Users"
    assert user["schemaExtensions"] == [
        {"schema": ENTERPRISE, "required": True},
        {"schema": REMENTO, "required": True},
    ]
    assert scim.get("/ResourceTypes/Pet").status == 404


def test_the_schemas_list_only_the_attributes_remento_keeps(scim: Scim) -> None:
    schemas = {schema["id"]: schema for schema in scim.get("/Schemas").body["Resources"]}

    user = {attribute["name"]: attribute for attribute in schemas[USER]["attributes"]}
    assert set(user) == {"userName", "name", "nickName", "title", "active", "emails"}
    assert user["userName"]["required"] is True
    enterprise = {a["name"] for a in schemas[ENTERPRISE]["attributes"]}
    assert enterprise == {"employeeNumber", "department", "manager"}
    assert [a["name"] for a in schemas[REMENTO]["attributes"]] == ["level"]
    assert scim.get(f"/Schemas/{GROUP}").body["id"] == GROUP


def test_discovery_endpoints_are_read_only(scim: Scim) -> None:
    for path in ("/ServiceProviderConfig", "/ResourceTypes", "/Schemas"):
        assert scim.post(path, {}).status == 405


def test_any_other_path_is_a_scim_404(scim: Scim) -> None:
    answer = scim.get("/Pets")

    assert answer.status == 404
    assert answer.body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_searching_by_post_per_type_and_across_both(scim: Scim) -> None:
    grace = scim.post("/Users", user_payload()).body["id"]
    group = scim.post("/Groups", {"schemas": [GROUP], "displayName": "Mentors"}).body["id"]
    search = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"

    users = scim.post(
        "/Users/.search", {"schemas": [search], "filter": 'userName eq "grace@acme.example"'}
    )
    both = scim.post("/.search", {"schemas": [search]})
    second = scim.post("/.search", {"schemas": [search], "startIndex": 2, "count": 1})
    named = scim.post("/.search", {"schemas": [search], "filter": 'displayName eq "Mentors"'})

    assert [user["id"] for user in users.body["Resources"]] == [grace]
    assert [r["id"] for r in both.body["Resources"]] == [grace, group]
    assert both.body["totalResults"] == 2
    assert [r["id"] for r in second.body["Resources"]] == [group]
    assert [r["id"] for r in named.body["Resources"]] == [group]


def test_a_base_url_pasted_with_a_trailing_slash_still_works(scim: Scim) -> None:
    grace = scim.post("//Users", user_payload())

    assert grace.status == 201
    assert scim.get(f"//Users/{grace.body['id']}").body["userName"] == "grace@acme.example"


def test_listing_users_reads_a_fixed_number_of_queries(
    scim: Scim, django_assert_num_queries: object
) -> None:
    boss = scim.post("/Users", user_payload("E0", "boss@acme.example")).body["id"]
    for n in range(1, 6):
        scim.post(
            "/Users",
            user_payload(
                f"E{n}",
                f"p{n}@acme.example",
                enterprise={"department": f"Team {n}", "manager": {"value": boss}},
            ),
        )
    scim.get("/Users")  # the token's last use is recorded at most once a minute

    # The token, the count, the page (people, departments and managers joined).
    with django_assert_num_queries(3):  # type: ignore[operator]
        assert scim.get("/Users").body["totalResults"] == 6

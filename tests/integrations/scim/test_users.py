"""/Users: provisioning, reading, filtering, paging, replacing and deprovisioning people."""

from __future__ import annotations

from typing import Any

import pytest

from remento.core.models import AuditEvent, User
from remento.integrations.scim.models import ScimUser
from remento.people.models import Department, Employee, LevelChange
from remento.people.totals import SkillTotalsRun
from tests.factories import DepartmentFactory
from tests.integrations.scim.conftest import ENTERPRISE, REMENTO, Scim, user_payload


def test_a_provisioned_user_is_a_person_of_the_tokens_organisation_with_a_sign_in(
    scim: Scim, admin: Employee
) -> None:
    answer = scim.post("/Users", user_payload())

    assert answer.status == 201
    assert answer.headers["Location"] == f"http://testserver/scim/v2/Users/{answer.body['id']}"
    person = Employee.objects.get(employee_id="E900")
    assert person.organization_id == admin.organization_id
    assert (person.first_name, person.last_name, person.email, person.level) == (
        "Grace",
        "Hopper",
        "grace@acme.example",
        3,
    )
    assert person.role == "participant"
    assert person.user is not None
    assert person.user.email == "grace@acme.example"
    assert not person.user.has_usable_password()
    # The SCIM id is a UUID of its own, not the database key.
    assert answer.body["id"] == str(person.scim_user.scim_id) != str(person.pk)


def test_the_provisioning_is_audited_with_the_token_named(scim: Scim, admin: Employee) -> None:
    scim.post("/Users", user_payload())

    event = AuditEvent.objects.get(verb="scim.user_created")
    assert event.actor == admin.user
    assert event.data["token"] == "Contoso connector"
    assert "rmt_scim_" not in str(event.data["token_prefix"])[12:]


def test_department_is_matched_as_the_import_spells_it_and_level_by_name(
    scim: Scim, admin: Employee
) -> None:
    finance = DepartmentFactory(organization=admin.organization, name="Finance")

    scim.post(
        "/Users",
        user_payload(level="senior professional", enterprise={"department": "  finance "}),
    )

    person = Employee.objects.get(employee_id="E900")
    assert person.department == finance
    assert person.level == 4
    assert Department.objects.filter(organization=admin.organization).count() == 2  # + admin's


def test_the_manager_is_named_by_their_scim_id(scim: Scim) -> None:
    boss = scim.post("/Users", user_payload("E1", "boss@acme.example"))
    report = scim.post(
        "/Users",
        user_payload(
            "E2", "report@acme.example", enterprise={"manager": {"value": boss.body["id"]}}
        ),
    )

    assert Employee.objects.get(employee_id="E2").manager == Employee.objects.get(employee_id="E1")
    manager = report.body[ENTERPRISE]["manager"]
    assert manager == {
        "value": boss.body["id"],
        "$ref": f"http://testserver/scim/v2/Users/{boss.body['id']}",
    }


def test_a_manager_loop_is_refused(scim: Scim) -> None:
    boss = scim.post("/Users", user_payload("E1", "boss@acme.example"))
    report = scim.post(
        "/Users",
        user_payload(
            "E2", "report@acme.example", enterprise={"manager": {"value": boss.body["id"]}}
        ),
    )

    answer = scim.patch(
        f"/Users/{boss.body['id']}",
        {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": report.body["id"]}},
    )

    assert answer.status == 400
    assert "loop" in answer.body["detail"]
    assert Employee.objects.get(employee_id="E1").manager is None


@pytest.mark.parametrize("drop", ["userName", "emails", "name", ENTERPRISE, REMENTO, "active"])
def test_a_missing_required_attribute_is_a_400_naming_it(scim: Scim, drop: str) -> None:
    payload = user_payload()
    del payload[drop]

    answer = scim.post("/Users", payload)

    assert answer.status == 400
    assert answer.body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert answer.body["scimType"] == "invalidValue"
    assert f"'{drop}' is required" in answer.body["detail"]
    assert not Employee.objects.filter(employee_id="E900").exists()


def test_a_missing_employee_number_is_a_400_naming_it(scim: Scim) -> None:
    payload = user_payload()
    payload[ENTERPRISE] = {"department": "Finance"}

    answer = scim.post("/Users", payload)

    assert answer.status == 400
    assert "employeeNumber" in answer.body["detail"]


def test_an_email_outside_the_organisations_domains_is_refused(scim: Scim) -> None:
    answer = scim.post("/Users", user_payload(email="grace@gmail.example"))

    assert answer.status == 400
    assert answer.body["scimType"] == "invalidValue"
    assert "emails: grace@gmail.example is not an address of Acme Retail" in answer.body["detail"]
    assert not User.objects.filter(email="grace@gmail.example").exists()


def test_an_unknown_level_is_refused_with_the_ladder(scim: Scim) -> None:
    answer = scim.post("/Users", user_payload(level="Wizard"))

    assert answer.status == 400
    assert f"{REMENTO}:level: unknown level “Wizard”" in answer.body["detail"]
    assert "from 1 to 10" in answer.body["detail"]


def test_a_taken_user_name_or_email_is_a_409(scim: Scim, mentor: Employee) -> None:
    scim.post("/Users", user_payload())

    again = scim.post(
        "/Users", user_payload("E901", "other@acme.example", user_name="Grace@Acme.example")
    )
    taken_email = scim.post("/Users", user_payload("E902", mentor.email))

    assert (again.status, again.body["scimType"]) == (409, "uniqueness")
    assert (taken_email.status, taken_email.body["scimType"]) == (409, "uniqueness")


def test_a_person_imported_from_the_hris_file_is_taken_over_by_employee_number(
    scim: Scim, mentor: Employee
) -> None:
    answer = scim.post("/Users", user_payload(mentor.employee_id, mentor.email, level="2"))

    assert answer.status == 201
    mentor.refresh_from_db()
    assert mentor.scim_user.scim_id is not None
    assert (mentor.first_name, mentor.last_name) == ("Grace", "Hopper")
    assert Employee.objects.filter(organization=mentor.organization).count() == 1 + 1  # + admin


def test_a_level_change_is_recorded_in_the_level_history(scim: Scim) -> None:
    created = scim.post("/Users", user_payload(level="3"))

    scim.patch(
        f"/Users/{created.body['id']}", {"op": "replace", "path": f"{REMENTO}:level", "value": "5"}
    )

    change = LevelChange.objects.get(employee__employee_id="E900")
    assert (change.level_before, change.level_after, change.source) == (3, 5, "import")


def test_filters_find_people_by_the_attributes_identity_providers_use(scim: Scim) -> None:
    grace = scim.post("/Users", user_payload(externalId="ext-7")).body["id"]
    scim.post("/Users", user_payload("E2", "alan@acme.example", active=False))

    def found(expression: str) -> list[str]:
        answer = scim.get("/Users", filter=expression)
        assert answer.status == 200, answer.body
        return [user["id"] for user in answer.body.get("Resources", [])]

    assert found('userName eq "GRACE@acme.example"') == [grace]
    assert found('externalId eq "ext-7"') == [grace]
    assert found('emails[type eq "work"].value eq "grace@acme.example"') == [grace]
    assert found('emails.value eq "grace@acme.example"') == [grace]
    assert found("active eq true") == [grace]
    assert len(found('active eq "False"')) == 1
    assert found(f'{ENTERPRISE}:employeeNumber eq "E900"') == [grace]
    assert found('userName eq "nobody@acme.example"') == []


def test_an_unsupported_filter_is_an_invalid_filter_error(scim: Scim) -> None:
    bad = scim.get("/Users", filter='userName eq "unclosed')
    unsupported = scim.get("/Users", filter='meta.lastModified gt "2020-01-01T00:00:00Z"')

    assert (bad.status, bad.body["scimType"]) == (400, "invalidFilter")
    assert (unsupported.status, unsupported.body["scimType"]) == (400, "invalidFilter")


def test_the_list_pages_with_start_index_and_count(scim: Scim) -> None:
    ids = [
        scim.post("/Users", user_payload(f"E{n}", f"p{n}@acme.example")).body["id"]
        for n in range(5)
    ]

    page = scim.get("/Users", startIndex=2, count=2)

    assert page.body["totalResults"] == 5
    assert page.body["startIndex"] == 2
    assert page.body["itemsPerPage"] == 2
    assert [user["id"] for user in page.body["Resources"]] == ids[1:3]
    assert scim.get("/Users", count=0).body["totalResults"] == 5


def test_people_not_provisioned_over_scim_are_not_listed(scim: Scim, mentor: Employee) -> None:
    assert scim.get("/Users").body["totalResults"] == 0


def test_put_replaces_the_person(scim: Scim) -> None:
    created = scim.post("/Users", user_payload())
    payload = user_payload(title="Rear admiral", level="6")
    payload["name"] = {"givenName": "Amazing", "familyName": "Grace"}

    answer = scim.put(f"/Users/{created.body['id']}", payload)

    assert answer.status == 200
    person = Employee.objects.get(employee_id="E900")
    assert (person.first_name, person.last_name, person.title, person.level) == (
        "Amazing",
        "Grace",
        "Rear admiral",
        6,
    )


def test_an_email_change_takes_the_sign_in_along(scim: Scim) -> None:
    created = scim.post("/Users", user_payload())

    scim.patch(
        f"/Users/{created.body['id']}",
        {"op": "replace", "path": 'emails[type eq "work"].value', "value": "g.hopper@acme.example"},
    )

    person = Employee.objects.select_related("user").get(employee_id="E900")
    assert person.email == person.user.email == "g.hopper@acme.example"


def test_attributes_and_excluded_attributes_shape_the_answer(scim: Scim) -> None:
    created = scim.post("/Users", user_payload())

    only = scim.get(f"/Users/{created.body['id']}", attributes="userName")
    without = scim.get(f"/Users/{created.body['id']}", excludedAttributes="emails")

    assert "emails" not in only.body
    assert only.body["userName"] == "grace@acme.example"
    assert "emails" not in without.body
    assert "name" in without.body


def test_an_unknown_id_is_a_scim_404(scim: Scim) -> None:
    for path in ("/Users/not-a-uuid", "/Users/00000000-0000-0000-0000-000000000001"):
        answer = scim.get(path)
        assert answer.status == 404
        assert answer.body["status"] == "404"


def test_a_person_keeps_no_scim_user_once_erased_from_the_directory(scim: Scim) -> None:
    created = scim.post("/Users", user_payload())
    Employee.objects.get(employee_id="E900").delete()

    assert not ScimUser.objects.exists()
    assert scim.get(f"/Users/{created.body['id']}").status == 404


def test_a_provisioned_person_refreshes_the_skill_gap_totals_after_the_commit(
    scim: Scim, admin: Employee, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        scim.post("/Users", user_payload())

    run = SkillTotalsRun.objects.get(organization=admin.organization)
    assert run.organization.skill_totals_run == run

"""A name that SCIM changes is copied to where the participants and pairs lists sort by it
(``people.sort_names``)."""

from __future__ import annotations

from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.people.models import Employee
from tests.factories import make_program
from tests.integrations.scim.conftest import Scim, user_payload
from tests.relationships.builders import enroll


def test_a_name_replaced_over_scim_is_copied_to_the_persons_enrolments(scim: Scim) -> None:
    created = scim.post("/Users", user_payload())
    grace = Employee.objects.get(employee_id="E900")
    enroll(make_program(grace.organization, "signup"), grace, EnrollmentRole.MENTEE)
    payload = user_payload()
    payload["name"] = {"givenName": "Amazing", "familyName": "Grace"}

    assert scim.put(f"/Users/{created.body['id']}", payload).status == 200

    assert list(Enrollment.objects.values_list("sort_name", flat=True)) == ["Grace\tAmazing"]

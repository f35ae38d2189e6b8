"""The API's routes: each answers its happy path and refuses the rest in problem details."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from remento.enrollment.models import Enrollment, EnrollmentStatus
from remento.integrations.tokens.models import AccessToken
from remento.integrations.tokens.services import token_revoke
from remento.matching.models import MatchRun
from remento.people.models import Employee
from remento.programs.models import KpiKind, Program, ProgramKpi, Status
from remento.relationships.checkins.models import CheckIn, CheckInKind, CheckInStatus
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import PairStatus
from tests.factories import make_pair, make_program
from tests.integrations.api.conftest import Api, api_as, token_for

PROBLEM_KEYS = {"type", "title", "status", "detail", "code", "errors"}


def assert_problem(answer: Any, status: int, code: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    body = answer.json()
    assert set(body) == PROBLEM_KEYS
    assert body["status"] == status
    assert body["code"] == code
    return body


def _meeting(pair: Any, *, topics: str = "", status: str = MeetingStatus.CONFIRMED) -> Meeting:
    return Meeting.objects.create(
        pair=pair,
        status=status,
        starts_at=timezone.now() - timedelta(days=2),
        duration_minutes=45,
        organizer=pair.mentee,
        proposed_by=pair.mentee,
        location="Room 4",
        agenda="Prompts",
        topics=topics,
    )


def test_no_token_unknown_revoked_and_expired_tokens_get_401(coordinator: Employee) -> None:
    assert_problem(Api(None).get("/people"), 401, "unauthenticated")
    assert_problem(Api("rmt_api_nothing").get("/people"), 401, "unauthenticated")
    secret = token_for(coordinator)
    token_revoke(actor=coordinator.user, token=AccessToken.objects.get())
    assert_problem(Api(secret).get("/people"), 401, "unauthenticated")
    expiring = token_for(coordinator, expires_at=timezone.now() + timedelta(minutes=1))
    AccessToken.objects.filter(revoked_at=None).update(expires_at=timezone.now())
    answer = Api(expiring).get("/people")
    assert_problem(answer, 401, "unauthenticated")
    assert answer["WWW-Authenticate"].startswith("Bearer")


def test_a_session_sign_in_is_not_an_api_credential(coordinator_client: Any) -> None:
    assert_problem(coordinator_client.get("/api/v1/people"), 401, "unauthenticated")


def test_a_token_without_the_routes_scope_gets_403_naming_it(coordinator: Employee) -> None:
    body = assert_problem(api_as(coordinator, ["pairs:read"]).get("/people"), 403, "scope_missing")
    assert "people:read" in body["detail"]


def test_every_operation_declares_its_scope(coordinator: Employee) -> None:
    schema = Api(None).client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            scope = operation["x-scope"]
            assert operation["security"] == [{"TokenAuth": [scope]}], (method, path)


def test_people_list_pages_with_a_stable_cursor(coordinator: Employee, organization: Any) -> None:
    from tests.factories import EmployeeFactory

    EmployeeFactory.create_batch(6, organization=organization)
    api = api_as(coordinator)
    first = api.get("/people", limit=3).json()
    assert first["total"] == 7
    assert len(first["items"]) == 3
    EmployeeFactory(organization=organization, last_name="Aaa")  # sorts before the cursor
    second = api.get("/people", limit=3, cursor=first["next_cursor"]).json()
    seen = [p["id"] for p in first["items"]] + [p["id"] for p in second["items"]]
    assert len(set(seen)) == 6
    assert second["items"][0]["last_name"] >= first["items"][-1]["last_name"]


def test_a_bad_cursor_is_a_422_naming_the_field(coordinator: Employee) -> None:
    body = assert_problem(api_as(coordinator).get("/people", cursor="forged"), 422, "invalid")
    assert body["errors"][0]["field"] == "cursor"


def test_a_participant_reads_no_directory_but_their_own_profile(mentor: Employee) -> None:
    api = api_as(mentor)
    assert_problem(api.get("/people"), 403, "forbidden")
    me = api.get(f"/people/{mentor.pk}").json()
    assert me["view"] == "full"
    assert me["email"] == mentor.email


def test_a_partner_reads_the_partner_profile_without_hr_fields(
    mentor: Employee, mentee: Employee, organization: Any
) -> None:
    make_pair(make_program(organization), mentor, mentee)
    profile = api_as(mentor).get(f"/people/{mentee.pk}").json()
    assert profile["view"] == "partner"
    assert profile["level"] is None
    assert profile["email"] is None


def test_other_organisations_ids_are_404(
    stranger: Employee, mentor: Employee, mentee: Employee, organization: Any
) -> None:
    program = make_program(organization)
    pair = make_pair(program, mentor, mentee)
    api = api_as(stranger)
    for path in (
        f"/people/{mentor.pk}",
        f"/programs/{program.pk}",
        f"/programs/{program.pk}/kpis",
        f"/programs/{program.pk}/enrolments",
        f"/programs/{program.pk}/pairs",
        f"/pairs/{pair.pk}",
        f"/pairs/{pair.pk}/meetings",
        f"/pairs/{pair.pk}/checkins",
    ):
        assert_problem(api.get(path), 404, "not_found")
    assert_problem(api.post(f"/programs/{program.pk}/matching-runs"), 404, "not_found")
    assert mentor.pk not in [p["id"] for p in api.get("/people").json()["items"]]


def test_programs_their_kpis_and_enrolments_for_coordinators(
    coordinator: Employee, mentor: Employee, mentee: Employee, organization: Any
) -> None:
    program = make_program(organization)
    make_pair(program, mentor, mentee)
    api = api_as(coordinator)
    assert [p["id"] for p in api.get("/programs").json()["items"]] == [program.pk]
    assert api.get(f"/programs/{program.pk}").json()["mentors_enrolled"] == 1
    assert api.get(f"/programs/{program.pk}/kpis").status_code == 200
    roles = {e["role"] for e in api.get(f"/programs/{program.pk}/enrolments").json()["items"]}
    assert roles == {"mentor", "mentee"}
    assert_problem(api_as(mentor).get("/programs"), 403, "forbidden")
    assert_problem(api_as(mentor).get(f"/programs/{program.pk}/enrolments"), 403, "forbidden")


def test_a_kpi_below_target_is_not_yet_while_the_program_runs_and_not_met_once_closed(
    coordinator: Employee, mentor: Employee, mentee: Employee, organization: Any
) -> None:
    program = make_program(organization)
    make_pair(program, mentor, mentee)
    ProgramKpi.objects.create(program=program, kind=KpiKind.PARTICIPATION, target=50)
    api = api_as(coordinator)

    def participation() -> dict[str, Any]:
        kpis = api.get(f"/programs/{program.pk}/kpis").json()
        return next(kpi for kpi in kpis if kpi["kind"] == KpiKind.PARTICIPATION)

    Program.objects.filter(pk=program.pk).update(status=Status.ACTIVE)
    assert (participation()["met"], participation()["verdict"]) == (False, "not_yet")
    Program.objects.filter(pk=program.pk).update(status=Status.CLOSED)
    assert (participation()["met"], participation()["verdict"]) == (False, "not_met")


def test_a_person_signs_themselves_up_through_the_enrolment_service(
    mentor: Employee, organization: Any
) -> None:
    program = make_program(organization, "signup")
    answer = api_as(mentor).post(
        f"/programs/{program.pk}/enrolments",
        {"role": "mentor", "hours_per_month": 4, "timezone": "Europe/London"},
    )
    assert answer.status_code == 201, answer.content
    assert Enrollment.objects.get(program=program, employee=mentor).status == "enrolled"
    again = api_as(mentor).post(
        f"/programs/{program.pk}/enrolments", {"role": "mentor", "timezone": "Europe/London"}
    )
    assert again.status_code in (409, 422)


def test_coordinators_nominate_and_unknown_people_are_named(
    coordinator: Employee, mentor: Employee, organization: Any, stranger: Employee
) -> None:
    program = make_program(organization, "signup")
    api = api_as(coordinator)
    refused = api.post(
        f"/programs/{program.pk}/nominations",
        {"person_ids": [mentor.pk, stranger.pk], "role": "mentor"},
    )
    body = assert_problem(refused, 422, "invalid")
    assert body["errors"][0]["field"] == "person_ids"
    assert str(stranger.pk) in body["detail"]
    made = api.post(
        f"/programs/{program.pk}/nominations", {"person_ids": [mentor.pk], "role": "mentor"}
    )
    assert made.status_code == 201
    assert Enrollment.objects.get(employee=mentor).status == EnrollmentStatus.INVITED
    assert_problem(
        api_as(mentor).post(
            f"/programs/{program.pk}/nominations", {"person_ids": [mentor.pk], "role": "mentor"}
        ),
        403,
        "forbidden",
    )


def test_pairs_meetings_and_checkins_show_what_the_pages_show(
    coordinator: Employee, mentor: Employee, mentee: Employee, organization: Any
) -> None:
    pair = make_pair(make_program(organization), mentor, mentee)
    _meeting(pair, topics="Only the two of us", status=MeetingStatus.HELD)
    for person in (mentor, mentee):
        CheckIn.objects.create(
            pair=pair,
            employee=person,
            role="mentor" if person == mentor else "mentee",
            kind=CheckInKind.REGULAR,
            status=CheckInStatus.OPEN,
            opened_at=timezone.now(),
            remind_at=timezone.now(),
            remind_again_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=7),
        )
    member, staff = api_as(mentor), api_as(coordinator)
    assert [p["id"] for p in member.get("/pairs").json()["items"]] == [pair.pk]
    assert staff.get(f"/pairs/{pair.pk}").json()["mentor"]["id"] == mentor.pk
    assert member.get(f"/pairs/{pair.pk}/meetings").json()["items"][0]["topics"] == (
        "Only the two of us"
    )
    staff_meeting = staff.get(f"/pairs/{pair.pk}/meetings").json()["items"][0]
    assert staff_meeting["topics"] is None
    assert staff_meeting["location"] is None
    assert [
        c["person"]["id"] for c in member.get(f"/pairs/{pair.pk}/checkins").json()["items"]
    ] == [mentor.pk]
    assert len(staff.get(f"/pairs/{pair.pk}/checkins").json()["items"]) == 2


def test_a_pair_member_logs_a_meeting_a_coordinator_cannot(
    coordinator: Employee, mentor: Employee, mentee: Employee, organization: Any
) -> None:
    pair = make_pair(make_program(organization), mentor, mentee, status=PairStatus.ACTIVE)
    meeting = _meeting(pair)
    path = f"/pairs/{pair.pk}/meetings/{meeting.pk}/log"
    assert_problem(
        api_as(coordinator).post(path, {"held": True, "held_minutes": 40}), 404, "not_found"
    )
    invalid = api_as(mentor).post(path, {"held": True})
    assert assert_problem(invalid, 422, "invalid")["errors"][0]["field"] == "held_minutes"
    done = api_as(mentor).post(path, {"held": True, "held_minutes": 40, "topics": "Prompts"})
    assert done.status_code == 200
    assert done.json()["status"] == "held"
    assert_problem(
        api_as(mentor, ["pairs:read"]).post(path, {"held": True, "held_minutes": 4}),
        403,
        "scope_missing",
    )


def test_import_applies_rows_and_names_bad_rows(coordinator: Employee, mentor: Employee) -> None:
    api = api_as(coordinator)
    row = {"employee_id": "N1", "first_name": "Nia", "last_name": "New", "level": 3}
    bad = api.post("/people/import", {"rows": [{**row, "email": "not an email"}]})
    body = assert_problem(bad, 422, "invalid_rows")
    assert body["errors"] == [{"row": 1, "field": "email", "reason": body["errors"][0]["reason"]}]
    good_row = {**row, "email": "nia@acme.example"}
    dry = api.post("/people/import", {"rows": [good_row], "dry_run": True}).json()
    assert dry["applied"] is False
    assert dry["created"] == 1
    assert not Employee.objects.filter(employee_id="N1").exists()
    done = api.post("/people/import", {"rows": [good_row]}).json()
    assert done["applied"] is True
    assert Employee.objects.filter(employee_id="N1").exists()
    assert_problem(api_as(mentor).post("/people/import", {"rows": [good_row]}), 403, "forbidden")


def test_a_matching_run_is_queued_and_read(
    coordinator: Employee,
    mentor: Employee,
    organization: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    program = make_program(organization, "matching")
    api = api_as(coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        started = api.post(f"/programs/{program.pk}/matching-runs")
    assert started.status_code == 202, started.content
    run = started.json()
    assert run["status"] == "running"
    assert run["phase"] == "queued"
    read = api.get(f"/programs/{program.pk}/matching-runs/{run['id']}").json()
    assert read["id"] == run["id"]
    assert MatchRun.objects.filter(pk=run["id"]).exists()
    with django_capture_on_commit_callbacks(execute=False):
        assert_problem(api.post(f"/programs/{program.pk}/matching-runs"), 409, "conflict")
    assert_problem(api_as(mentor).post(f"/programs/{program.pk}/matching-runs"), 403, "forbidden")


def test_rate_limit_answers_429_with_retry_after(coordinator: Employee, settings: Any) -> None:
    settings.API_RATE_LIMIT = "2/min"
    api = api_as(coordinator)
    assert api.get("/pairs").status_code == 200
    assert api.get("/pairs").status_code == 200
    answer = api.get("/pairs")
    assert_problem(answer, 429, "throttled")
    assert int(answer["Retry-After"]) > 0
    assert api_as(coordinator).get("/pairs").status_code == 200  # counted per token


def test_unknown_addresses_and_bad_values_are_problems(coordinator: Employee) -> None:
    api = api_as(coordinator)
    assert_problem(api.get("/nothing-here"), 404, "not_found")
    body = assert_problem(api.get("/people", limit=1000), 422, "invalid")
    assert body["errors"][0]["field"] == "limit"

"""The audit page words each event for a person: dicts as "label: value" lists, lists
comma-joined, codes by their labels, and what an event is about by the name it kept."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remento.core.models import AuditEvent
from remento.people.audit_present import details_of, subject_name
from remento.people.audit_verbs import verb_label
from remento.people.models import Employee
from tests.conftest import client_for

AUDIT = reverse("people:audit_list")


def listed(response: Any) -> str:
    text = str(response.text)
    return text[text.index("<tbody>") :] if "<tbody>" in text else ""


def event(admin: Employee, verb: str, target_type: str, target_id: str, **data: Any) -> None:
    AuditEvent.objects.create(
        organization=admin.organization,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        data=data,
    )


def test_a_programs_kpis_read_as_a_list_of_labels_and_it_is_named(admin: Employee) -> None:
    event(
        admin,
        "program.create",
        "programs.program",
        "5",
        name="AI for leaders",
        type="reverse",
        kpis={"checkin_rating": "4", "meetings_per_pair": "6"},
    )

    table = listed(client_for(admin).get(AUDIT))

    assert "Program created" in table
    assert "Program “AI for leaders”" in table
    assert "<li>Average check-in rating (1–5): 4</li>" in table
    assert "<li>Meetings per pair: 6</li>" in table
    assert "Reverse mentoring" in table
    assert "checkin_rating" not in table
    assert "{" not in table
    assert "Program 5" not in table


def test_changed_fields_read_as_words_and_an_unnamed_target_as_its_kind_and_id(
    admin: Employee,
) -> None:
    event(
        admin,
        "sso.connection_changed",
        "sso.ssoconnection",
        "1",
        protocol="oidc",
        changed=["issuer", "client_id", "label"],
        enabled=False,
    )
    event(
        admin,
        "program.transition",
        "programs.program",
        "7",
        **{"from": "draft", "to": "recruiting"},
    )

    table = listed(client_for(admin).get(AUDIT))

    assert "Single sign-on connection #1" in table
    assert "Sso connection" not in table
    assert "issuer, client ID, label" in table
    assert "[" not in table
    assert "Enabled</dt><dd>no" in table
    assert "Program #7" in table
    assert "From</dt><dd>Draft" in table
    assert "To</dt><dd>Recruiting" in table


def test_the_words_need_no_query_per_event(admin: Employee) -> None:
    client = client_for(admin)
    for _ in range(60):  # a full page of plain events, and more
        event(admin, "x.plain", "", "")
    client.get(AUDIT)
    with CaptureQueriesContext(connection) as few:
        client.get(AUDIT)
    for number in range(30):  # a full page of events with data to word
        event(
            admin,
            "program.create",
            "programs.program",
            str(number + 2),
            name=f"Program {number}",
            type="reverse",
            kpis={"completion": "80"},
        )
        event(admin, "sso.connection_changed", "sso.ssoconnection", str(number), changed=["issuer"])
    with CaptureQueriesContext(connection) as many:
        client.get(AUDIT)

    assert len(many) == len(few)


def test_values_read_as_words() -> None:
    details = {
        detail.label: detail.text
        for detail in details_of(
            {
                "pair": 8,
                "mentor": 226,
                "meetings": [54, 55],
                "done": True,
                "profile": {},
                "added": ["Setting goals together", "Confidentiality and trust"],
                "ip": "127.0.0.1",
                "status": "waitlisted",
            },
            target_type="enrollment.enrollment",
        )
    }

    assert details == {
        "Pair": "#8",
        "Mentor": "person #226",
        "Meetings": "#54, #55",
        "Done": "yes",
        "Profile": "none",
        "Added": "Setting goals together, Confidentiality and trust",
        "IP address": "127.0.0.1",
        "Status": "On the waitlist",
    }


def test_a_matching_runs_pairs_are_a_mentor_with_a_mentee() -> None:
    (detail,) = details_of({"pair": [175, 3]}, verb="match_run.lock")
    assert detail.text == "mentor #175 with mentee #3"


def test_verbs_and_subjects_read_as_words() -> None:
    assert verb_label("program.create") == "Program created"
    assert verb_label("demo.hris_history") == "Demo HR history written (leavers and promotions)"
    assert verb_label("x.about_mentor") == "X about mentor"
    assert subject_name("programs.program", "5", {}) == ("Program #5", "")
    assert subject_name("training.resource", "2", {"title": "Cheat sheet"}) == (
        "Resource “Cheat sheet”",
        "title",
    )
    assert subject_name("", "", {"name": "x"}) == ("", "")


def test_each_event_is_a_card_on_a_phone(admin: Employee) -> None:
    event(admin, "program.create", "programs.program", "1", name="One")

    table = listed(client_for(admin).get(AUDIT))

    assert '<td data-label="By">' in table
    assert '<td data-label="About">Program “One”</td>' in table

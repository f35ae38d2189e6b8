"""Who may export a program (its organisation's coordinators), and the audit of each export."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import AuditEvent
from remento.people.models import Employee
from tests.conftest import client_for
from tests.factories import employee_with_login
from tests.outcomes.exports.conftest import World
from tests.outcomes.exports.helpers import SLUGS, ask, download, fetch, url


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_export_is_recorded_with_who_which_format_and_rows(
    world: World, coordinator: Employee, coordinator_client: Client, fmt: str
) -> None:
    download(coordinator_client, world.program, "participants", fmt)

    event = AuditEvent.objects.get(verb="program.exported")
    assert event.actor == coordinator.user
    assert event.organization == world.program.organization
    assert event.target_id == str(world.program.pk)
    assert event.data == {
        "export": "participants",
        "format": fmt,
        "rows": 4,
        "by": "Cora Ordinator",
    }


def test_each_export_writes_its_own_audit_event(world: World, coordinator_client: Client) -> None:
    for slug in SLUGS:
        download(coordinator_client, world.program, slug, "csv")

    exported = AuditEvent.objects.filter(verb="program.exported")
    assert sorted(e.data["export"] for e in exported) == sorted(SLUGS)


def test_an_admin_may_export(world: World, admin: Employee) -> None:
    download(client_for(admin), world.program, "pairs", "xlsx")


@pytest.mark.parametrize("who", ["mentor", "mentee", "participant"])
def test_participants_are_refused_the_page_and_every_export(
    world: World, mentor: Employee, mentee: Employee, who: str
) -> None:
    person = {
        "mentor": mentor,
        "mentee": mentee,
        "participant": employee_with_login(organization=world.program.organization),
    }[who]
    client = client_for(person)

    page = reverse("outcomes:program_exports", args=[world.program.pk])
    assert client.get(page).status_code in (403, 404)
    for slug in SLUGS:
        assert client.get(url(world.program, slug, "csv")).status_code in (403, 404)
    assert not AuditEvent.objects.filter(verb="program.exported").exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(world: World, client: Client) -> None:
    response = client.get(url(world.program, "pairs", "csv"))

    assert response.status_code == 302
    assert "/login" in response["Location"] or "sign" in response["Location"]


def test_a_coordinator_of_another_organisation_gets_a_404(world: World, stranger: Employee) -> None:
    client = client_for(stranger)

    assert (
        client.get(reverse("outcomes:program_exports", args=[world.program.pk])).status_code == 404
    )
    assert client.get(url(world.program, "pairs", "xlsx")).status_code == 404


def test_an_unknown_export_or_format_is_a_404(world: World, coordinator_client: Client) -> None:
    assert coordinator_client.get(url(world.program, "salaries", "csv")).status_code == 404
    assert coordinator_client.get(url(world.program, "pairs", "pdf")).status_code == 404
    assert not AuditEvent.objects.filter(verb="program.exported").exists()


def test_a_coordinator_who_left_cannot_export(world: World, coordinator: Employee) -> None:
    client = client_for(coordinator)
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])

    assert client.get(url(world.program, "pairs", "csv")).status_code in (302, 403, 404)


def test_the_page_lists_each_export_in_both_formats_and_what_it_never_holds(
    world: World, coordinator_client: Client
) -> None:
    response = coordinator_client.get(reverse("outcomes:program_exports", args=[world.program.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    for slug in SLUGS:
        assert url(world.program, slug, "csv") in page
        assert url(world.program, slug, "xlsx") in page
    assert "Private notes" in page
    assert "Shared notes" in page
    assert "audit trail" in page


def test_the_program_navigation_links_to_the_exports(
    world: World, coordinator_client: Client
) -> None:
    page = coordinator_client.get(reverse("programs:detail", args=[world.program.pk]))

    assert reverse("outcomes:program_exports", args=[world.program.pk]) in page.content.decode()


def test_the_csv_and_the_xlsx_are_sent_as_attachments_from_disk(
    world: World, coordinator_client: Client
) -> None:
    csv_response = fetch(
        coordinator_client, world.program, ask(coordinator_client, world.program, "meetings", "csv")
    )
    xlsx_response = fetch(
        coordinator_client,
        world.program,
        ask(coordinator_client, world.program, "meetings", "xlsx"),
    )

    assert csv_response.streaming
    assert xlsx_response.streaming
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    assert f"program-{world.program.pk}-meetings-" in csv_response["Content-Disposition"]
    assert xlsx_response["Content-Disposition"].startswith("attachment")
    assert csv_response["Cache-Control"] == "no-store"
    body = b"".join(xlsx_response.streaming_content)  # type: ignore[attr-defined]
    assert body[:2] == b"PK"  # a zip, as XLSX is

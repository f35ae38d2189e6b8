"""Program pages: who may open them, and what posting the forms does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from remento.core.models import AuditEvent
from remento.programs.models import Program, Status
from tests.conftest import client_for
from tests.programs.conftest import pair, with_status


def _form_data(**overrides):
    """What the create form posts for a ready reverse program with one KPI."""
    data = {
        "name": "AI for leaders",
        "program_type": "reverse",
        "objective_type": "hard_skill",
        "goal": "Directors use AI assistants every week.",
        "method": "Hands-on sessions",
        "success_criteria": "Weekly use",
        "mentor_min_level": "1",
        "mentor_max_level": "4",
        "mentee_min_level": "7",
        "mentee_max_level": "10",
        "min_level_gap": "3",
        "start_date": "2027-02-01",
        "end_date": "2027-07-31",
        "meeting_cadence_days": "14",
        "meeting_length_minutes": "45",
        "enrollment_mode": "open",
        "matching_mode": "bulk",
        "agreement_text": "We meet, we keep it confidential.",
        "same_department": "allow",
        "mentor_capacity": "1",
        "request_expiry_days": "7",
        "weight_skills": "5",
        "weight_interests": "1",
        "weight_personality": "1",
        "weight_gap": "1",
        "weight_department": "1",
        "weight_timezone": "1.5",
        "weight_diversity": "0.5",
        "kpi_meetings_per_pair": "on",
        "target_meetings_per_pair": "8",
    }
    return data | overrides


def test_coordinator_pages_are_403_for_a_participant(mentee_client, ready_draft):
    with_status(ready_draft, Status.RECRUITING)
    for url in [
        reverse("programs:list"),
        reverse("programs:create"),
        reverse("programs:skill_gaps"),
        reverse("programs:detail", args=[ready_draft.pk]),
        reverse("programs:edit", args=[ready_draft.pk]),
        reverse("programs:program_skill_gaps", args=[ready_draft.pk]),
        reverse("programs:charter", args=[ready_draft.pk]),
        reverse("programs:charter_pdf", args=[ready_draft.pk]),
        reverse("programs:transition", args=[ready_draft.pk, "matching"]),
    ]:
        assert mentee_client.get(url).status_code == 403, url


def test_program_pages_are_404_for_a_stranger(stranger, ready_draft):
    client = client_for(stranger)
    for name in ["detail", "edit", "program_skill_gaps", "charter", "charter_pdf"]:
        assert client.get(reverse(f"programs:{name}", args=[ready_draft.pk])).status_code == 404
    url = reverse("programs:transition", args=[ready_draft.pk, "recruiting"])
    assert client.post(url).status_code == 404
    ready_draft.refresh_from_db()
    assert ready_draft.status == Status.DRAFT


def test_list_shows_status_badges_and_counts(coordinator_client, active_program, draft):
    page = coordinator_client.get(reverse("programs:list")).content.decode()

    assert "Digital leaders" in page
    assert "Bare draft" in page
    assert 'class="badge badge-ok">Active<' in page


def test_create_form_prefills_reverse_defaults_and_the_agreement(coordinator_client):
    response = coordinator_client.get(reverse("programs:create"))

    form = response.context["sections"]
    assert form.design["mentee_min_level"].value() == 7
    assert "Confidentiality" in form.design["agreement_text"].value()


def test_posting_the_first_step_makes_a_draft(coordinator_client):
    response = coordinator_client.post(reverse("programs:create"), _form_data())

    program = Program.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("programs:setup", args=[program.pk, "kpis"])
    assert program.status == Status.DRAFT
    assert program.goal == "Directors use AI assistants every week."


@pytest.mark.parametrize(
    ("step", "overrides", "field", "message"),
    [
        (
            "design",
            {"end_date": "2027-01-01"},
            "end_date",
            "The end date must come after the start date.",
        ),
        ("design", {"mentor_max_level": "6"}, "mentor_max_level", "can be 4 at most, not 6"),
        ("kpis", {"target_meetings_per_pair": ""}, "target_meetings_per_pair", "Give a target"),
        ("kpis", {"target_meetings_per_pair": "0"}, "target_meetings_per_pair", "from 1 to 100"),
        ("matching", {"weight_skills": "12"}, None, "from 0 to 10, not 12"),
    ],
)
def test_bad_input_on_a_step_names_the_field_and_saves_nothing(
    coordinator_client, draft, step, overrides, field, message
):
    before = Program.objects.values().get(pk=draft.pk)
    url = reverse("programs:setup", args=[draft.pk, step])
    response = coordinator_client.post(url, _form_data(**overrides))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert message in page
    if field:
        forms = response.context["sections"].all
        assert any(field in form.errors for form in forms)
    assert Program.objects.values().get(pk=draft.pk) == before
    assert not draft.kpis.exists()


def test_detail_shows_the_unmet_guards_next_to_the_disabled_action(coordinator_client, draft):
    page = coordinator_client.get(reverse("programs:detail", args=[draft.pk])).content.decode()

    assert "disabled" in page
    assert "Set the start and end dates." in page
    assert "Choose at least one KPI with a target." in page


def test_blocked_step_back_to_recruiting_reads_as_a_sentence(
    coordinator_client, matching_program, mentor, mentee
):
    pair(matching_program, mentor, mentee)

    page = coordinator_client.get(reverse("programs:detail", args=[matching_program.pk]))

    assert "Before you can go back to recruiting:" in page.content.decode()


def test_posting_a_blocked_transition_says_why_and_changes_nothing(coordinator_client, draft):
    url = reverse("programs:transition", args=[draft.pk, "recruiting"])

    response = coordinator_client.post(url, follow=True)

    assert "Not yet: Write the program&#x27;s goal." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_closing_asks_for_confirmation_then_closes(coordinator_client, active_program):
    url = reverse("programs:transition", args=[active_program.pk, "closed"])

    assert "Yes, close the program" in coordinator_client.get(url).content.decode()
    active_program.refresh_from_db()
    assert active_program.status == Status.ACTIVE

    coordinator_client.post(url)
    active_program.refresh_from_db()
    assert active_program.status == Status.CLOSED
    assert AuditEvent.objects.filter(verb="program.transition").exists()


def test_edit_saves_the_plan(coordinator_client, ready_draft):
    url = reverse("programs:edit", args=[ready_draft.pk])

    response = coordinator_client.post(url, _form_data(name="Renamed draft"))

    assert response.status_code == 302
    ready_draft.refresh_from_db()
    assert ready_draft.name == "Renamed draft"
    assert [kpi.kind for kpi in ready_draft.kpis.all()] == ["meetings_per_pair"]


def test_edit_of_an_active_program_offers_only_name_dates_and_incentives(
    coordinator_client, active_program
):
    url = reverse("programs:edit", args=[active_program.pk])

    page = coordinator_client.get(url).content.decode()
    assert (
        "Only the name, the dates, the incentives, the sponsor and what to change next time "
        "can change." in page
    )
    assert 'name="mentor_max_level"' not in page

    response = coordinator_client.post(
        url, {"name": "Still running", "start_date": "2027-01-11", "end_date": "2027-01-01"}
    )
    assert "The end date must come after the start date." in response.content.decode()
    active_program.refresh_from_db()
    assert active_program.name == "Digital leaders"

"""The new-program stepper: a draft after step 1, each step its own fields and errors."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from remento.programs.models import Program, Status
from remento.programs.setup import STEPS
from tests.conftest import client_for
from tests.programs.conftest import with_status


def _setup(program: Program, slug: str) -> str:
    return reverse("programs:setup", args=[program.pk, slug])


def test_step_one_prefills_the_reverse_defaults_and_shows_only_the_objective(
    coordinator_client,
):
    response = coordinator_client.get(reverse("programs:create"))
    page = response.content.decode()
    assert response.context["sections"].design["mentee_min_level"].value() == 7
    assert 'name="name"' in page
    assert 'name="agreement_text"' not in page
    assert 'name="weight_skills"' not in page
    assert "Step 1 of 6: Objective" in page


def test_step_one_saves_a_draft_and_goes_to_the_next_step(coordinator_client):
    response = coordinator_client.post(
        reverse("programs:create"), {"name": "AI for leaders", "program_type": "reverse",
                                     "objective_type": "hard_skill", "goal": "Use AI weekly."},
    )  # fmt: skip
    program = Program.objects.get()
    assert response.status_code == 302
    assert response.url == _setup(program, STEPS[1].slug)
    assert (program.status, program.name, program.goal) == (
        Status.DRAFT,
        "AI for leaders",
        "Use AI weekly.",
    )
    assert (program.mentee_min_level, program.max_timezone_diff_hours) == (7, 6)
    assert "Confidentiality" in program.agreement_text


def test_step_one_without_a_name_says_so_on_the_field_and_saves_nothing(coordinator_client):
    response = coordinator_client.post(
        reverse("programs:create"), {"name": "", "program_type": "reverse",
                                     "objective_type": "hard_skill"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "name" in response.context["sections"].objective.errors
    assert "Nothing was saved" in response.content.decode()
    assert not Program.objects.exists()


def test_a_step_validates_its_own_fields_and_keeps_the_others(coordinator_client, draft):
    goal = "Directors use AI assistants every week."
    Program.objects.filter(pk=draft.pk).update(goal=goal)
    response = coordinator_client.post(
        _setup(draft, "design"),
        {
            "mentor_min_level": "1", "mentor_max_level": "6", "mentee_min_level": "7",
            "mentee_max_level": "10", "min_level_gap": "3", "start_date": "2027-03-01",
            "end_date": "2027-02-01", "meeting_cadence_days": "14",
            "meeting_length_minutes": "45",
        },
    )  # fmt: skip
    assert response.status_code == 400
    design = response.context["sections"].design
    assert "mentor_max_level" in design.errors
    assert "end_date" in design.errors
    draft.refresh_from_db()
    assert draft.start_date is None
    assert draft.goal == goal


def test_the_kpi_step_saves_targets_and_an_unticked_box_clears_one(coordinator_client, draft):
    url = _setup(draft, "kpis")
    done = coordinator_client.post(
        url, {"kpi_meetings_per_pair": "on", "target_meetings_per_pair": "6"}
    )
    assert done.url == _setup(draft, "design")
    assert [(k.kind, k.target) for k in draft.kpis.all()] == [("meetings_per_pair", 6)]
    coordinator_client.post(url, {})
    assert not draft.kpis.exists()


def test_the_design_step_renders_dates_as_iso(coordinator_client, ready_draft):
    page = coordinator_client.get(_setup(ready_draft, "design")).content.decode()
    assert 'value="2027-01-11"' in page


def test_advanced_matching_settings_are_folded_away(coordinator_client, draft):
    whole = coordinator_client.get(_setup(draft, "matching")).content.decode()
    page = whole.split("<main", 1)[1]  # the menu has a folded group of its own
    folded = page.split("<details", 1)[1].split("</details>", 1)[0]
    assert 'name="weight_skills"' in folded
    assert 'name="max_timezone_diff_hours"' not in folded
    assert 'value="6"' in page.split("<details", 1)[0]


def test_the_last_step_finishes_on_the_program_page(coordinator_client, draft):
    response = coordinator_client.post(
        _setup(draft, "launch"), {"agreement_text": "We meet and keep it confidential."}
    )
    assert response.url == reverse("programs:detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.agreement_text == "We meet and keep it confidential."


def test_a_program_past_draft_is_edited_on_the_edit_page(coordinator_client, ready_draft):
    with_status(ready_draft, Status.RECRUITING)
    response = coordinator_client.get(_setup(ready_draft, "design"))
    assert response.url == reverse("programs:edit", args=[ready_draft.pk])


def test_setup_is_404_for_a_stranger_and_403_for_a_participant(stranger, mentee_client, draft):
    assert client_for(stranger).get(_setup(draft, "design")).status_code == 404
    assert mentee_client.get(_setup(draft, "design")).status_code == 403
    assert mentee_client.get(reverse("programs:create")).status_code == 403


def _as_shown(client, url):
    """The step's fields as its page fills them in, ready to post back."""
    shown = client.get(url).context
    data = {field.name: field.value() for field in [*shown["fields"], *shown["advanced"]]}
    return {name: value for name, value in data.items() if value is not None}


def test_every_bad_weight_is_shown_beside_its_field_with_the_settings_unfolded(
    coordinator_client, draft
):
    url = _setup(draft, "matching")
    data = _as_shown(coordinator_client, url)
    data |= {"weight_interests": "50", "weight_gap": "-4"}

    response = coordinator_client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 400
    matching = response.context["sections"].matching
    assert matching.errors["weight_interests"] == [
        "The weight for “Shared interests” must be from 0 to 10, not 50."
    ]
    assert "not -4." in matching.errors["weight_gap"][0]
    assert '<details class="advanced" open>' in page
    draft.refresh_from_db()
    assert draft.weights["interests"] != 50


def test_the_design_step_names_every_problem_in_one_go(coordinator_client, draft):
    url = _setup(draft, "design")
    data = _as_shown(coordinator_client, url)
    data |= {
        "min_level_gap": "-3",
        "start_date": "2027-06-01",
        "end_date": "2027-01-10",
        "mentor_min_level": "4",
        "mentor_max_level": "2",
        "meeting_cadence_days": "0",
        "meeting_length_minutes": "100000",
    }

    response = coordinator_client.post(url, data)

    assert response.status_code == 400
    errors = response.context["sections"].design.errors
    assert {
        "min_level_gap",
        "mentor_max_level",
        "end_date",
        "meeting_cadence_days",
        "meeting_length_minutes",
    } <= set(errors)
    assert errors["min_level_gap"] == ["The gap must be from 0 to 9 levels."]


def test_a_program_being_set_up_cannot_have_ended_already(coordinator_client, draft):
    url = _setup(draft, "design")
    data = _as_shown(coordinator_client, url)
    data |= {"start_date": "2020-01-01", "end_date": "2020-03-01"}

    response = coordinator_client.post(url, data)

    assert response.status_code == 400
    assert response.context["sections"].design.errors["end_date"] == [
        "1 March 2020 has passed: a program being set up ends today or later."
    ]
    draft.refresh_from_db()
    assert draft.end_date != dt.date(2020, 3, 1)


def test_weights_all_at_zero_unfold_the_settings_under_their_message(coordinator_client, draft):
    url = _setup(draft, "matching")
    data = _as_shown(coordinator_client, url)
    data |= {name: "0" for name in data if name.startswith("weight_")}

    response = coordinator_client.post(url, data)

    assert response.status_code == 400
    assert response.context["sections"].matching.non_field_errors()
    assert '<details class="advanced" open>' in response.content.decode()

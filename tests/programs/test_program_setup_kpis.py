"""The KPI step of the stepper: every problem shows in one round, nothing typed is lost."""

from __future__ import annotations

from django.urls import reverse

from remento.programs.models import Program


def _kpi_step(program: Program) -> str:
    return reverse("programs:setup", args=[program.pk, "kpis"])


def test_a_missing_target_and_out_of_range_targets_show_in_the_same_round(
    coordinator_client, draft
):
    response = coordinator_client.post(
        _kpi_step(draft),
        {
            "kpi_meetings_per_pair": "on",
            "kpi_checkin_rating": "on", "target_checkin_rating": "7",
            "kpi_goals_achieved": "on", "target_goals_achieved": "150",
        },
    )  # fmt: skip
    assert response.status_code == 400
    errors = response.context["sections"].kpis.errors
    assert "Give a target" in errors["target_meetings_per_pair"][0]
    assert "from 1 to 5, not 7" in errors["target_checkin_rating"][0]
    assert "from 1 to 100, not 150" in errors["target_goals_achieved"][0]
    assert response.context["errors"] == 3
    assert not draft.kpis.exists()


def test_a_target_next_to_an_unticked_kpi_is_not_dropped_silently(coordinator_client, draft):
    response = coordinator_client.post(
        _kpi_step(draft),
        {"kpi_meetings_per_pair": "on", "target_meetings_per_pair": "6",
         "target_completion": "90"},
    )  # fmt: skip
    assert response.status_code == 400
    errors = response.context["sections"].kpis.errors
    assert errors["target_completion"] == ["Tick this KPI to keep its target, or clear the target."]
    page = response.content.decode()
    assert 'value="90"' in page
    assert not draft.kpis.exists()

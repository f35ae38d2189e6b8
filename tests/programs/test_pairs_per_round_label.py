"""One name for the most pairs one matching round makes: the plan form's label, which the
program's overview and charter repeat (they once said “pairs per cohort”)."""

from __future__ import annotations

import re

from django.urls import reverse

from remento.programs.forms import DesignForm
from remento.programs.models import Program

LABEL = str(DesignForm.base_fields["pairs_per_cohort"].label)


def _text(client, name: str, program: Program) -> str:
    page = client.get(reverse(name, args=[program.pk])).content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_the_overview_names_the_setting_as_the_plan_does(coordinator_client, ready_draft):
    Program.objects.filter(pk=ready_draft.pk).update(pairs_per_cohort=12)

    text = _text(coordinator_client, "programs:detail", ready_draft)

    assert f"{LABEL} 12" in text
    assert "cohort" not in text.lower()


def test_the_charter_names_the_setting_as_the_plan_does(coordinator_client, ready_draft):
    Program.objects.filter(pk=ready_draft.pk).update(pairs_per_cohort=12, max_pairs=30)

    text = _text(coordinator_client, "programs:charter", ready_draft)

    assert "Up to 30 at once, 12 per matching round" in text
    assert LABEL.lower().endswith("per matching round")
    assert "cohort" not in text.lower()

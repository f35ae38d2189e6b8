"""Every page of a program for its coordinators carries the program's menu, with the page
shown marked where the menu has it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from remento.programs.models import Program, Status

MARKED = {
    "relationships:program_pairs": "Pairs",
    "training:program_modules": "Training modules",
    "training:compliance": "Training compliance",
    "outcomes:program_assessments": "Self-assessments",
}
UNLISTED = ["matching:requests_overview", "relationships:program_safety_requests"]


@pytest.mark.parametrize("name", [*MARKED, *UNLISTED])
def test_a_programs_page_carries_its_menu(
    coordinator_client: Client, ready_draft: Program, name: str
) -> None:
    Program.objects.filter(pk=ready_draft.pk).update(status=Status.ACTIVE)
    url = reverse(name, args=[ready_draft.pk])

    page = coordinator_client.get(url).content.decode()

    assert '<nav aria-label="Program" class="program-nav">' in page
    if name in MARKED:
        assert f'<a href="{url}" aria-current="page">{MARKED[name]}</a>' in page

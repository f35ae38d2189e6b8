"""The program's name is a link wherever a page names it in passing: to the coordinator's
program page for a coordinator, to the participant's view of the program for a participant."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from remento.people.models import Employee
from remento.training.models import Resource, ResourceCategory
from tests.relationships.builders import make_pair, make_program


def test_the_matching_pages_link_the_program(
    coordinator_client: Client, coordinator: Employee
) -> None:
    program = make_program(coordinator.organization)
    link = f'<a href="{reverse("programs:detail", args=[program.pk])}">{program.name}</a>'

    for name in ("matching:preview", "matching:run_review"):
        page = coordinator_client.get(reverse(name, args=[program.pk]))
        assert page.status_code == 200, name
        assert link in page.content.decode(), name


def test_closing_a_pair_and_the_resource_library_link_the_program(
    mentee_client: Client, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(mentee.organization)
    pair = make_pair(program, mentor, mentee)
    Resource.objects.create(
        organization=mentee.organization,
        program=program,
        title="Your first meeting",
        summary="What to talk about.",
        body="Introduce yourselves and agree how often you meet.",
        category=ResourceCategory.MEETINGS,
    )
    link = f'<a href="{reverse("programs:about", args=[program.pk])}">{program.name}</a>'

    close = mentee_client.get(reverse("relationships:pair_close", args=[pair.pk]))
    library = mentee_client.get(reverse("training:resource_list"))

    assert close.status_code == library.status_code == 200
    assert link in close.content.decode()
    assert f"For {link}" in library.content.decode()

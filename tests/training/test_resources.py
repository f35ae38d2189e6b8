from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors
from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import Pair
from remento.training.catalogue import STANDARD_RESOURCES
from remento.training.models import Resource, ResourceCategory
from remento.training.selectors import resource_library, resources_visible_to
from remento.training.services.resources import (
    ResourceInput,
    resource_create,
    resource_delete,
    resource_update,
    resources_seed,
)


def _input(**fields: object) -> ResourceInput:
    values: dict[str, object] = {
        "title": "Team chat tips",
        "summary": "Ten habits for a calmer chat.",
        "category": ResourceCategory.DIGITAL,
        "body": "Mute what you do not need.",
    }
    values.update(fields)
    return ResourceInput(**values)  # type: ignore[arg-type]


def test_a_coordinator_adds_edits_and_removes_a_resource(
    organization: Organization, coordinator: Employee
) -> None:
    resource = resource_create(actor=coordinator.user, organization=organization, data=_input())
    resource_update(
        actor=coordinator.user,
        resource=resource,
        data=_input(body="", url="https://example.org/chat-tips"),
    )
    resource.refresh_from_db()
    assert (resource.body, resource.url) == ("", "https://example.org/chat-tips")
    resource_delete(actor=coordinator.user, resource=resource)
    assert not Resource.objects.exists()


def test_a_resource_needs_a_body_or_a_link_and_a_real_address(
    organization: Organization, coordinator: Employee
) -> None:
    with pytest.raises(FieldErrors) as raised:
        resource_create(
            actor=coordinator.user, organization=organization, data=_input(body="", url="")
        )
    assert "body" in raised.value.errors
    with pytest.raises(FieldErrors) as raised:
        resource_create(
            actor=coordinator.user, organization=organization, data=_input(url="javascript:x")
        )
    assert "https://" in raised.value.errors["url"]
    assert not Resource.objects.exists()


def test_participants_read_but_do_not_write_the_library(
    organization: Organization, mentor: Employee
) -> None:
    with pytest.raises(PermissionDenied):
        resource_create(actor=mentor.user, organization=organization, data=_input())


def test_program_resources_are_shown_only_to_that_programs_people(
    organization: Organization,
    program: Program,
    pair: Pair,
    coordinator: Employee,
    mentor: Employee,
) -> None:
    outsider_program = Program.objects.create(
        organization=organization, name="Other", goal="g", status="active"
    )
    resource_create(actor=coordinator.user, organization=organization, data=_input(title="All"))
    resource_create(
        actor=coordinator.user,
        organization=organization,
        data=_input(title="Ours", program=program),
    )
    resource_create(
        actor=coordinator.user,
        organization=organization,
        data=_input(title="Theirs", program=outsider_program),
    )
    visible = {r.title for r in resources_visible_to(viewer=mentor)}
    assert visible == {"All", "Ours"}
    assert {r.title for r in resources_visible_to(viewer=coordinator)} == {"All", "Ours", "Theirs"}


def test_another_organisation_sees_none_of_our_library(
    organization: Organization, stranger: Employee
) -> None:
    resources_seed(actor=None, organization=organization)
    assert resource_library(viewer=stranger) == []


def test_seeding_adds_the_standard_articles_once(
    organization: Organization, coordinator: Employee
) -> None:
    added = resources_seed(actor=coordinator.user, organization=organization)
    assert len(added) == len(STANDARD_RESOURCES)
    assert resources_seed(actor=None, organization=organization) == []
    groups = resource_library(viewer=coordinator)
    assert groups[0].label == "Getting started"


def test_the_standard_articles_keep_their_list_items_and_join_their_sentences(
    organization: Organization, coordinator: Employee
) -> None:
    resources_seed(actor=coordinator.user, organization=organization)
    bodies = [resource.body for resource in Resource.objects.filter(organization=organization)]

    assert bodies
    assert any("\n2. " in body for body in bodies)  # a numbered list keeps its lines
    for body in bodies:
        for paragraph in body.split("\n\n"):
            assert all(line[:1].isdigit() for line in paragraph.split("\n")[1:]), paragraph

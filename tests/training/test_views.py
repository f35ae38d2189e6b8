from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.training.models import Resource, TrainingCompletion, TrainingModule
from remento.training.services.resources import resources_seed
from tests.conftest import client_for
from tests.relationships.builders import make_module


@pytest.mark.usefixtures("pair")
def test_a_participant_reads_a_module_and_marks_it_complete(
    program: Program, mentee: Employee, mentee_client: Client
) -> None:
    module = make_module(program)
    listing = mentee_client.get(reverse("training:my_training")).content.decode()
    assert "Giving and receiving feedback" in listing
    detail = mentee_client.get(reverse("training:module_detail", args=[module.pk]))
    assert b"A second paragraph." in detail.content
    response = mentee_client.post(reverse("training:module_complete", args=[module.pk]))
    assert response.status_code == 302
    assert TrainingCompletion.objects.filter(module=module, employee=mentee).exists()


def test_a_module_of_a_program_one_is_not_in_is_a_404(
    program: Program, mentee_client: Client, stranger: Employee
) -> None:
    module = make_module(program)
    url = reverse("training:module_detail", args=[module.pk])
    assert mentee_client.get(url).status_code == 404
    assert client_for(stranger).get(url).status_code == 404
    assert (
        mentee_client.post(reverse("training:module_complete", args=[module.pk])).status_code == 404
    )


@pytest.mark.usefixtures("pair")
def test_coordinator_pages_refuse_participants_and_hide_from_strangers(
    program: Program, mentor_client: Client, coordinator_client: Client, stranger: Employee
) -> None:
    urls = [
        reverse("training:compliance", args=[program.pk]),
        reverse("training:program_modules", args=[program.pk]),
        reverse("training:module_create", args=[program.pk]),
    ]
    for url in urls:
        assert coordinator_client.get(url).status_code == 200
        assert mentor_client.get(url).status_code == 403
        assert client_for(stranger).get(url).status_code == 404


def test_a_coordinator_adds_a_module_and_bad_input_changes_nothing(
    program: Program, coordinator_client: Client
) -> None:
    url = reverse("training:module_create", args=[program.pk])
    bad = coordinator_client.post(
        url, {"title": "", "content": "", "timing": "before_launch", "estimated_minutes": "20"}
    )
    assert bad.status_code == 400
    assert not TrainingModule.objects.exists()
    good = coordinator_client.post(
        url,
        {
            "title": "Feedback",
            "content": "Text",
            "required": "on",
            "timing": "before_launch",
            "estimated_minutes": "20",
        },
    )
    assert good.status_code == 302
    assert TrainingModule.objects.get().required


def test_the_library_is_read_by_participants_and_kept_by_coordinators(
    organization: Organization, mentor_client: Client, coordinator_client: Client
) -> None:
    resources_seed(actor=None, organization=organization)
    listing = mentor_client.get(reverse("training:resource_list")).content.decode()
    assert "What is reverse mentoring?" in listing
    assert "Add a resource" not in listing
    assert mentor_client.get(reverse("training:resource_create")).status_code == 403
    created = coordinator_client.post(
        reverse("training:resource_create"),
        {"title": "Chat tips", "summary": "Short", "category": "digital", "body": "Mute."},
    )
    assert created.status_code == 302
    resource = Resource.objects.get(title="Chat tips")
    assert (
        mentor_client.get(reverse("training:resource_detail", args=[resource.pk])).status_code
        == 200
    )
    delete_url = reverse("training:resource_delete", args=[resource.pk])
    assert mentor_client.post(delete_url).status_code == 403
    assert coordinator_client.post(delete_url).status_code == 302
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_a_resource_of_another_organisation_is_a_404(
    organization: Organization, stranger: Employee
) -> None:
    [resource, *_] = resources_seed(actor=None, organization=organization)
    url = reverse("training:resource_detail", args=[resource.pk])
    assert client_for(stranger).get(url).status_code == 404

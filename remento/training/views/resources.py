"""The resources library: everyone reads it, coordinators keep it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remento.core.pages import acting_user, form_page, form_saved
from remento.core.words import count_of
from remento.people.access import (
    coordinator_required,
    employee_required,
    with_employee,
)
from remento.people.models import Employee
from remento.training.access import resource_get_for
from remento.training.forms import ResourceForm
from remento.training.models import ResourceCategory
from remento.training.selectors import resource_library
from remento.training.services.resources import (
    resource_create,
    resource_delete,
    resource_update,
    resources_seed,
)


@employee_required
@with_employee
def resource_list(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The library by category; ``?category=`` shows one."""
    category = request.GET.get("category", "")
    if category not in ResourceCategory.values:
        category = ""
    return render(
        request,
        "training/resource_list.html",
        {
            "groups": resource_library(viewer=viewer, category=category),
            "category": category,
            "categories": ResourceCategory.choices,
        },
    )


@employee_required
@with_employee
def resource_detail(request: HttpRequest, viewer: Employee, resource_pk: int) -> HttpResponse:
    resource = resource_get_for(viewer=viewer, resource_pk=resource_pk)
    return render(request, "training/resource_detail.html", {"resource": resource})


@coordinator_required
@with_employee
def resource_create_view(request: HttpRequest, employee: Employee) -> HttpResponse:
    form = ResourceForm(
        request.POST if request.method == "POST" else None,
        organization_id=employee.organization_id,
    )
    if request.method == "POST" and (
        resource := form_saved(
            form,
            lambda: resource_create(
                actor=acting_user(request),
                organization=employee.organization,
                data=form.to_input(),
            ),
        )
    ):
        messages.success(request, f"Added “{resource.title}” to the library.")
        return redirect("training:resource_detail", resource_pk=resource.pk)
    return form_page(request, "training/resource_form.html", {"form": form, "resource": None})


@coordinator_required
@with_employee
def resource_edit(request: HttpRequest, viewer: Employee, resource_pk: int) -> HttpResponse:
    resource = resource_get_for(viewer=viewer, resource_pk=resource_pk)
    if request.method == "POST":
        form = ResourceForm(request.POST, organization_id=resource.organization_id)
    else:
        form = ResourceForm.for_resource(resource)
    if (
        request.method == "POST"
        and form_saved(
            form,
            lambda: resource_update(
                actor=acting_user(request), resource=resource, data=form.to_input()
            ),
        )
        is not None
    ):
        messages.success(request, f"Saved “{resource.title}”.")
        return redirect("training:resource_detail", resource_pk=resource.pk)
    return form_page(request, "training/resource_form.html", {"form": form, "resource": resource})


@coordinator_required
@with_employee
def resource_delete_view(request: HttpRequest, viewer: Employee, resource_pk: int) -> HttpResponse:
    resource = resource_get_for(viewer=viewer, resource_pk=resource_pk)
    if request.method == "POST":
        resource_delete(actor=acting_user(request), resource=resource)
        messages.success(request, f"Removed “{resource.title}” from the library.")
        return redirect("training:resource_list")
    return render(request, "training/resource_delete.html", {"resource": resource})


@require_POST
@coordinator_required
@with_employee
def resources_seed_view(request: HttpRequest, employee: Employee) -> HttpResponse:
    added = resources_seed(actor=acting_user(request), organization=employee.organization)
    if added:
        articles = count_of(len(added), "standard article")
        messages.success(request, f"Added {articles} to the library.")
    else:
        messages.info(request, "The library already has every standard article.")
    return redirect("training:resource_list")

"""The resources library: everyone reads it, coordinators keep it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remento.core.words import count_of
from remento.people.access import coordinator_required, employee_for, employee_required
from remento.training.access import resource_get_for
from remento.training.forms import ResourceForm
from remento.training.models import ResourceCategory
from remento.training.selectors import resource_library
from remento.training.services import TrainingInvalid
from remento.training.services.resources import (
    resource_create,
    resource_delete,
    resource_update,
    resources_seed,
)


def _add_errors(form: ResourceForm, invalid: TrainingInvalid) -> None:
    for name, reason in invalid.errors.items():
        form.add_error(name if name in form.fields else None, reason)


@employee_required
def resource_list(request: HttpRequest) -> HttpResponse:
    """The library by category; ``?category=`` shows one."""
    category = request.GET.get("category", "")
    if category not in ResourceCategory.values:
        category = ""
    return render(
        request,
        "training/resource_list.html",
        {
            "groups": resource_library(viewer=employee_for(request), category=category),
            "category": category,
            "categories": ResourceCategory.choices,
        },
    )


@employee_required
def resource_detail(request: HttpRequest, resource_pk: int) -> HttpResponse:
    resource = resource_get_for(viewer=employee_for(request), resource_pk=resource_pk)
    return render(request, "training/resource_detail.html", {"resource": resource})


@coordinator_required
def resource_create_view(request: HttpRequest) -> HttpResponse:
    employee = employee_for(request)
    form = ResourceForm(
        request.POST if request.method == "POST" else None,
        organization_id=employee.organization_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            resource = resource_create(
                actor=request.user,  # type: ignore[arg-type]
                organization=employee.organization,
                data=form.to_input(),
            )
        except TrainingInvalid as invalid:
            _add_errors(form, invalid)
        else:
            messages.success(request, f"Added “{resource.title}” to the library.")
            return redirect("training:resource_detail", resource_pk=resource.pk)
    return render(
        request,
        "training/resource_form.html",
        {"form": form, "resource": None},
        status=400 if request.method == "POST" else 200,
    )


@coordinator_required
def resource_edit(request: HttpRequest, resource_pk: int) -> HttpResponse:
    resource = resource_get_for(viewer=employee_for(request), resource_pk=resource_pk)
    if request.method == "POST":
        form = ResourceForm(request.POST, organization_id=resource.organization_id)
        if form.is_valid():
            try:
                resource_update(actor=request.user, resource=resource, data=form.to_input())  # type: ignore[arg-type]
            except TrainingInvalid as invalid:
                _add_errors(form, invalid)
            else:
                messages.success(request, f"Saved “{resource.title}”.")
                return redirect("training:resource_detail", resource_pk=resource.pk)
    else:
        form = ResourceForm.for_resource(resource)
    return render(
        request,
        "training/resource_form.html",
        {"form": form, "resource": resource},
        status=400 if request.method == "POST" else 200,
    )


@coordinator_required
def resource_delete_view(request: HttpRequest, resource_pk: int) -> HttpResponse:
    resource = resource_get_for(viewer=employee_for(request), resource_pk=resource_pk)
    if request.method == "POST":
        resource_delete(actor=request.user, resource=resource)  # type: ignore[arg-type]
        messages.success(request, f"Removed “{resource.title}” from the library.")
        return redirect("training:resource_list")
    return render(request, "training/resource_delete.html", {"resource": resource})


@require_POST
@coordinator_required
def resources_seed_view(request: HttpRequest) -> HttpResponse:
    employee = employee_for(request)
    added = resources_seed(actor=request.user, organization=employee.organization)  # type: ignore[arg-type]
    if added:
        articles = count_of(len(added), "standard article")
        messages.success(request, f"Added {articles} to the library.")
    else:
        messages.info(request, "The library already has every standard article.")
    return redirect("training:resource_list")

"""The steps every page that writes repeats: run a service for a form or a button, put
what went wrong where the person sees it, and answer a failed form with a 400."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from remento.core.errors import FieldErrors, ServiceError
from remento.core.forms import show_field_errors
from remento.core.models import User


def acting_user(request: HttpRequest) -> User:
    """The signed-in ``User`` behind a page that a sign-in decorator already guards, typed
    for the services' ``actor``."""
    return cast(User, request.user)


def form_saved[T](form: forms.BaseForm, save: Callable[[], T]) -> T | None:
    """Run ``save`` (a service call) when ``form`` is valid and return what it returns.

    None when the form must be shown again: its own errors, or the service's refusal put
    on it (``FieldErrors`` field by field, any other ``ServiceError`` on the whole form).
    ``save`` must return something (the row it wrote).
    """
    if not form.is_valid():
        return None
    try:
        return save()
    except FieldErrors as invalid:
        show_field_errors(form, invalid)
    except ServiceError as error:
        form.add_error(None, str(error))
    return None


def action_done[T](
    request: HttpRequest, action: Callable[[], T], success: str | Callable[[T], str]
) -> bool:
    """Run ``action`` (a service call behind a button); say ``success`` (or what it makes
    of the action's result), or the service's ``ServiceError`` as an error message. True
    when it was done."""
    try:
        result = action()
    except ServiceError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success if isinstance(success, str) else success(result))
    return True


def form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render a form page: a 400 when it answers a POST (the form failed), else a 200."""
    return render(request, template, context, status=400 if request.method == "POST" else 200)

"""The chat pages: the organisation's Slack and Teams settings with its deliveries
(coordinators), and each person's own choice of email, chat or both.

No URL carries an organisation's or a connection's id: each page works on the viewer's own
organisation, so another organisation's settings cannot even be named.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remento.core.errors import FieldErrors
from remento.core.forms import show_field_errors
from remento.core.pages import acting_user
from remento.integrations.chat import selectors, services
from remento.integrations.chat.forms import ConnectionForm, PreferenceForm
from remento.integrations.chat.kinds import KIND_LABELS
from remento.integrations.chat.models import ChatConnection, Service
from remento.people.access import coordinator_required, with_employee
from remento.people.models import Employee


def _settings_page(
    request: HttpRequest, viewer: Employee, bound: ConnectionForm | None = None
) -> HttpResponse:
    connections = selectors.connections_of(viewer.organization)
    forms = {
        service: bound
        if bound is not None and bound.service == service
        else ConnectionForm(service=service, connection=connections.get(service))
        for service in Service.values
    }
    page = selectors.deliveries_page(
        organization=viewer.organization, cursor=request.GET.get("cursor")
    )
    for row in page.rows:
        row.kind_label = KIND_LABELS.get(row.kind, "Test message")  # type: ignore[attr-defined]
    context = {
        "slack": connections.get(Service.SLACK),
        "teams": connections.get(Service.TEAMS),
        "slack_form": forms[Service.SLACK],
        "teams_form": forms[Service.TEAMS],
        "page": page,
    }
    return render(
        request, "chat/chat_settings.html", context, status=400 if bound is not None else 200
    )


@coordinator_required
@with_employee
def chat_settings(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """The organisation's connections, what goes where, and the latest deliveries."""
    return _settings_page(request, viewer)


def _service(service: str) -> str:
    if service not in Service.values:
        raise Http404("No such chat service.")
    return service


@coordinator_required
@with_employee
@require_POST
def connection_save(request: HttpRequest, viewer: Employee, service: str) -> HttpResponse:
    connection = selectors.connections_of(viewer.organization).get(_service(service))
    form = ConnectionForm(request.POST, service=service, connection=connection)
    if not form.is_valid():
        return _settings_page(request, viewer, form)
    try:
        services.connection_save(
            actor=acting_user(request), organization=viewer.organization, data=form.to_input()
        )
    except FieldErrors as error:
        show_field_errors(form, error)
        return _settings_page(request, viewer, form)
    messages.success(request, f"{Service(service).label} settings saved.")
    return redirect("chat:settings")


def _connection_or_404(viewer: Employee, service: str) -> ChatConnection:
    connection = selectors.connections_of(viewer.organization).get(_service(service))
    if connection is None:
        raise Http404("This organisation has no such connection.")
    return connection


@coordinator_required
@with_employee
@require_POST
def connection_test(request: HttpRequest, viewer: Employee, service: str) -> HttpResponse:
    services.connection_test(
        actor=acting_user(request), connection=_connection_or_404(viewer, service)
    )
    messages.success(request, "A test message is on its way; its delivery shows in the list below.")
    return redirect("chat:settings")


@coordinator_required
@with_employee
@require_POST
def connection_delete(request: HttpRequest, viewer: Employee, service: str) -> HttpResponse:
    services.connection_delete(
        actor=acting_user(request), connection=_connection_or_404(viewer, service)
    )
    messages.success(request, f"{Service(service).label} is disconnected; its secret is deleted.")
    return redirect("chat:settings")


@with_employee
def my_notifications(request: HttpRequest, viewer: Employee) -> HttpResponse:
    """A person's own choice: email, chat or both (chat only when Slack offers it)."""
    slack = selectors.direct_messages_offered(viewer.organization_id)
    current = selectors.preference_of(viewer)
    form = PreferenceForm(request.POST or None, initial={"delivery": current})
    if request.method == "POST" and slack is None:
        form.add_error(None, "Your organisation has not turned on Slack direct messages.")
    elif request.method == "POST" and form.is_valid():
        try:
            services.preference_set(
                actor=acting_user(request), employee=viewer, delivery=form.cleaned_data["delivery"]
            )
        except FieldErrors as error:
            show_field_errors(form, error)
        else:
            messages.success(request, "Saved: your notifications go where you chose.")
            return redirect("chat:my_notifications")
    return render(
        request,
        "chat/my_notifications.html",
        {"form": form, "slack": slack, "current": current},
        status=400 if form.is_bound and form.errors else 200,
    )

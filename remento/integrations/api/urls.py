"""``/api/``: version 1 of the REST API (django-ninja), and a problem for any other path."""

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path

from remento.integrations.api.api import api
from remento.integrations.api.problems import problem

app_name = "api"


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any address under /api/ that is no operation: a 404 problem, not an HTML page."""
    return problem(404, "No operation at this address; see /api/v1/docs.", code="not_found")


urlpatterns = [
    path("v1/", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found, name="not_found"),
]

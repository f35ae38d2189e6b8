"""`/health/`: the load balancer's probe, answered before any other middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEALTH_PATH = "/health/"


def health_response() -> HttpResponse:
    """``ok``: the application process is up and answering. The database, the task worker
    and the mail server are not checked, so that a load balancer never takes every web
    server out of service at once because of one of them."""
    response = HttpResponse("ok", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers ``/health/`` before any other middleware looks at the request.

    A load balancer probes each server by its own address over plain HTTP: the probe is
    neither redirected to HTTPS (SecurityMiddleware) nor refused for its Host header
    (ALLOWED_HOSTS, checked by SecurityMiddleware and CommonMiddleware). Nothing from the
    request is read or echoed, so answering for any host is safe. It must come first in
    ``MIDDLEWARE``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)

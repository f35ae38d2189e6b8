"""The health check; the home page is the people app's (``remento.people.views.home``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from remento.core.health import health_response


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers; ``HealthCheckMiddleware`` answers GET and HEAD before this view
    is reached, for any host and over plain HTTP."""
    return health_response()

"""Every error of the API in one shape: RFC 9457 problem details.

``{"type", "title", "status", "detail", "code", "errors"}`` as ``application/problem+json``.
``type`` is ``about:blank`` (the HTTP status says what kind of problem it is, and ``title``
is its phrase); ``code`` names the problem for programs (``not_found``, ``scope_missing``…);
``errors`` lists what is wrong field by field (and row by row for an import). The handlers
below turn the services' errors, Django's 404 and 403, and django-ninja's own errors into it.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from remento.core.errors import FieldErrors, RowErrors, ServiceError

MEDIA_TYPE = "application/problem+json"


class ScopeMissing(Exception):
    """The token lacks the scope the route needs."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__(f"This token does not have the scope {scope!r} that this needs.")


def problem(
    status: int,
    detail: str,
    *,
    code: str,
    errors: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    """A problem-details response."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        "errors": errors or [],
    }
    return JsonResponse(body, status=status, content_type=MEDIA_TYPE)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    # ninja's locations start with where the value came from ("query", "body", "path"); the
    # field is what follows.
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("query", "body", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(parts) or "request"


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _location(error.get("loc", ())), "reason": str(error.get("msg", "Invalid."))}
        for error in exc.errors
    ]
    return problem(
        422, "The request has invalid values; see errors.", code="invalid", errors=errors
    )


def _field_errors(request: HttpRequest, exc: FieldErrors) -> HttpResponse:
    errors = [
        {"field": field or "request", "reason": reason} for field, reason in exc.errors.items()
    ]
    return problem(422, str(exc), code="invalid", errors=errors)


def _row_errors(request: HttpRequest, exc: RowErrors) -> HttpResponse:
    # The file's row 1 is its header, so the request's rows[0] is the file's row 2.
    errors = [
        {"row": max(p.row - 1, 0), "field": p.column, "reason": p.reason} for p in exc.problems
    ]
    return problem(422, str(exc), code="invalid_rows", errors=errors)


def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return problem(409, str(exc), code="conflict")


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404, "There is nothing at this address for this token.", code="not_found")


def _denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    detail = str(exc) or "This token's maker may not do this."
    return problem(403, detail, code="forbidden")


def _scope_missing(request: HttpRequest, exc: ScopeMissing) -> HttpResponse:
    return problem(403, str(exc), code="scope_missing")


def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = problem(
        401,
        "Send a live API token as 'Authorization: Bearer <token>'; this one is missing, "
        "unknown, revoked or expired.",
        code="unauthenticated",
    )
    response["WWW-Authenticate"] = 'Bearer realm="remento"'
    return response


def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja adds Retry-After to the response this returns.
    return problem(
        429, "Too many requests with this token; wait as Retry-After says.", code="throttled"
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, str(exc), code="error")


def install(api: NinjaAPI) -> None:
    """Register the problem-details handlers on ``api`` (the most specific class wins)."""
    handlers: list[tuple[type[Exception], Any]] = [
        (ValidationError, _validation),
        (RowErrors, _row_errors),
        (FieldErrors, _field_errors),
        (ServiceError, _service_error),
        (Http404, _not_found),
        (PermissionDenied, _denied),
        (ScopeMissing, _scope_missing),
        (AuthenticationError, _unauthenticated),
        (Throttled, _throttled),
        (HttpError, _http_error),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)

"""What every SCIM endpoint shares: bearer-token authentication, SCIM JSON in and out, errors
as SCIM error bodies, and the list parameters (RFC 7644 §3.4.2, §3.12)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_models import (
    Context,
    Error,
    ForbiddenException,
    InvalidSyntaxException,
    ListResponse,
    SCIMException,
    SearchRequest,
    UnauthorizedException,
    UniquenessException,
)

from remento.integrations.scim.resources import MAX_PAGE_SIZE, PROVIDER
from remento.integrations.tokens.models import AccessToken, TokenKind
from remento.integrations.tokens.scopes import SCIM as SCIM_SCOPE
from remento.integrations.tokens.services import token_authenticate

CONTENT_TYPE = "application/scim+json"

type ScimView = Callable[..., HttpResponse]


def scim_json(payload: dict[str, Any], status: int = 200, location: str = "") -> HttpResponse:
    response = HttpResponse(json.dumps(payload), status=status, content_type=CONTENT_TYPE)
    if location:
        response["Location"] = location
    return response


def scim_error(error: Error) -> HttpResponse:
    return scim_json(error.model_dump(scim_ctx=Context.DEFAULT), status=int(error.status or 400))


def _token(request: HttpRequest) -> AccessToken | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    token = token_authenticate(secret=secret.strip(), kind=TokenKind.SCIM)
    # Every SCIM token has the one scope today; checking it keeps a narrower one out later.
    return token if token is not None and SCIM_SCOPE in token.scopes else None


def scim_endpoint(view: ScimView) -> ScimView:
    """Bearer-token authentication (401 with a SCIM error otherwise), no CSRF (no cookies
    are used), and every refusal as a SCIM error body."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _token(request)
        if token is None:
            response = scim_error(
                UnauthorizedException(
                    detail="Send a live SCIM token: 'Authorization: Bearer <token>'."
                ).to_error()
            )
            response["WWW-Authenticate"] = 'Bearer realm="scim"'
            return response
        try:
            with PROVIDER:
                return view(request, token, *args, **kwargs)
        except SCIMException as exc:
            return scim_error(exc.to_error())
        except PermissionDenied as exc:
            return scim_error(ForbiddenException(detail=str(exc)).to_error())
        except ValidationError as exc:
            return scim_error(Error.from_validation_errors(exc)[0])
        except IntegrityError:
            # Two requests provisioning the same person at once: the second loses the race
            # to the unique constraints, as it would have lost to the checks a moment later.
            return scim_error(
                UniquenessException(
                    detail="Someone else was provisioned with these values."
                ).to_error()
            )

    return wrapper


def read_body(request: HttpRequest) -> dict[str, Any]:
    try:
        payload = json.loads(request.body or b"null")
    except (UnicodeDecodeError, ValueError):
        raise InvalidSyntaxException(detail="The body is not JSON.") from None
    if not isinstance(payload, dict):
        raise InvalidSyntaxException(detail="The body must be a JSON object.")
    return payload


def locations(request: HttpRequest) -> tuple[str, str]:
    """The URL template ("…/{id}") of a User and of a Group."""
    users = request.build_absolute_uri(reverse("scim:users"))
    groups = request.build_absolute_uri(reverse("scim:groups"))
    return users + "/{id}", groups + "/{id}"


def dump(resource: Any, context: Context, search: Any = None) -> dict[str, Any]:
    return resource.model_dump(scim_ctx=context, response_parameters=search)


def read_search(request: HttpRequest, model: Any) -> Any:
    """The list parameters: from the query string, or the body of a POST to ``.search``."""
    raw: dict[str, Any] = (
        read_body(request) if request.method == "POST" else dict(request.GET.items())
    )
    search = SearchRequest[model].model_validate(raw, scim_ctx=Context.SEARCH_REQUEST)
    return search


def paging(search: Any) -> tuple[int, int]:
    start = max(search.start_index or 1, 1)
    count = MAX_PAGE_SIZE if search.count is None else max(min(search.count, MAX_PAGE_SIZE), 0)
    return start, count


def list_response(search: Any, model: Any, page: Any, resources: list[Any]) -> HttpResponse:
    response = ListResponse[model](
        total_results=page.total,
        start_index=page.start_index,
        items_per_page=len(resources),
        resources=resources,
    )
    return scim_json(dump(response, Context.SEARCH_RESPONSE, search))


def not_allowed(request: HttpRequest) -> SCIMException:
    error = SCIMException(detail=f"{request.method} is not allowed here.")
    error.status = 405
    return error

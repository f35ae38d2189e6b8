"""The discovery endpoints (RFC 7644 §4): what the service supports, its resource types and
its schemas, all read-only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from scim2_models import Context, ListResponse, Meta, NotFoundException

from remento.integrations.scim.protocol import dump, not_allowed, scim_endpoint, scim_json
from remento.integrations.scim.resources import PROVIDER
from remento.integrations.tokens.models import AccessToken


@scim_endpoint
def service_provider_config(request: HttpRequest, token: AccessToken) -> HttpResponse:
    """What this service supports (RFC 7644 §4)."""
    if request.method != "GET":
        raise not_allowed(request)
    config = PROVIDER.config
    assert config is not None
    config = config.model_copy(
        update={"meta": _meta(request, "ServiceProviderConfig", "scim:service_provider_config")}
    )
    return scim_json(dump(config, Context.RESOURCE_QUERY_RESPONSE))


def _meta(request: HttpRequest, resource_type: str, url_name: str, *args: str) -> Any:
    return Meta(
        resource_type=resource_type,
        location=request.build_absolute_uri(reverse(url_name, args=args)),
    )


def _discovery(request: HttpRequest, items: list[Any], kind: str, url_name: str) -> HttpResponse:
    resources = [
        item.model_copy(update={"meta": _meta(request, kind, url_name, str(item.id))})
        for item in items
    ]
    model: Any = type(items[0])
    response = ListResponse[model](
        total_results=len(resources),
        start_index=1,
        items_per_page=len(resources),
        resources=resources,
    )
    return scim_json(dump(response, Context.SEARCH_RESPONSE))


def _discovered(
    request: HttpRequest, items: list[Any], kind: str, url_name: str, key: str
) -> HttpResponse:
    item = next((item for item in items if str(item.id) == key), None)
    if item is None:
        raise NotFoundException(detail=f"No {kind} has the id {key}.")
    item = item.model_copy(update={"meta": _meta(request, kind, url_name, key)})
    return scim_json(dump(item, Context.RESOURCE_QUERY_RESPONSE))


@scim_endpoint
def resource_types(request: HttpRequest, token: AccessToken, key: str = "") -> HttpResponse:
    """The User and Group resource types, or one of them."""
    if request.method != "GET":
        raise not_allowed(request)
    items = list(PROVIDER.resource_types)
    if key:
        return _discovered(request, items, "ResourceType", "scim:resource_type", key)
    return _discovery(request, items, "ResourceType", "scim:resource_type")


@scim_endpoint
def schemas(request: HttpRequest, token: AccessToken, key: str = "") -> HttpResponse:
    """The schemas of the attributes Remento keeps, or one of them."""
    if request.method != "GET":
        raise not_allowed(request)
    items = list(PROVIDER.schemas)
    if key:
        return _discovered(request, items, "Schema", "scim:schema", key)
    return _discovery(request, items, "Schema", "scim:schema")

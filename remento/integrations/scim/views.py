"""The SCIM 2.0 endpoints under ``/scim/v2/`` (RFC 7644): thin, as every view.

Each request carries ``Authorization: Bearer <SCIM token>``; the token's organisation is the
only one it sees (another organisation's ids answer 404, as unknown ones do). Payloads are
read and written with scim2-models in the context RFC 7644 gives them, under the tolerant
``PROVIDER`` policy for what Entra ID and Okta send; errors are SCIM error bodies with their
``scimType``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import resolve, reverse
from scim2_models import Context, InvalidFilterException, NotFoundException, PatchOp

from remento.integrations.scim import filters, selectors, services
from remento.integrations.scim.convert import group_resource, user_resource
from remento.integrations.scim.protocol import (
    dump,
    list_response,
    locations,
    not_allowed,
    paging,
    read_body,
    read_search,
    scim_endpoint,
    scim_json,
)
from remento.integrations.scim.resources import GroupResource, UserResource
from remento.integrations.tokens.models import AccessToken

ENTERPRISE_MANAGER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"

# -- users ----------------------------------------------------------------------------------


def _user_payload(
    request: HttpRequest, mapping: Any, context: Context, search: Any = None
) -> dict[str, Any]:
    users, _groups = locations(request)
    return dump(user_resource(mapping, location=users), context, search)


@scim_endpoint
def users(request: HttpRequest, token: AccessToken) -> HttpResponse:
    """List (with a filter, ``startIndex`` and ``count``) or provision a User."""
    if request.method == "POST":
        resource = UserResource.model_validate(
            read_body(request), scim_ctx=Context.RESOURCE_CREATION_REQUEST
        )
        mapping = services.scim_user_create(token=token, resource=resource)
        mapping = selectors.scim_user_get(
            organization_id=token.organization_id, scim_id=str(mapping.scim_id)
        )
        users_at, _groups = locations(request)
        return scim_json(
            _user_payload(request, mapping, Context.RESOURCE_CREATION_RESPONSE),
            status=201,
            location=users_at.format(id=mapping.scim_id),
        )
    if request.method != "GET":
        raise not_allowed(request)
    return _users_list(request, token)


@scim_endpoint
def users_search(request: HttpRequest, token: AccessToken) -> HttpResponse:
    """``POST /Users/.search``: the list, with its parameters in the body."""
    return _users_list(request, token)


def _users_list(request: HttpRequest, token: AccessToken) -> HttpResponse:
    search = read_search(request, UserResource)
    query = filters.user_filter_query(str(search.filter)) if search.filter else filters.Q()
    start, count = paging(search)
    page = selectors.scim_users_page(
        organization_id=token.organization_id, query=query, start_index=start, count=count
    )
    users_at, _groups = locations(request)
    resources = [user_resource(mapping, location=users_at) for mapping in page.items]
    return list_response(search, UserResource, page, resources)


def _entra_manager(payload: dict[str, Any]) -> dict[str, Any]:
    """Entra ID sets the manager as a bare id (``"value": "<id>"``), not as the complex
    attribute RFC 7643 defines: read it as ``{"value": "<id>"}``."""
    for operation in payload.get("Operations") or []:
        if (
            isinstance(operation, dict)
            and str(operation.get("path", "")).lower() == ENTERPRISE_MANAGER.lower()
            and isinstance(operation.get("value"), str)
        ):
            operation["value"] = {"value": operation["value"]} if operation["value"] else None
    return payload


@scim_endpoint
def user(request: HttpRequest, token: AccessToken, scim_id: str) -> HttpResponse:
    """Read, replace (PUT), patch or deprovision (DELETE) one User."""
    mapping = selectors.scim_user_get(organization_id=token.organization_id, scim_id=scim_id)
    users_at, _groups = locations(request)
    if request.method == "DELETE":
        services.scim_user_delete(token=token, mapping=mapping)
        return HttpResponse(status=204)
    if request.method in ("PUT", "PATCH"):
        current = user_resource(mapping, location=users_at)
        if request.method == "PUT":
            resource = UserResource.model_validate(
                read_body(request), scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST
            )
            resource.replace(current)
        else:
            patch = PatchOp[UserResource].model_validate(
                _entra_manager(read_body(request)), scim_ctx=Context.RESOURCE_PATCH_REQUEST
            )
            patch.patch(current)
            resource = current
        services.scim_user_update(token=token, mapping=mapping, resource=resource)
        mapping = selectors.scim_user_get(organization_id=token.organization_id, scim_id=scim_id)
        context = (
            Context.RESOURCE_REPLACEMENT_RESPONSE
            if request.method == "PUT"
            else Context.RESOURCE_PATCH_RESPONSE
        )
        return scim_json(_user_payload(request, mapping, context))
    if request.method != "GET":
        raise not_allowed(request)
    search = read_search(request, UserResource)
    return scim_json(_user_payload(request, mapping, Context.RESOURCE_QUERY_RESPONSE, search))


# -- groups ---------------------------------------------------------------------------------


def _group_payload(
    request: HttpRequest, group: Any, context: Context, search: Any = None
) -> dict[str, Any]:
    users_at, groups_at = locations(request)
    resource = group_resource(group, location=groups_at, user_location=users_at)
    return dump(resource, context, search)


@scim_endpoint
def groups(request: HttpRequest, token: AccessToken) -> HttpResponse:
    """List (with a filter and paging) or create a Group."""
    if request.method == "POST":
        resource = GroupResource.model_validate(
            read_body(request), scim_ctx=Context.RESOURCE_CREATION_REQUEST
        )
        group = services.scim_group_create(token=token, resource=resource)
        group = selectors.scim_group_get(
            organization_id=token.organization_id, scim_id=str(group.scim_id)
        )
        _users, groups_at = locations(request)
        return scim_json(
            _group_payload(request, group, Context.RESOURCE_CREATION_RESPONSE),
            status=201,
            location=groups_at.format(id=group.scim_id),
        )
    if request.method != "GET":
        raise not_allowed(request)
    return _groups_list(request, token)


@scim_endpoint
def groups_search(request: HttpRequest, token: AccessToken) -> HttpResponse:
    """``POST /Groups/.search``."""
    return _groups_list(request, token)


def _groups_list(request: HttpRequest, token: AccessToken) -> HttpResponse:
    search = read_search(request, GroupResource)
    query = filters.group_filter_query(str(search.filter)) if search.filter else filters.Q()
    start, count = paging(search)
    page = selectors.scim_groups_page(
        organization_id=token.organization_id, query=query, start_index=start, count=count
    )
    users_at, groups_at = locations(request)
    resources = [
        group_resource(group, location=groups_at, user_location=users_at) for group in page.items
    ]
    return list_response(search, GroupResource, page, resources)


@scim_endpoint
def group(request: HttpRequest, token: AccessToken, scim_id: str) -> HttpResponse:
    """Read, replace, patch (members added and removed, as Entra ID and Okta send) or
    delete one Group."""
    found = selectors.scim_group_get(organization_id=token.organization_id, scim_id=scim_id)
    users_at, groups_at = locations(request)
    if request.method == "DELETE":
        services.scim_group_delete(token=token, group=found)
        return HttpResponse(status=204)
    if request.method in ("PUT", "PATCH"):
        current = group_resource(found, location=groups_at, user_location=users_at)
        if request.method == "PUT":
            resource = GroupResource.model_validate(
                read_body(request), scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST
            )
            resource.replace(current)
        else:
            patch = PatchOp[GroupResource].model_validate(
                read_body(request), scim_ctx=Context.RESOURCE_PATCH_REQUEST
            )
            patch.patch(current)
            resource = current
        services.scim_group_update(token=token, group=found, resource=resource)
        found = selectors.scim_group_get(organization_id=token.organization_id, scim_id=scim_id)
        context = (
            Context.RESOURCE_REPLACEMENT_RESPONSE
            if request.method == "PUT"
            else Context.RESOURCE_PATCH_RESPONSE
        )
        return scim_json(_group_payload(request, found, context))
    if request.method != "GET":
        raise not_allowed(request)
    search = read_search(request, GroupResource)
    return scim_json(_group_payload(request, found, Context.RESOURCE_QUERY_RESPONSE, search))


# -- the rest -------------------------------------------------------------------------------


def _type_query(build: Any, search: Any) -> Any:
    """The filter for one resource type of a search over both; an attribute that type does
    not have matches none of its resources (RFC 7644 §3.4.2.1), ``None`` then."""
    if not search.filter:
        return filters.Q()
    try:
        return build(str(search.filter))
    except InvalidFilterException:
        return None


@scim_endpoint
def root_search(request: HttpRequest, token: AccessToken) -> HttpResponse:
    """``POST /.search``: Users then Groups, in one list (RFC 7644 §3.4.3)."""
    if request.method != "POST":
        raise not_allowed(request)
    search = read_search(request, UserResource | GroupResource)
    user_query = _type_query(filters.user_filter_query, search)
    group_query = _type_query(filters.group_filter_query, search)
    if user_query is None and group_query is None:
        raise InvalidFilterException(detail=f"filtering on {search.filter} is not supported")
    start, count = paging(search)
    org = token.organization_id
    users = selectors.scim_users_page(
        organization_id=org,
        query=Q(pk__in=[]) if user_query is None else user_query,
        start_index=start,
        count=count,
    )
    groups_start = max(start - users.total, 1)
    groups = selectors.scim_groups_page(
        organization_id=org,
        query=Q(pk__in=[]) if group_query is None else group_query,
        start_index=groups_start,
        count=count - len(users.items) if start + len(users.items) > users.total else 0,
    )
    users_at, groups_at = locations(request)
    resources = [user_resource(mapping, location=users_at) for mapping in users.items] + [
        group_resource(group, location=groups_at, user_location=users_at) for group in groups.items
    ]
    page = selectors.Page(total=users.total + groups.total, start_index=start, items=resources)
    return list_response(search, UserResource | GroupResource, page, resources)


@scim_endpoint
def not_found(request: HttpRequest, token: AccessToken, rest: str = "") -> HttpResponse:
    """Any other path under the SCIM base URL: a SCIM 404. An identity provider given the
    base URL with a trailing slash asks for ``…/v2//Users``: that is ``…/v2/Users``."""
    if rest.startswith("/") and rest.strip("/"):
        match = resolve(reverse("scim:base") + rest.lstrip("/"))
        if match.url_name != "not_found":
            return match.func(request, *match.args, **match.kwargs)
    raise NotFoundException(detail=f"There is no SCIM endpoint at /{rest}.")

"""SCIM 2.0 under ``/scim/v2/``: the paths RFC 7644 fixes, case as the RFC writes them."""

from django.urls import path

from remento.integrations.scim import discovery, views

app_name = "scim"

urlpatterns = [
    path(
        "ServiceProviderConfig", discovery.service_provider_config, name="service_provider_config"
    ),
    path("ResourceTypes", discovery.resource_types, name="resource_types"),
    path("ResourceTypes/<str:key>", discovery.resource_types, name="resource_type"),
    path("Schemas", discovery.schemas, name="schemas"),
    path("Schemas/<str:key>", discovery.schemas, name="schema"),
    path("Users", views.users, name="users"),
    path("Users/.search", views.users_search, name="users_search"),
    path("Users/<str:scim_id>", views.user, name="user"),
    path("Groups", views.groups, name="groups"),
    path("Groups/.search", views.groups_search, name="groups_search"),
    path("Groups/<str:scim_id>", views.group, name="group"),
    path(".search", views.root_search, name="search"),
    # Anything else under the base URL answers a SCIM 404, not the site's HTML page.
    path("", views.not_found, name="base"),
    path("<path:rest>", views.not_found, name="not_found"),
]

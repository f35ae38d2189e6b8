"""dashboards."""

from django.urls import path

from remento.outcomes.dashboards import views

urlpatterns = [
    path("", views.organization_dashboard_view, name="organization_dashboard"),
    path(
        "programs/<int:program_pk>/",
        views.program_dashboard_view,
        name="program_dashboard",
    ),
    path(
        "programs/<int:program_pk>/refresh/",
        views.program_dashboard_refresh_view,
        name="program_dashboard_refresh",
    ),
]

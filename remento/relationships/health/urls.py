from django.urls import path

from remento.relationships.health import views

urlpatterns = [
    path("programs/<int:program_pk>/health/", views.health_board, name="health_board"),
    path(
        "programs/<int:program_pk>/health/nudge/",
        views.nudge_state,
        name="health_nudge_state",
    ),
    path(
        "programs/<int:program_pk>/health/nudge/<int:pair_pk>/",
        views.nudge_pair,
        name="health_nudge_pair",
    ),
    path(
        "programs/<int:program_pk>/health/nudge-text/",
        views.nudge_template_edit,
        name="health_nudge_template",
    ),
    path("<int:pair_pk>/health/", views.pair_health_view, name="pair_health"),
]

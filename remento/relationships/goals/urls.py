from django.urls import path

from remento.relationships.goals import views

urlpatterns = [
    path("<int:pair_pk>/goals/", views.goals_page, name="goals"),
    path("<int:pair_pk>/goals/seed/", views.goals_seed_view, name="goals_seed"),
    path("<int:pair_pk>/goals/<int:goal_pk>/", views.goal_update_view, name="goal_update"),
    path("<int:pair_pk>/goals/<int:goal_pk>/delete/", views.goal_delete_view, name="goal_delete"),
    path(
        "<int:pair_pk>/goals/milestones/<int:milestone_pk>/",
        views.milestone_toggle_view,
        name="milestone_toggle",
    ),
]

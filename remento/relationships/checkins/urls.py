from django.urls import path

from remento.relationships.checkins import views

app_name = "checkins"

urlpatterns = [
    path("<int:pair_pk>/check-ins/", views.checkin_list, name="list"),
    path("<int:pair_pk>/check-ins/<int:checkin_pk>/", views.checkin_answer_view, name="answer"),
    path("programs/<int:program_pk>/check-ins/", views.program_checkins_view, name="program"),
    path(
        "programs/<int:program_pk>/check-ins/settings/",
        views.checkin_settings_view,
        name="settings",
    ),
    path(
        "programs/<int:program_pk>/check-ins/questions/<int:question_pk>/",
        views.checkin_question_edit_view,
        name="question_edit",
    ),
    path(
        "programs/<int:program_pk>/check-ins/questions/<int:question_pk>/delete/",
        views.checkin_question_delete_view,
        name="question_delete",
    ),
]

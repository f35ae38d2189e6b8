from django.urls import path

from remento.enrollment.views import coordinator, participant, questions

app_name = "enrollment"

urlpatterns = [
    path("", participant.my_programs_view, name="my_programs"),
    path("<int:program_pk>/join/", participant.signup, name="signup"),
    path("<int:program_pk>/invitation/", participant.invitation, name="invitation"),
    path("<int:program_pk>/withdraw/", participant.withdraw, name="withdraw"),
    path("<int:program_pk>/participants/", coordinator.participants, name="participants"),
    path(
        "<int:program_pk>/participants/promote/",
        coordinator.promote_waitlist,
        name="promote_waitlist",
    ),
    path(
        "<int:program_pk>/participants/<int:enrollment_pk>/withdraw/",
        coordinator.participant_withdraw,
        name="participant_withdraw",
    ),
    path("<int:program_pk>/applications/", coordinator.applications, name="applications"),
    path(
        "<int:program_pk>/applications/<int:enrollment_pk>/",
        coordinator.application_decide,
        name="application_decide",
    ),
    path("<int:program_pk>/nominate/", coordinator.nominate, name="nominate"),
    path("<int:program_pk>/nominate/many/", coordinator.invite_many, name="invite_many"),
    path("<int:program_pk>/questions/", questions.questions, name="questions"),
    path(
        "<int:program_pk>/questions/<int:question_pk>/",
        questions.question_edit,
        name="question_edit",
    ),
    path(
        "<int:program_pk>/questions/<int:question_pk>/delete/",
        questions.question_remove,
        name="question_delete",
    ),
]

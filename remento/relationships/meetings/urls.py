from django.urls import path

from remento.relationships.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_propose_view, name="propose"),
    path("<int:meeting_pk>/answer/", views.meeting_answer_view, name="answer"),
    path("<int:meeting_pk>/move/", views.meeting_counter_view, name="counter"),
    path("<int:meeting_pk>/log/", views.meeting_log_view, name="log"),
]

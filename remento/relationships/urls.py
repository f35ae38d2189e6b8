from django.urls import include, path

from remento.relationships import views
from remento.relationships.meetings import views as meeting_views

app_name = "relationships"

urlpatterns = [
    path("", views.my_pairs, name="my_pairs"),
    # The pairs list writes a pair's page from my_pairs's address (program_pairs.html).
    path("<int:pair_pk>/", views.pair_detail, name="pair_detail"),
    path(
        "<int:pair_pk>/confidential/",
        views.pair_confidential_unlock,
        name="pair_confidential_unlock",
    ),
    path("<int:pair_pk>/agreement/", views.agreement_edit, name="agreement_edit"),
    path("<int:pair_pk>/agreement/sign/", views.agreement_sign_view, name="agreement_sign"),
    path("<int:pair_pk>/checklist/<slug:step>/", views.checklist_tick_view, name="checklist_tick"),
    path("<int:pair_pk>/start/", views.pair_start_view, name="pair_start"),
    path("<int:pair_pk>/close/", views.pair_close_view, name="pair_close"),
    path("programs/<int:program_pk>/", views.program_pairs, name="program_pairs"),
    path("<int:pair_pk>/meetings/", include("remento.relationships.meetings.urls")),
    path("", include("remento.relationships.goals.urls")),
    path("", include("remento.relationships.notes.urls")),
    path("", include("remento.relationships.checkins.urls")),
    path("", include("remento.relationships.health.urls")),
    path("safety/", include("remento.relationships.safety.urls")),
    path("calendar/", meeting_views.calendar_feed_page, name="calendar_feed"),
    path("calendar/<str:token>.ics", meeting_views.calendar_feed_ics, name="calendar_feed_ics"),
]

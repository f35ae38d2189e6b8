from django.urls import path

from remento.relationships.safety import views

# Included under /pairs/ with the relationships namespace.
urlpatterns = [
    path("<int:pair_pk>/ask/", views.safety_request_new, name="safety_request_new"),
    path("requests/", views.my_safety_requests, name="my_safety_requests"),
    path("requests/<int:request_pk>/", views.safety_request_detail, name="safety_request"),
    path(
        "requests/<int:request_pk>/reply/",
        views.safety_request_reply_view,
        name="safety_request_reply",
    ),
    path(
        "requests/<int:request_pk>/add/", views.safety_request_add_view, name="safety_request_add"
    ),
    path(
        "requests/<int:request_pk>/resolve/",
        views.safety_request_resolve_view,
        name="safety_request_resolve",
    ),
    path(
        "requests/<int:request_pk>/close/", views.safety_pair_close_view, name="safety_pair_close"
    ),
    path(
        "programs/<int:program_pk>/requests/",
        views.program_safety_requests_view,
        name="program_safety_requests",
    ),
]

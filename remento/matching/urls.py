from django.urls import path

from remento.matching import progress_views, rematch_views, review_views, views

app_name = "matching"

urlpatterns = [
    path("<int:program_pk>/preview/", views.preview, name="preview"),
    path(
        "<int:program_pk>/preview/refresh/", progress_views.preview_refresh, name="preview_refresh"
    ),
    path(
        "<int:program_pk>/bulk/<int:run_pk>/progress/",
        progress_views.run_progress,
        name="run_progress",
    ),
    path(
        "<int:program_pk>/bulk/<int:run_pk>/cancel/", progress_views.run_cancel, name="run_cancel"
    ),
    path("<int:program_pk>/bulk/", views.run_review, name="run_review"),
    path("<int:program_pk>/bulk/run/", views.run_start, name="run_start"),
    path("<int:program_pk>/bulk/weights/", views.weights_update, name="weights_update"),
    path("<int:program_pk>/bulk/<int:run_pk>/swap/", views.proposal_swap, name="proposal_swap"),
    path("<int:program_pk>/bulk/<int:run_pk>/publish/", views.run_publish, name="run_publish"),
    # A row's lock, swap and remove sit under the review's address: its page writes
    # them from run_review's, reversed once (matching/_review_list.html).
    path(
        "<int:program_pk>/bulk/pairs/<int:proposal_pk>/lock/",
        views.proposal_lock,
        name="proposal_lock",
    ),
    path(
        "<int:program_pk>/bulk/pairs/<int:proposal_pk>/swap/",
        review_views.proposal_swap_search,
        name="proposal_swap_search",
    ),
    path(
        "<int:program_pk>/bulk/pairs/<int:proposal_pk>/remove/",
        views.proposal_remove,
        name="proposal_remove",
    ),
    path("<int:program_pk>/choose/", views.choose, name="choose"),
    path("<int:program_pk>/choose/<int:mentor_pk>/", views.request_create, name="request_create"),
    path("<int:program_pk>/requests/", views.inbox, name="inbox"),
    path(
        "<int:program_pk>/requests/overview/",
        views.requests_overview,
        name="requests_overview",
    ),
    path("<int:program_pk>/requests/nudge/", views.nudge, name="nudge"),
    path("requests/<int:request_pk>/answer/", views.request_answer, name="request_answer"),
    path("requests/<int:request_pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("<int:program_pk>/rematch/<int:pair_pk>/", rematch_views.rematch, name="rematch"),
    path(
        "<int:program_pk>/rematch/<int:pair_pk>/pair/",
        rematch_views.rematch_create,
        name="rematch_create",
    ),
]

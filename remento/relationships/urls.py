from django.urls import path

from remento.relationships import views

app_name = "relationships"

urlpatterns = [
    path("", views.my_pairs, name="my_pairs"),
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
]

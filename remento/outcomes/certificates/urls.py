from django.urls import path

from remento.outcomes.certificates import views

urlpatterns = [
    path("pairs/<int:pair_pk>/certificate/", views.certificate_page, name="certificate"),
    path("pairs/<int:pair_pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path(
        "pairs/<int:pair_pk>/certificate/manager-note/",
        views.certificate_manager_note,
        name="certificate_manager_note",
    ),
]

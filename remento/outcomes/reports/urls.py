from django.urls import path

from remento.outcomes.reports import views

urlpatterns = [
    path("programs/<int:program_pk>/report/", views.report_page, name="report"),
    path("programs/<int:program_pk>/report/pdf/", views.report_pdf, name="report_pdf"),
    path(
        "programs/<int:program_pk>/report/pdf/progress/",
        views.report_pdf_progress,
        name="report_pdf_progress",
    ),
    path(
        "programs/<int:program_pk>/report/pdf/download/<str:token>/",
        views.report_pdf_file,
        name="report_pdf_download",
    ),
]

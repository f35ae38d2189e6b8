from django.urls import path

from remento.outcomes.reports import views

urlpatterns = [
    path("programs/<int:program_pk>/report/", views.report_page, name="report"),
    path("programs/<int:program_pk>/report.pdf", views.report_pdf, name="report_pdf"),
]

"""The program's exports: the page, and each export as CSV or XLSX."""

from django.urls import path

from . import views

urlpatterns = [
    path("programs/<int:program_pk>/exports/", views.export_list, name="program_exports"),
    path(
        "programs/<int:program_pk>/exports/<slug:export>.<slug:fmt>",
        views.export_download,
        name="program_export",
    ),
]

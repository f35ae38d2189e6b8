"""The program's exports: the page, and each export's page, progress and download."""

from django.urls import path

from . import views

EXPORT = "programs/<int:program_pk>/exports/<slug:export>/<slug:fmt>/"

urlpatterns = [
    path("programs/<int:program_pk>/exports/", views.export_list, name="program_exports"),
    path(EXPORT, views.program_export, name="program_export"),
    path(f"{EXPORT}progress/", views.program_export_progress, name="program_export_progress"),
    path(
        f"{EXPORT}download/<str:token>/",
        views.program_export_file,
        name="program_export_download",
    ),
]

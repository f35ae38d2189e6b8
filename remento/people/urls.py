from django.urls import path

from remento.people.views import directory, imports, profile, roles

app_name = "people"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("<int:employee_pk>/", directory.employee_detail, name="employee_detail"),
    path("me/", profile.profile_edit, name="profile_edit"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<str:token>/", imports.import_preview, name="import_preview"),
    path("roles/", roles.role_list, name="role_list"),
    path("roles/<int:employee_pk>/", roles.role_set, name="role_set"),
]

from django.urls import path

from remento.people.views import (
    audit,
    directory,
    imports,
    organization,
    personal_data,
    profile,
    roles,
)

app_name = "people"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("<int:employee_pk>/", directory.employee_detail, name="employee_detail"),
    path("<int:employee_pk>/data/", personal_data.person_data, name="person_data"),
    path("<int:employee_pk>/data.json", personal_data.person_data_json, name="person_data_json"),
    path("<int:employee_pk>/erase/", personal_data.person_erase_confirm, name="person_erase"),
    path("me/", profile.profile_edit, name="profile_edit"),
    path("me/data/", personal_data.my_data, name="my_data"),
    path("me/data.json", personal_data.my_data_json, name="my_data_json"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<str:token>/", imports.import_preview, name="import_preview"),
    path("import/<str:token>/progress/", imports.import_progress, name="import_progress"),
    path("roles/", roles.role_list, name="role_list"),
    path("audit/", audit.audit_list, name="audit_list"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    path("audit/unlock/<int:employee_pk>/", audit.signin_unlock, name="signin_unlock"),
    path("roles/<int:employee_pk>/", roles.role_set, name="role_set"),
    path("organization/", organization.organization_settings, name="organization_settings"),
]

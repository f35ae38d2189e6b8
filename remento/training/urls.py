from django.urls import path

from remento.training.views import compliance, modules, resources

app_name = "training"

urlpatterns = [
    path("", modules.my_training, name="my_training"),
    path("modules/<int:module_pk>/", modules.module_detail, name="module_detail"),
    path("modules/<int:module_pk>/complete/", modules.module_complete, name="module_complete"),
    path("modules/<int:module_pk>/edit/", modules.module_edit, name="module_edit"),
    path("modules/<int:module_pk>/delete/", modules.module_delete, name="module_delete"),
    path("programs/<int:program_pk>/modules/", modules.program_modules, name="program_modules"),
    path("programs/<int:program_pk>/modules/new/", modules.module_create, name="module_create"),
    path("programs/<int:program_pk>/modules/seed/", modules.modules_seed, name="modules_seed"),
    path("programs/<int:program_pk>/compliance/", compliance.compliance, name="compliance"),
    path(
        "programs/<int:program_pk>/compliance/count-again/",
        compliance.compliance_count_again,
        name="compliance_count_again",
    ),
    path("resources/", resources.resource_list, name="resource_list"),
    path("resources/new/", resources.resource_create_view, name="resource_create"),
    path("resources/seed/", resources.resources_seed_view, name="resources_seed"),
    path("resources/<int:resource_pk>/", resources.resource_detail, name="resource_detail"),
    path("resources/<int:resource_pk>/edit/", resources.resource_edit, name="resource_edit"),
    path(
        "resources/<int:resource_pk>/delete/",
        resources.resource_delete_view,
        name="resource_delete",
    ),
]

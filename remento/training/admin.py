from django.contrib import admin

from remento.training.models import Resource, TrainingCompletion, TrainingModule


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "required", "timing", "estimated_minutes", "position"]
    list_filter = ["required", "timing"]
    list_select_related = ["program"]


@admin.register(TrainingCompletion)
class TrainingCompletionAdmin(admin.ModelAdmin):
    list_display = ["module", "employee", "completed_at"]
    list_select_related = ["module", "employee"]
    raw_id_fields = ["module", "employee"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "program", "category"]
    list_filter = ["category"]
    search_fields = ["title", "summary"]

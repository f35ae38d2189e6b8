from django.contrib import admin

from remento.programs.models import Program, ProgramKpi


class ProgramKpiInline(admin.TabularInline):
    model = ProgramKpi
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "program_type", "status", "start_date", "end_date"]
    list_filter = ["status", "program_type", "organization"]
    search_fields = ["name", "goal"]
    inlines = [ProgramKpiInline]

"""The Django admin for staff: the directory, the skills taxonomy and interests.

Sensitive attributes are for superusers only, and their values never appear in a list.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from remento.people.models import (
    Department,
    Employee,
    Interest,
    SensitiveAttribute,
    Skill,
    SkillOffer,
    SkillWant,
)


def _superuser(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["name", "organization"]
    list_filter = ["organization"]
    search_fields = ["name"]
    list_select_related = ["organization"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin[Skill]):
    list_display = ["name", "category", "organization"]
    list_filter = ["organization", "category"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ["organization"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin[Interest]):
    list_display = ["name", "organization"]
    list_filter = ["organization"]
    search_fields = ["name"]
    list_select_related = ["organization"]


class SkillOfferInline(admin.TabularInline[SkillOffer, Employee]):
    model = SkillOffer
    extra = 0
    autocomplete_fields = ["skill"]
    verbose_name = "skill they can teach"
    verbose_name_plural = "skills they can teach"


class SkillWantInline(admin.TabularInline[SkillWant, Employee]):
    model = SkillWant
    extra = 0
    autocomplete_fields = ["skill"]
    verbose_name = "skill they want to learn"
    verbose_name_plural = "skills they want to learn"


class SensitiveAttributeInline(admin.StackedInline[SensitiveAttribute, Employee]):
    """Shown to superusers only (``get_inlines`` below drops it for everyone else)."""

    model = SensitiveAttribute
    extra = 0
    fields = ["kind", "value", "consent_matching", "consented_at"]
    readonly_fields = ["consented_at"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin[Employee]):
    list_display = [
        "display_name",
        "employee_id",
        "email",
        "organization",
        "department",
        "level",
        "role",
        "is_active",
    ]
    list_filter = ["organization", "role", "is_active", "department"]
    search_fields = ["employee_id", "first_name", "last_name", "preferred_name", "email", "title"]
    list_select_related = ["organization", "department"]
    raw_id_fields = ["manager", "user"]
    filter_horizontal = ["interests"]
    fieldsets = (
        (None, {"fields": ("organization", "user", "role", "is_active")}),
        (
            "From the HR system",
            {
                "fields": (
                    "employee_id",
                    ("first_name", "last_name", "preferred_name"),
                    "email",
                    "title",
                    "department",
                    "level",
                    "manager",
                    ("location", "timezone"),
                    ("hire_date", "leave_date"),
                    "birth_year",
                )
            },
        ),
        ("Mentoring profile", {"fields": ("interests", "extraversion", "hours_per_month")}),
    )
    inlines = [SkillOfferInline, SkillWantInline, SensitiveAttributeInline]

    def get_inlines(self, request: HttpRequest, obj: Employee | None) -> list[Any]:
        if _superuser(request):
            return list(self.inlines)
        return [inline for inline in self.inlines if inline is not SensitiveAttributeInline]


@admin.register(SensitiveAttribute)
class SensitiveAttributeAdmin(admin.ModelAdmin[SensitiveAttribute]):
    """Superusers only; the list shows who consented to what, never the values."""

    list_display = ["employee", "kind", "consent_matching", "consented_at", "updated_at"]
    list_filter = ["kind", "consent_matching"]
    search_fields = ["employee__employee_id", "employee__last_name", "employee__email"]
    list_select_related = ["employee"]
    raw_id_fields = ["employee"]
    readonly_fields = ["consented_at", "updated_at"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _superuser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request)

"""The Django admin for staff: the directory, the skills taxonomy and interests.

Sensitive attributes are for superusers only, and even they never see a value: not in a
list, a detail page, an inline, a search or an export. The admin shows who declared which
kind of attribute and whether they consented to matching, nothing more; a value is only ever
written by its person, on their profile.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from remento.core.hygiene import CleanInputMixin
from remento.people.models import (
    Department,
    Employee,
    Interest,
    SensitiveAttribute,
    Skill,
    SkillOffer,
    SkillWant,
)
from remento.people.services.levels import level_change_record, level_since_problem
from remento.people.sort_names import sort_names_refresh


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


# What the admin may show of a sensitive attribute: never ``value``.
SENSITIVE_FIELDS_SHOWN = ("employee", "kind", "consent_matching", "consented_at", "updated_at")


class SensitiveAttributeInline(admin.TabularInline[SensitiveAttribute, Employee]):
    """Shown to superusers only (``get_inlines`` below drops it for everyone else), read
    only, and without the values."""

    model = SensitiveAttribute
    extra = 0
    fields = ["kind", "consent_matching", "consented_at"]
    readonly_fields = ["kind", "consent_matching", "consented_at"]
    verbose_name_plural = "sensitive attributes declared (values are never shown here)"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


ERASE_HINT = (
    "People cannot be deleted here. To remove a person's data, an organisation admin opens "
    "their page in Remento and chooses “Erase this person…”: their partners keep their pairs."
)


class EmployeeAdminForm(CleanInputMixin, forms.ModelForm[Employee]):
    """The person's fields, plus the date a changed level took effect (the level history
    is dated by it: promotions are measured from it)."""

    level_effective_date = forms.DateField(
        label="Level since",
        required=False,
        help_text="When a changed level took effect; empty = today. The old level is kept "
        "in the person's level history.",
    )

    class Meta:
        model = Employee
        # The admin builds the form from its fieldsets; these are the fields clean() reads.
        fields = ["level", "hire_date"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since = data.get("level_effective_date")
        if since is not None and "level" in self.changed_data:
            problem = level_since_problem(
                since, hire_date=data.get("hire_date"), today=timezone.localdate()
            )
            if problem:
                self.add_error("level_effective_date", problem)
        return data


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin[Employee]):
    form = EmployeeAdminForm
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
                    ("level", "level_effective_date"),
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

    def save_model(self, request: HttpRequest, obj: Employee, form: Any, change: bool) -> None:
        """Save, record a changed level in the level history (source "edit"), and rewrite
        the copies of a changed name that lists sort by."""
        level_before = form.initial.get("level") if change else None
        super().save_model(request, obj, form, change)
        if change and {"first_name", "last_name"} & set(form.changed_data):
            sort_names_refresh([obj.pk])
        if level_before is not None and "level" in form.changed_data:
            level_change_record(
                actor=request.user,  # type: ignore[arg-type]
                employee=obj,
                level_before=int(level_before),
                effective_date=form.cleaned_data.get("level_effective_date"),
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Never: deleting a person would cascade into their partners' pairs and history.
        An organisation admin erases a person from their page instead (see ``ERASE_HINT``)."""
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "GET":
            messages.info(request, ERASE_HINT)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_inlines(self, request: HttpRequest, obj: Employee | None) -> list[Any]:
        if _superuser(request):
            return list(self.inlines)
        return [inline for inline in self.inlines if inline is not SensitiveAttributeInline]


@admin.register(SensitiveAttribute)
class SensitiveAttributeAdmin(admin.ModelAdmin[SensitiveAttribute]):
    """Superusers only, read only: who declared which kind and consented to what, never
    the values (no field, filter or search touches ``value``)."""

    list_display = ["employee", "kind", "consent_matching", "consented_at", "updated_at"]
    list_filter = ["kind", "consent_matching"]
    search_fields = ["employee__employee_id", "employee__last_name", "employee__email"]
    list_select_related = ["employee"]
    fields = SENSITIVE_FIELDS_SHOWN
    readonly_fields = SENSITIVE_FIELDS_SHOWN

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a value is declared by its person, never typed in by an operator

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _superuser(request)

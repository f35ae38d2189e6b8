"""The Django admin keeps sensitive attributes to superusers, and their values out of lists."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from remento.people.models import Employee, SensitiveAttribute, SensitiveKind
from tests.factories import UserFactory

SECRET = "Marrowick-origin-2291"


def test_a_superuser_lists_sensitive_attributes_without_their_values(mentor: Employee) -> None:
    SensitiveAttribute.objects.create(
        employee=mentor, kind=SensitiveKind.BACKGROUND, value=SECRET, consent_matching=True
    )
    client = Client()
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:people_sensitiveattribute_changelist"))
    assert response.status_code == 200
    assert "Maya Junior" in response.text
    assert SECRET not in response.text


def test_staff_without_superuser_rights_never_reach_sensitive_attributes(
    mentor: Employee,
) -> None:
    row = SensitiveAttribute.objects.create(
        employee=mentor, kind=SensitiveKind.DISABILITY, value=SECRET
    )
    staff = UserFactory(email="hr@example.com", is_staff=True)
    # Even with every model permission granted, the admin refuses.
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="people"))
    client = Client()
    client.force_login(staff)
    changelist = client.get(reverse("admin:people_sensitiveattribute_changelist"))
    change = client.get(reverse("admin:people_sensitiveattribute_change", args=[row.pk]))
    employee_page = client.get(reverse("admin:people_employee_change", args=[mentor.pk]))
    assert changelist.status_code == 403
    assert change.status_code == 403
    assert employee_page.status_code == 200
    assert SECRET not in employee_page.text
    assert "Sensitive attributes" not in employee_page.text


def test_a_superuser_never_sees_a_sensitive_value_on_any_admin_page(mentor: Employee) -> None:
    row = SensitiveAttribute.objects.create(
        employee=mentor, kind=SensitiveKind.BACKGROUND, value=SECRET, consent_matching=True
    )
    client = Client()
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))

    pages = {
        "detail": client.get(reverse("admin:people_sensitiveattribute_change", args=[row.pk])),
        "employee": client.get(reverse("admin:people_employee_change", args=[mentor.pk])),
        "history": client.get(reverse("admin:people_sensitiveattribute_history", args=[row.pk])),
        "delete": client.get(reverse("admin:people_sensitiveattribute_delete", args=[row.pk])),
    }
    search = client.get(reverse("admin:people_sensitiveattribute_changelist"), {"q": SECRET})

    for name, page in pages.items():
        assert page.status_code == 200, name
        assert SECRET not in page.text, name
    assert "Maya Junior" in pages["detail"].text  # who declared it, without the value
    assert 'name="value"' not in pages["detail"].text
    assert "sensitive attributes declared" in pages["employee"].text.lower()
    assert search.context["cl"].result_count == 0  # a value cannot be searched for either


def test_a_superuser_can_neither_type_in_nor_change_a_sensitive_value(mentor: Employee) -> None:
    row = SensitiveAttribute.objects.create(
        employee=mentor, kind=SensitiveKind.BACKGROUND, value=SECRET, consent_matching=True
    )
    client = Client()
    client.force_login(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))

    add = client.get(reverse("admin:people_sensitiveattribute_add"))
    change = client.post(
        reverse("admin:people_sensitiveattribute_change", args=[row.pk]),
        {"employee": mentor.pk, "kind": SensitiveKind.BACKGROUND, "value": "guessed"},
    )

    assert add.status_code == 403
    assert change.status_code == 403
    row.refresh_from_db()
    assert row.value == SECRET

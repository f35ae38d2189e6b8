"""What coordinators and mentees read of the matching hides sensitive attributes; in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.enrollment.models import Enrollment, EnrollmentRole
from remento.people.models import Employee, SensitiveAttribute, SensitiveKind
from remento.programs.models import MatchingMode, Program
from tests.matching.helpers import enroll, make_program, person, teach, want

WIDTHS = (1366, 390)


def _declare(employee: Employee, value: str) -> None:
    SensitiveAttribute.objects.create(
        employee=employee,
        kind=SensitiveKind.GENDER,
        value=value,
        consent_matching=True,
        consented_at=timezone.now(),
    )


def bridging_program(organization: Organization, *, pairs: int, bridging: int) -> Program:
    """A bulk program whose run makes ``pairs`` pairs, ``bridging`` of them across
    backgrounds (everyone consented)."""
    program = make_program(organization, min_level_gap=3)
    for i in range(pairs):
        mentor = person(organization, first_name=f"Mentor{i}", last_name="Junior", level=2)
        mentee = person(organization, first_name=f"Leader{i}", last_name="Senior", level=9)
        teach(mentor, **{f"skill{i}": 5})
        want(mentee, **{f"skill{i}": 5})
        enroll(program, mentor, EnrollmentRole.MENTOR)
        enroll(program, mentee, EnrollmentRole.MENTEE)
        _declare(mentor, "a")
        _declare(mentee, "b" if i < bridging else "a")
    Enrollment.objects.filter(program=program).update(consent_sensitive=True)
    return program


def _fits(page: Page) -> bool:
    return bool(page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"))


def test_the_review_says_the_criterion_counts_without_any_count(
    sign_in: Callable[[Employee], Page],
    site: str,
    organization: Organization,
    coordinator: Employee,
    settings: Any,
) -> None:
    program = bridging_program(organization, pairs=10, bridging=5)
    page = sign_in(coordinator)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{site}/matching/{program.pk}/bulk/")
        if width == WIDTHS[0]:
            page.get_by_role("button", name="Run matching").click()
        expect(page.get_by_text("This criterion counts in the matching")).to_be_visible()
        expect(page.get_by_text("bring together different backgrounds")).to_have_count(0)
        expect(page.get_by_text("Different backgrounds on")).to_have_count(0)
        assert _fits(page)


def test_a_mentee_reads_suggestions_without_any_background(
    sign_in: Callable[[Employee], Page],
    site: str,
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
) -> None:
    program = make_program(organization, matching_mode=MatchingMode.CHOICE)
    program.weights = {**program.weights, "diversity": 10.0}
    program.save(update_fields=["weights"])
    teach(mentor, tiktok=5)
    want(mentee, tiktok=5)
    enroll(program, mentor, EnrollmentRole.MENTOR, consent_sensitive=True)
    enroll(program, mentee, EnrollmentRole.MENTEE, consent_sensitive=True)
    _declare(mentor, "a")
    _declare(mentee, "b")

    page = sign_in(mentee)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{site}/matching/{program.pk}/choose/")
        expect(page.get_by_role("link", name="Ask Maya Junior")).to_be_visible()
        expect(page.get_by_text("background", exact=False)).to_have_count(0)
        assert _fits(page)

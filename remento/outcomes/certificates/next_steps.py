"""Where a mentor finds their certificate: their home page, and their completed pair's page."""

from __future__ import annotations

from django.urls import reverse

from remento.core.next_steps import HomePart, HomeSection
from remento.outcomes.certificates.selectors import completed_mentor_pairs
from remento.people.models import Employee
from remento.relationships.models import Pair
from remento.relationships.overview import NextUp


def certificates_home(employee: Employee) -> HomePart:
    """A "Your mentoring certificates" block for a mentor with completed pairs. One query."""
    pairs = completed_mentor_pairs(employee)
    if not pairs:
        return HomePart()
    return HomePart(
        sections=[
            HomeSection(
                template="outcomes/certificates/_home_certificates.html",
                context={"pairs": pairs},
            )
        ]
    )


def certificate_next_up(pair: Pair, viewer: Employee) -> list[NextUp]:
    """On a closed pair's page, for its mentor when the pair ran its course: the certificate.
    No query."""
    if viewer.pk != pair.mentor_id or not pair.completed:
        return []
    sponsor = pair.program.sponsor_name
    signed = f"signed by {sponsor}, the program's sponsor" if sponsor else "signed for the program"
    return [
        NextUp(
            "Your pair ran its course. Your mentoring certificate is ready: the program, your "
            f"hours and the skills you taught, {signed}. You can also let your manager know.",
            reverse("outcomes:certificate", args=[pair.pk]),
            "Get your certificate",
            urgent=True,
        )
    ]

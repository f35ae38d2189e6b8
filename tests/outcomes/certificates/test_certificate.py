"""The mentor's certificate: only the mentor of a completed pair, with hours, skills and the
sponsor's signature; the PDF opens and says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from remento.core.models import AuditEvent
from remento.outcomes.assessments.models import Assessment
from remento.outcomes.certificates.next_steps import certificates_home
from remento.outcomes.certificates.selectors import (
    SOURCE_ASSESSED,
    SOURCE_GOALS,
    SOURCE_PROFILES,
    certificate_for,
)
from remento.people.models import Employee, SkillOffer, SkillWant
from remento.programs.models import Program
from remento.relationships.goals.models import Goal, GoalSource
from remento.relationships.models import Pair, PairStatus
from tests.conftest import client_for
from tests.factories import PairFactory, SkillFactory
from tests.outcomes.pdf_text import pdf_words


def _urls(pair: Pair) -> list[str]:
    return [
        reverse("outcomes:certificate", args=[pair.pk]),
        reverse("outcomes:certificate_pdf", args=[pair.pk]),
    ]


def test_the_mentor_sees_hours_skills_and_the_sponsor(mentor: Employee, pair: Pair) -> None:
    page = client_for(mentor).get(_urls(pair)[0]).content.decode()

    assert "Maya Junior" in page
    assert "Digital Leaders 2026" in page
    assert "2.6 hours" in page
    assert "3 meetings" in page
    assert "Prompting AI · Social media" in page
    assert "Grace Hopper" in page
    assert "Chief Operating Officer" in page
    assert SOURCE_ASSESSED in page
    assert "Martin" not in page.split('aria-label="The certificate"')[1].split("</section>")[0]


def test_the_pdf_opens_and_has_the_figures(mentor: Employee, pair: Pair) -> None:
    response = client_for(mentor).get(_urls(pair)[1])

    assert response["Content-Type"] == "application/pdf"

    def html() -> str:
        certificate = certificate_for(viewer=mentor, pair_pk=pair.pk)
        return render_to_string(
            "outcomes/certificates/certificate_pdf.html",
            {"certificate": certificate, "issued": timezone.localdate()},
        )

    words = pdf_words(response.content, html=html)
    for expected in (
        "Maya Junior",
        "Digital Leaders 2026",
        "2.6 hours",
        "Prompting AI",
        "Grace Hopper",
    ):
        assert expected in words
    event = AuditEvent.objects.get(verb="certificate.downloaded")
    assert event.actor == mentor.user
    assert event.data["hours"] == 2.6


@pytest.mark.parametrize("who", ["mentee", "coordinator", "admin", "other_mentor", "stranger"])
def test_nobody_but_the_mentor_gets_it(
    who: str, request: pytest.FixtureRequest, pair: Pair
) -> None:
    person = request.getfixturevalue(who)
    client = client_for(person)
    for url in _urls(pair):
        assert client.get(url).status_code == 404
    note = reverse("outcomes:certificate_manager_note", args=[pair.pk])
    assert client.post(note).status_code == 404
    assert not AuditEvent.objects.filter(verb__startswith="certificate.").exists()


@pytest.mark.parametrize(
    ("status", "completed"), [(PairStatus.CLOSED, False), (PairStatus.ACTIVE, None)]
)
def test_a_pair_that_did_not_run_its_course_has_no_certificate(
    mentor: Employee, pair: Pair, status: str, completed: bool | None
) -> None:
    Pair.objects.filter(pk=pair.pk).update(status=status, completed=completed)

    for url in _urls(pair):
        assert client_for(mentor).get(url).status_code == 404


def test_without_a_sponsor_the_coordinator_signs(
    mentor: Employee, pair: Pair, program: Program, coordinator: Employee
) -> None:
    Program.objects.filter(pk=program.pk).update(sponsor_name="", sponsor_title="")

    certificate = certificate_for(viewer=mentor, pair_pk=pair.pk)
    page = client_for(mentor).get(_urls(pair)[0]).content.decode()

    assert certificate.signer.name == coordinator.display_name
    assert not certificate.signer.is_sponsor
    assert f"signed by {coordinator.display_name}, its coordinator" in page


def test_skills_fall_back_to_goals_then_to_what_was_offered_and_wanted(
    mentor: Employee, mentee: Employee, pair: Pair
) -> None:
    Assessment.objects.filter(pair=pair).delete()
    excel = SkillFactory(organization=pair.program.organization, name="Excel")
    Goal.objects.create(
        pair=pair, owner=mentee, title="Use Excel", source=GoalSource.SKILL, skill=excel
    )
    certificate = certificate_for(viewer=mentor, pair_pk=pair.pk)
    assert (certificate.skills, certificate.skills_source) == (("Excel",), SOURCE_GOALS)

    Goal.objects.filter(pair=pair).delete()
    video = SkillFactory(organization=pair.program.organization, name="Video editing")
    SkillOffer.objects.create(employee=mentor, skill=video, proficiency=4)
    SkillOffer.objects.create(employee=mentor, skill=excel, proficiency=4)
    SkillWant.objects.create(employee=mentee, skill=video, priority=3)
    certificate = certificate_for(viewer=mentor, pair_pk=pair.pk)
    assert (certificate.skills, certificate.skills_source) == (("Video editing",), SOURCE_PROFILES)


def test_the_pair_page_and_home_link_the_mentor_to_it(
    mentor: Employee, mentee: Employee, pair: Pair
) -> None:
    url = _urls(pair)[0]
    pair_page = reverse("relationships:pair_detail", args=[pair.pk])

    assert url in client_for(mentor).get(pair_page).content.decode()
    assert url in client_for(mentor).get(reverse("home")).content.decode()
    assert url not in client_for(mentee).get(pair_page).content.decode()
    assert url not in client_for(mentee).get(reverse("home")).content.decode()


def test_the_home_page_costs_one_query_for_any_number_of_certificates(
    mentor: Employee, pair: Pair, program: Program, django_assert_num_queries: Any
) -> None:
    for _ in range(3):
        PairFactory(
            program=program,
            mentor=mentor,
            status=PairStatus.CLOSED,
            completed=True,
            ended_at=timezone.now(),
        )
    with django_assert_num_queries(1):
        part = certificates_home(mentor)
    assert len(part.sections[0].context["pairs"]) == 4

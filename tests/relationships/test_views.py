from __future__ import annotations

from django.test import Client
from django.urls import reverse

from remento.core.models import Organization
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.models import ChecklistStep, Pair, PairAgreement, PairStatus
from remento.relationships.services import agreement_sign, checklist_tick
from tests.conftest import client_for
from tests.factories import EmployeeFactory, employee_with_login
from tests.relationships.builders import fill_terms, make_module, make_pair


def _url(pair: Pair) -> str:
    return reverse("relationships:pair_detail", kwargs={"pair_pk": pair.pk})


def test_both_people_and_a_coordinator_see_the_pair_page(
    pair: Pair, mentor_client: Client, mentee_client: Client, coordinator_client: Client
) -> None:
    for client in (mentor_client, mentee_client, coordinator_client):
        response = client.get(_url(pair))
        assert response.status_code == 200
        assert b"Maya Junior and Martin Senior" in response.content


def test_a_stranger_from_another_organisation_gets_a_404(pair: Pair, stranger: Employee) -> None:
    assert client_for(stranger).get(_url(pair)).status_code == 404


def test_a_participant_of_another_pair_gets_a_404(
    program: Program, pair: Pair, organization: Organization
) -> None:
    other = employee_with_login(organization=organization, level=2, email="olly@acme.example")
    make_pair(program, other, EmployeeFactory(organization=organization, level=9))
    client = client_for(other)
    assert client.get(_url(pair)).status_code == 404
    sign_url = reverse("relationships:agreement_sign", kwargs={"pair_pk": pair.pk})
    assert client.post(sign_url).status_code == 404


def test_the_pair_page_names_who_is_missing_what(
    program: Program, pair: Pair, mentor_client: Client
) -> None:
    make_module(program, "Setting goals together")
    content = mentor_client.get(_url(pair)).content.decode()
    assert "Maya Junior has not signed the agreement." in content
    assert "Martin Senior has not completed: Setting goals together." in content
    assert "Start the pair" not in content


def test_the_partners_title_and_time_zone_are_shown(
    pair: Pair, mentee: Employee, mentor_client: Client
) -> None:
    mentee.title = "Chief Operating Officer"
    mentee.save()
    content = mentor_client.get(_url(pair)).content.decode()
    assert "Chief Operating Officer" in content
    assert "Europe/Paris" in content  # the time zone confirmed at enrolment


def test_filling_in_the_terms_saves_them_and_bad_cadence_changes_nothing(
    pair: Pair, mentor_client: Client
) -> None:
    url = reverse("relationships:agreement_edit", kwargs={"pair_pk": pair.pk})
    bad = mentor_client.post(url, {"goals": "Learn", "cadence_days": "0", "confidentiality": "on"})
    assert bad.status_code == 400
    assert not PairAgreement.objects.filter(pair=pair).exists()
    good = mentor_client.post(
        url, {"goals": "Learn the chat tool", "cadence_days": "14", "confidentiality": "on"}
    )
    assert good.status_code == 302
    terms = PairAgreement.objects.get(pair=pair)
    assert (terms.goals, terms.cadence_days, terms.confidentiality) == (
        "Learn the chat tool",
        14,
        True,
    )


def test_the_terms_page_says_who_has_signed_the_terms_as_they_read_now(
    pair: Pair, mentor: Employee, mentee: Employee, mentor_client: Client
) -> None:
    url = reverse("relationships:agreement_edit", kwargs={"pair_pk": pair.pk})
    fill_terms(pair)
    assert "sign again" not in mentor_client.get(url).content.decode()

    agreement_sign(actor=mentee.user, pair=pair)
    assert "Martin Senior has signed these terms." in mentor_client.get(url).content.decode()
    agreement_sign(actor=mentor.user, pair=pair)
    page = mentor_client.get(url).content.decode()
    assert "You have both signed these terms. If you change them, both of you sign again." in page
    assert "Someone has already signed" not in page


def test_a_coordinator_cannot_fill_in_or_sign_a_pairs_agreement(
    pair: Pair, coordinator_client: Client
) -> None:
    fill_terms(pair)
    coordinator_client.post(reverse("relationships:agreement_sign", kwargs={"pair_pk": pair.pk}))
    assert not pair.signatures.exists()


def test_starting_from_the_page_shows_the_blockers_as_an_error(
    pair: Pair, mentor_client: Client
) -> None:
    response = mentor_client.post(
        reverse("relationships:pair_start", kwargs={"pair_pk": pair.pk}), follow=True
    )
    assert "The pair cannot start yet." in response.content.decode()
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.LAUNCHING


def test_my_pairs_lists_the_participants_pairs(pair: Pair, mentee_client: Client) -> None:
    content = mentee_client.get(reverse("relationships:my_pairs")).content.decode()
    assert "Digital Leaders 2026" in content
    assert "Maya Junior" in content


def test_the_program_pairs_page_is_for_coordinators_of_the_organisation(
    program: Program,
    pair: Pair,
    coordinator_client: Client,
    mentor_client: Client,
    stranger: Employee,
) -> None:
    url = reverse("relationships:program_pairs", kwargs={"program_pk": program.pk})
    response = coordinator_client.get(url)
    assert response.status_code == 200
    assert "Maya Junior: not signed" in response.content.decode()
    assert mentor_client.get(url).status_code == 403
    assert client_for(stranger).get(url).status_code == 404


def test_closing_from_the_page_needs_a_reason(pair: Pair, mentee_client: Client) -> None:
    url = reverse("relationships:pair_close", kwargs={"pair_pk": pair.pk})
    assert mentee_client.post(url, {"reason": ""}).status_code == 400
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.LAUNCHING
    assert mentee_client.post(url, {"reason": "Changed roles."}).status_code == 302
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.CLOSED


def test_ticking_a_step_from_the_page_stores_it(pair: Pair, mentee_client: Client) -> None:
    url = reverse("relationships:checklist_tick", kwargs={"pair_pk": pair.pk, "step": "kickoff"})
    response = mentee_client.post(url, {"done": "1"}, follow=True)
    assert "“Meet for the kick-off” is done." in response.content.decode()
    assert pair.checklist_ticks.filter(step="kickoff").exists()


def test_staff_read_the_pair_in_the_third_person_and_as_who_they_are(
    pair: Pair, mentor: Employee, coordinator: Employee, admin: Employee
) -> None:
    assert "<h2>The two of you</h2>" in client_for(mentor).get(_url(pair)).text
    assert "<h2>The two of them</h2>" in client_for(coordinator).get(_url(pair)).text
    meetings = reverse("relationships:meetings:list", args=[pair.pk])
    assert "As a coordinator you see" in client_for(coordinator).get(meetings).text
    assert "As an admin you see" in client_for(admin).get(meetings).text


def _folded(content: str, marker: str) -> bool:
    """Whether ``marker`` sits inside a folded <details> of the page."""
    before = content[: content.index(marker)]
    return before.rfind("<details") > before.rfind("</details>")


def test_once_a_pair_has_started_its_agreement_and_finished_checklist_are_folded(
    pair: Pair, mentor: Employee, mentee: Employee, mentee_client: Client
) -> None:
    fill_terms(pair)
    launching = mentee_client.get(_url(pair)).content.decode()
    assert not _folded(launching, 'class="panel agreement-text"')  # to be read and signed
    assert not _folded(launching, 'class="checklist"')

    for person in (mentor, mentee):
        agreement_sign(actor=person.user, pair=pair)
    for step in ChecklistStep:
        if step not in (ChecklistStep.SIGN, ChecklistStep.TRAINING):
            checklist_tick(actor=mentor.user, pair=pair, step=step, done=True)
    pair.status = PairStatus.ACTIVE
    pair.save()
    started = mentee_client.get(_url(pair)).content.decode()

    assert _folded(started, 'class="panel agreement-text"')
    assert "Read the agreement" in started
    assert _folded(started, 'class="checklist"')
    assert "All 5 steps done: show them" in started

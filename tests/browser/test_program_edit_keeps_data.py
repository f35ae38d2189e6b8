"""Editing a program in the browser keeps what was not touched: its dates and signatures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from playwright.sync_api import Page, expect

from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.programs.plan import ProgramPlan
from remento.programs.services import program_create
from remento.relationships.models import Pair
from remento.relationships.selectors import pair_launch_state
from remento.relationships.services import agreement_sign
from tests.relationships.builders import fill_terms, make_pair

PLAN = ProgramPlan(
    name="Digital leaders",
    goal="Every director is fluent in the tools their teams use.",
    start_date=date(2027, 1, 11),
    end_date=date(2027, 6, 30),
)


def _draft(coordinator: Employee) -> Program:
    return program_create(actor=coordinator.user, organization=coordinator.organization, plan=PLAN)


def test_renaming_a_draft_keeps_its_dates(
    sign_in: Callable[[Employee], Page], site: str, coordinator: Employee
) -> None:
    program = _draft(coordinator)
    page = sign_in(coordinator)
    page.goto(f"{site}/programs/{program.pk}/edit/")

    expect(page.get_by_label("Start date")).to_have_value("2027-01-11")
    expect(page.get_by_label("End date")).to_have_value("2027-06-30")
    page.get_by_label("Name:", exact=True).fill("Digital leaders, spring")
    page.get_by_role("button", name="Save the plan").click()

    expect(page.get_by_text("The program plan is saved.")).to_be_visible()
    program.refresh_from_db()
    assert program.name == "Digital leaders, spring"
    assert (program.start_date, program.end_date) == (date(2027, 1, 11), date(2027, 6, 30))


def test_renaming_an_active_program_keeps_its_dates_and_signatures(
    sign_in: Callable[[Employee], Page],
    site: str,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
) -> None:
    program = _draft(coordinator)
    Program.objects.filter(pk=program.pk).update(status=Status.ACTIVE)
    pair = make_pair(program, mentor, mentee)
    fill_terms(pair)
    for person in (mentor, mentee):
        agreement_sign(actor=person.user, pair=pair)
    page = sign_in(coordinator)
    page.goto(f"{site}/programs/{program.pk}/edit/")

    expect(page.get_by_label("Start date")).to_have_value("2027-01-11")
    page.get_by_label("Name").fill("Digital leaders, renamed")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("The program is saved.")).to_be_visible()
    program.refresh_from_db()
    assert (program.name, program.start_date, program.end_date) == (
        "Digital leaders, renamed",
        date(2027, 1, 11),
        date(2027, 6, 30),
    )
    assert pair_launch_state(pair=Pair.objects.get(pk=pair.pk)).both_signed


def test_changing_the_agreement_of_a_signed_program_asks_first(
    sign_in: Callable[[Employee], Page],
    site: str,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
) -> None:
    program = _draft(coordinator)
    Program.objects.filter(pk=program.pk).update(status=Status.MATCHING)
    pair = make_pair(program, mentor, mentee)
    fill_terms(pair)
    for person in (mentor, mentee):
        agreement_sign(actor=person.user, pair=pair)
    page = sign_in(coordinator)
    page.goto(f"{site}/programs/{program.pk}/edit/")

    expect(page.locator("#agreement-signers")).to_contain_text("2 people have signed")
    page.get_by_label("Mentoring agreement").fill("Our new terms.")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#id_agreement_text_error")).to_contain_text("asks 2 people")
    program.refresh_from_db()
    assert program.agreement_text != "Our new terms."

    page.get_by_label("Ask them to sign again").check()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("are asked to sign it again")).to_be_visible()
    program.refresh_from_db()
    assert program.agreement_text == "Our new terms."
    assert not pair_launch_state(pair=Pair.objects.get(pk=pair.pk)).both_signed

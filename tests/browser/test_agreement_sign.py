from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.people.models import Employee
from remento.relationships.models import Pair, PairStatus
from tests.relationships.builders import complete, make_module, make_pair, make_program


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_both_sign_the_agreement_and_the_pair_starts_once_training_is_complete(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
) -> None:
    program = make_program(organization)
    pair = make_pair(program, mentor, mentee)
    module = make_module(program, "Giving and receiving feedback")
    complete(module, mentor)
    pair_url = f"{site}/pairs/{pair.pk}/"

    # The mentor finds the pair, fills in the terms with the mentee, and signs.
    page = sign_in(mentor)
    page.get_by_role("link", name="My pairs").click()
    page.get_by_role("link", name=program.name).click()
    start = page.get_by_role("region", name="Starting the pair")
    expect(start).to_contain_text("Maya Junior has not signed the agreement.")
    expect(start).to_contain_text("Martin Senior has not completed: Giving and receiving feedback.")
    page.get_by_role("link", name="Fill in our terms").click()
    page.get_by_label("Our goals").fill("Martin posts on the company network every week.")
    page.get_by_label("Days between our meetings").fill("14")
    page.get_by_label("We keep what is said in our meetings between us.").check()
    page.get_by_role("button", name="Save our terms").click()
    expect(page.get_by_role("status")).to_contain_text("terms are saved")
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_role("status")).to_contain_text("You have signed the agreement.")
    signatures = page.locator(".signatures")
    expect(signatures).to_contain_text("Maya Junior: Signed")
    expect(signatures).to_contain_text("Martin Senior: Not signed yet")
    expect(page.get_by_role("button", name="Sign the agreement")).to_have_count(0)
    _sign_out(page)

    # The mentee signs; the page still names the training the mentee is missing.
    sign_in(mentee)
    page.goto(pair_url)
    expect(page.locator(".agreement-text")).to_contain_text("every week")
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.locator(".signatures")).to_contain_text("Martin Senior: Signed")
    start = page.get_by_role("region", name="Starting the pair")
    expect(start).not_to_contain_text("has not signed")
    expect(start).to_contain_text("Martin Senior has not completed: Giving and receiving feedback.")
    expect(page.get_by_role("button", name="Start the pair")).to_have_count(0)

    # Training done, the pair can start.
    page.get_by_role("link", name="Go to my training").click()
    page.get_by_role("link", name="Giving and receiving feedback").click()
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.get_by_role("status").first).to_contain_text("You have completed")
    page.goto(pair_url)
    expect(page.get_by_role("region", name="Starting the pair")).to_contain_text(
        "Everything is ready"
    )
    page.get_by_role("button", name="Start the pair").click()
    expect(page.get_by_role("status")).to_contain_text("The pair has started.")
    expect(page.locator(".lead")).to_contain_text("Active")
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE
    assert pair.signatures.count() == 2


def test_a_participant_of_another_pair_is_told_the_page_does_not_exist(
    site: str,
    sign_in: Callable[[Employee], Page],
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
    coordinator: Employee,
) -> None:
    program = make_program(organization)
    pair = make_pair(program, mentor, coordinator)
    page = sign_in(mentee)
    response = page.goto(f"{site}/pairs/{pair.pk}/")
    assert response is not None
    assert response.status == 404
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.LAUNCHING

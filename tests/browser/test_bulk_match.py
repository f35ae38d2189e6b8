"""A coordinator runs bulk matching, swaps two pairs by hand, and publishes, in Chromium."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from remento.core.models import Organization
from remento.matching.models import MatchRun
from remento.people.models import Employee
from remento.relationships.models import Pair, PairSource
from tests.matching.helpers import make_program, small_pool


def test_coordinator_runs_matching_swaps_two_pairs_and_publishes_once(
    sign_in: Callable[[Employee], Page],
    site: str,
    organization: Organization,
    coordinator: Employee,
) -> None:
    program = make_program(organization)
    people = small_pool(program)
    page = sign_in(coordinator)

    page.goto(f"{site}/matching/{program.pk}/bulk/")
    page.get_by_role("button", name="Run matching").click()
    expect(page.get_by_text("Matching ran: 3 pairs proposed")).to_be_visible()
    expect(page.get_by_role("table", name="Score distribution")).to_be_visible()

    run = MatchRun.objects.get()
    row = run.proposals.get(mentee=people["x1"])
    score = page.locator(f"#proposal-{row.pk} [data-testid=score]")
    before = float(score.inner_text().split()[0])

    # The row's swap control loads its candidates when opened (htmx), each with the change.
    page.locator(f"#proposal-{row.pk}").get_by_text("Swap mentor").click()
    page.get_by_role("button", name="Swap Ada1 Mentor with Ada2 Mentor").click()

    expect(page.get_by_text("Swapped.")).to_be_visible()
    after = float(score.inner_text().split()[0])
    assert after < before  # Ada2 teaches nothing Xavier1 wants
    expect(page.locator(f"#proposal-{row.pk}")).to_contain_text("Ada2 Mentor")

    page.get_by_role("button", name="Publish all 3 pairs").click()
    expect(page.get_by_text("Published 3 pairs")).to_be_visible()
    expect(page.get_by_role("button", name="Publish all 3 pairs")).to_have_count(0)

    pairs = {(p.mentor_id, p.mentee_id) for p in Pair.objects.filter(program=program)}
    assert pairs == {
        (people["a2"].pk, people["x1"].pk),
        (people["a1"].pk, people["x2"].pk),
        (people["a3"].pk, people["x3"].pk),
    }
    assert set(Pair.objects.values_list("source", flat=True)) == {PairSource.BULK}

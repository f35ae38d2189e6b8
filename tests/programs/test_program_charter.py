"""The charter: a printable page and a PDF with the whole plan."""

from __future__ import annotations

from django.urls import reverse

from remento.programs.charter import matching_rules_in_words
from tests.pdf_structure import is_tagged


def test_charter_pdf_is_an_attachment_named_after_the_program(coordinator_client, ready_draft):
    response = coordinator_client.get(reverse("programs:charter_pdf", args=[ready_draft.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="digital-leaders-charter.pdf"'
    assert response.content.startswith(b"%PDF")


def test_charter_page_holds_objective_kpis_design_rules_and_agreement(
    coordinator_client, ready_draft
):
    page = coordinator_client.get(reverse("programs:charter", args=[ready_draft.pk]))
    text = page.content.decode()

    for expected in [
        "Every director is fluent in the tools their teams use.",
        "Fortnightly sessions on one tool at a time.",
        "Directors use three new tools weekly.",
        "Meetings per pair",
        "Share of pairs that complete (%)",
        "11 January 2027 to 30 June 2027",
        "A mentor always sits at least 3 levels below their mentee.",
        "Every 2 weeks, 45 minutes each",
        "Confidentiality",
    ]:
        assert expected in text, expected


def test_rules_in_words_follow_the_settings(ready_draft):
    ready_draft.reporting_line_depth = 2
    ready_draft.same_department = "forbid"
    ready_draft.max_timezone_diff_hours = 3
    ready_draft.mentor_capacity = 2
    ready_draft.matching_mode = "choice"
    ready_draft.weights = {**ready_draft.weights, "diversity": 0}

    rules = matching_rules_in_words(ready_draft)

    assert "up to 2 steps above or below them" in rules[2]
    assert rules[3] == "Mentor and mentee always come from different departments."
    assert rules[4] == "Mentor and mentee work at most 3 hours apart."
    assert rules[5] == "Each mentor takes up to 2 mentees at a time."
    assert "a mentor has 7 days to answer a request" in rules[6]
    assert rules[7].startswith(
        "What counts, most first: skills the mentee wants that the mentor can teach (5)"
    )
    assert rules[7].endswith("Not counted: different backgrounds (consented data only).")


def test_rules_in_words_say_one_in_the_singular(ready_draft):
    ready_draft.min_level_gap = 1
    ready_draft.reporting_line_depth = 1
    ready_draft.max_timezone_diff_hours = 1
    ready_draft.request_expiry_days = 1
    ready_draft.matching_mode = "choice"

    rules = " ".join(matching_rules_in_words(ready_draft))

    assert "at least 1 level below their mentee" in rules
    assert "up to 1 step above or below them" in rules
    assert "at most 1 hour apart" in rules
    assert "a mentor has 1 day to answer a request" in rules
    assert "(s)" not in rules


def test_the_charter_pdf_is_tagged_for_screen_readers(coordinator_client, ready_draft):
    response = coordinator_client.get(reverse("programs:charter_pdf", args=[ready_draft.pk]))

    assert is_tagged(response.content)

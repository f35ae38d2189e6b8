"""The confirmation after inviting people reads right for one person and for several."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from remento.enrollment.views.coordinator import invited_message
from remento.programs.models import Program


def test_one_person_is_told_of_in_the_singular() -> None:
    assert invited_message(["Ava Green"]) == (
        "Invited Ava Green, who will be emailed a link to accept."
    )


def test_several_people_are_listed_with_and() -> None:
    assert invited_message(["Ava Green", "Ben Hill"]) == (
        "Invited Ava Green and Ben Hill; each will be emailed a link to accept."
    )
    assert invited_message(["Ava Green", "Ben Hill", "Cara Diaz"]) == (
        "Invited Ava Green, Ben Hill and Cara Diaz; each will be emailed a link to accept."
    )


def test_the_nominate_page_confirms_one_invitation_in_the_singular(
    coordinator_client: Client, program: Program, mentee
) -> None:
    response = coordinator_client.post(
        reverse("enrollment:nominate", args=[program.pk]),
        {"role": "mentee", "employees": [mentee.pk], "note": ""},
        follow=True,
    )

    text = response.content.decode()
    assert f"Invited {mentee.display_name}, who will be emailed a link to accept." in text
    assert "each will be emailed" not in text

"""The apps above programs register what programs asks of them (programs imports none).

If an app stops registering, its counts, guards or close-down would silently vanish from
the program pages and services: these tests name what each app must register.
"""

from __future__ import annotations

from django.dispatch import Signal

from remento.enrollment import hooks as enrollment_hooks
from remento.programs import hooks
from remento.programs.lifecycle import _guards
from remento.programs.models import Status
from remento.training import hooks as training_hooks


def dispatch_uids(signal: Signal) -> set[str]:
    return {entry[0][0] for entry in signal.receivers}


def test_the_program_counts_come_from_enrolment_and_pairs() -> None:
    assert set(hooks.program_counts()) == {"mentors_enrolled", "mentees_enrolled", "pairs_open"}


def test_each_lifecycle_step_has_its_guards_registered() -> None:
    assert set(_guards[Status.DRAFT]) == {"plan"}
    assert set(_guards[Status.RECRUITING]) == {"enrollment"}
    assert set(_guards[Status.MATCHING]) == {"pairs"}


def test_closing_a_program_reaches_pairs_and_mentor_requests() -> None:
    assert dispatch_uids(hooks.program_closing) == {
        "pairs_program_closing",
        "matching.program_closing",
    }


def test_the_participant_page_and_access_gather_every_app() -> None:
    assert set(hooks._about_sources) == {"enrollment", "pairs", "training"}
    assert set(hooks._participant_rules) == {"enrollment", "pairs"}
    assert set(hooks._signers) == {"pairs"}


def test_enrolment_and_training_learn_about_pairs_from_the_pairs_app() -> None:
    assert enrollment_hooks._open_pairs
    assert set(training_hooks._participant_ids) == {"pairs"}
    assert dispatch_uids(enrollment_hooks.participant_withdrawn) == {
        "matching.participant_withdrawn"
    }

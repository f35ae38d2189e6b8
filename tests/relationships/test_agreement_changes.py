"""A signature covers what people agreed to: renaming a program keeps it; a new general
text asks the signers to sign again, after a warning, and tells them by email."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from remento.core.models import AuditEvent
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.programs.plan import ProgramPlan
from remento.programs.services import program_update
from remento.relationships.agreement import agreement_document, text_hash
from remento.relationships.agreement_changes import signers_asked_again
from remento.relationships.models import AgreementSignature, Pair
from remento.relationships.selectors import pair_launch_state, terms_of
from remento.relationships.services import agreement_sign
from tests.relationships.builders import fill_terms


@pytest.fixture(autouse=True)
def _emails_at_once(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def signed(pair: Pair, mentor: Employee, mentee: Employee) -> Pair:
    fill_terms(pair)
    agreement_sign(actor=mentor.user, pair=pair)
    agreement_sign(actor=mentee.user, pair=pair)
    return Pair.objects.get(pk=pair.pk)


def test_renaming_an_active_program_keeps_every_signature(
    signed: Pair, program: Program, coordinator: Employee
) -> None:
    plan = ProgramPlan.from_program(program)

    program_update(actor=coordinator.user, program=program, plan=replace(plan, name="Renamed"))

    state = pair_launch_state(pair=Pair.objects.get(pk=signed.pk))
    assert state.both_signed
    assert not any("earlier version" in blocker for blocker in state.blockers)


def test_the_signed_text_holds_the_terms_and_not_the_programs_name(
    signed: Pair, program: Program
) -> None:
    signature = AgreementSignature.objects.filter(pair=signed).first()
    assert signature is not None
    assert program.name not in signature.text
    assert program.agreement_text in signature.text
    assert signature.text_sha256 == text_hash(signature.text)


def test_a_signature_made_when_the_name_was_in_the_title_survives_a_rename(
    pair: Pair, program: Program, mentor: Employee, coordinator: Employee
) -> None:
    fill_terms(pair)
    document = agreement_document(pair=pair, terms=terms_of(pair))
    legacy = document.replace("Mentoring agreement", f"Mentoring agreement — {program.name}", 1)
    AgreementSignature.objects.create(
        pair=pair, employee=mentor, text=legacy, text_sha256=text_hash(legacy)
    )

    program_update(
        actor=coordinator.user,
        program=program,
        plan=replace(ProgramPlan.from_program(program), name="Renamed"),
    )

    state = pair_launch_state(pair=Pair.objects.get(pk=pair.pk))
    mentor_state = state.signature_of(mentor)
    assert mentor_state is not None
    assert mentor_state.current
    # Signing again finds that signature instead of making a second one.
    agreement_sign(actor=mentor.user, pair=pair)
    assert AgreementSignature.objects.filter(pair=pair, employee=mentor).count() == 1


def test_a_tampered_copy_never_counts(pair: Pair, mentor: Employee) -> None:
    fill_terms(pair)
    document = agreement_document(pair=pair, terms=terms_of(pair))
    forged = document.replace("Mentoring agreement", "Mentoring agreement — X", 1)
    AgreementSignature.objects.create(
        pair=pair, employee=mentor, text=forged, text_sha256=text_hash("something else")
    )

    mentor_state = pair_launch_state(pair=pair).signature_of(mentor)
    assert mentor_state is not None
    assert not mentor_state.current


def test_a_new_general_text_asks_both_to_sign_again_and_emails_them(
    signed: Pair,
    program: Program,
    coordinator: Employee,
    mentor: Employee,
    mentee: Employee,
    django_capture_on_commit_callbacks,
) -> None:
    program.status = Status.MATCHING
    program.save(update_fields=["status"])
    mail.outbox.clear()
    plan = ProgramPlan.from_program(program)

    with django_capture_on_commit_callbacks(execute=True):
        program_update(
            actor=coordinator.user,
            program=program,
            plan=replace(plan, agreement_text="New terms for everyone."),
        )

    state = pair_launch_state(pair=Pair.objects.get(pk=signed.pk))
    assert not state.both_signed
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, mentee.email])
    assert "sign it again" in mail.outbox[0].subject
    event = AuditEvent.objects.get(verb="program.update")
    assert sorted(event.data["asked_to_sign_again"]) == sorted([mentor.pk, mentee.pk])


def test_the_edit_form_warns_how_many_will_sign_again_and_asks_to_confirm(
    signed: Pair, program: Program, coordinator_client: Client
) -> None:
    program.status = Status.MATCHING
    program.save(update_fields=["status"])
    url = reverse("programs:edit", args=[program.pk])

    page = coordinator_client.get(url).content.decode()
    assert "2 people have signed this agreement" in page

    data = _form_data(coordinator_client.get(url))
    data["agreement_text"] = "New terms for everyone."
    first = coordinator_client.post(url, data)
    assert first.status_code == 200
    assert "asks 2 people who signed the agreement to sign it again" in first.content.decode()
    program.refresh_from_db()
    assert program.agreement_text != "New terms for everyone."

    data["confirm_resign"] = "1"
    second = coordinator_client.post(url, data, follow=True)
    program.refresh_from_db()
    assert program.agreement_text == "New terms for everyone."
    assert "2 people who had signed the agreement are asked to sign it again" in (
        second.content.decode()
    )


def test_renaming_on_the_edit_form_asks_nobody(
    signed: Pair, program: Program, coordinator_client: Client
) -> None:
    program.status = Status.MATCHING
    program.save(update_fields=["status"])
    url = reverse("programs:edit", args=[program.pk])
    data = _form_data(coordinator_client.get(url))
    data["name"] = "A better name"

    response = coordinator_client.post(url, data)

    assert response.status_code == 302
    assert signers_asked_again(program=Program.objects.get(pk=program.pk))  # still signed


def _form_data(response) -> dict[str, object]:
    """The values the edit form shows, as a browser would post them back."""
    data: dict[str, object] = {}
    for form in response.context["sections"].all:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            data[name] = value
    return data

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from remento.core.errors import FieldErrors, ServiceError
from remento.people.models import Employee
from remento.programs.models import Program, Status
from remento.relationships.models import AgreementSignature, Pair, PairAgreement
from remento.relationships.selectors import pair_launch_state
from remento.relationships.services import (
    agreement_sign,
    pair_agreement_update,
)
from tests.relationships.builders import AGREEMENT_TEXT, fill_terms


def test_signing_keeps_a_copy_of_the_program_text_and_the_pairs_terms(
    pair: Pair, mentor: Employee
) -> None:
    fill_terms(pair, goals="Martin posts weekly.")
    signature = agreement_sign(actor=mentor.user, pair=pair)
    assert AGREEMENT_TEXT in signature.text
    assert "Martin posts weekly." in signature.text
    assert "We meet every 2 weeks" in signature.text
    assert len(signature.text_sha256) == 64


def test_later_edits_to_the_program_text_do_not_change_what_was_signed(
    pair: Pair, program: Program, mentor: Employee
) -> None:
    fill_terms(pair)
    signature = agreement_sign(actor=mentor.user, pair=pair)
    signed_text = signature.text
    program.agreement_text = "Completely different terms."
    program.save()

    signature.refresh_from_db()
    assert signature.text == signed_text
    state = pair_launch_state(pair=Pair.objects.get(pk=pair.pk))
    mentor_state = state.signature_of(mentor)
    assert mentor_state is not None
    assert mentor_state.signature == signature
    assert not mentor_state.current
    assert "Maya Junior signed an earlier version of the agreement" in " ".join(state.blockers)


def test_signing_twice_returns_the_first_signature(pair: Pair, mentor: Employee) -> None:
    fill_terms(pair)
    first = agreement_sign(actor=mentor.user, pair=pair)
    second = agreement_sign(actor=mentor.user, pair=pair)
    assert second.pk == first.pk
    assert second.signed_at == first.signed_at
    assert AgreementSignature.objects.filter(pair=pair).count() == 1


def test_signing_needs_the_pairs_own_terms_and_says_which_are_missing(
    pair: Pair, mentor: Employee
) -> None:
    with pytest.raises(ServiceError, match="your goals, how often you meet, the confidentiality"):
        agreement_sign(actor=mentor.user, pair=pair)
    assert not AgreementSignature.objects.exists()


def test_changing_the_terms_after_signing_asks_both_to_sign_again(
    pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    fill_terms(pair)
    agreement_sign(actor=mentor.user, pair=pair)
    agreement_sign(actor=mentee.user, pair=pair)
    assert pair_launch_state(pair=pair).both_signed

    pair_agreement_update(
        actor=mentee.user, pair=pair, goals="New goals.", cadence_days=7, confidentiality=True
    )
    state = pair_launch_state(pair=Pair.objects.get(pk=pair.pk))
    assert not state.both_signed
    assert AgreementSignature.objects.filter(pair=pair).count() == 2


def test_only_the_two_people_of_the_pair_may_sign(
    pair: Pair, coordinator: Employee, stranger: Employee
) -> None:
    fill_terms(pair)
    for outsider in (coordinator, stranger):
        with pytest.raises(PermissionDenied):
            agreement_sign(actor=outsider.user, pair=pair)
    assert not AgreementSignature.objects.exists()


def test_bad_cadence_is_refused_naming_the_field_and_nothing_is_saved(
    pair: Pair, mentor: Employee
) -> None:
    with pytest.raises(FieldErrors) as raised:
        pair_agreement_update(
            actor=mentor.user, pair=pair, goals="Goals", cadence_days=400, confidentiality=True
        )
    assert "cadence_days" in raised.value.errors
    assert not PairAgreement.objects.filter(pair=pair).exists()


def test_nothing_is_filled_in_or_signed_once_the_program_is_closed(
    pair: Pair, program: Program, mentor: Employee
) -> None:
    fill_terms(pair)
    Program.objects.filter(pk=program.pk).update(status=Status.CLOSED)

    with pytest.raises(ServiceError, match="is closed; agreements can be signed only while"):
        agreement_sign(actor=mentor.user, pair=pair)
    with pytest.raises(ServiceError, match="is closed; a pair's agreement can be filled in"):
        pair_agreement_update(
            actor=mentor.user, pair=pair, goals="New", cadence_days=7, confidentiality=True
        )
    assert not AgreementSignature.objects.exists()
    assert PairAgreement.objects.get(pair=pair).goals != "New"

"""What a change to a program's agreement does to the signatures already given.

A pair's signatures cover the program's general terms, its meeting length and the pair's
own terms. Before a coordinator saves a new general text (or meeting length), these tell who
has signed the agreement as it reads now and would have to sign again; after the save, each
of them is emailed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from remento.core.notifications import notify
from remento.people.models import Employee
from remento.programs.models import Program
from remento.relationships.agreement import agreement_text_for, signature_covers
from remento.relationships.models import AgreementSignature, Pair, PairStatus
from remento.relationships.selectors import terms_of


@dataclass(frozen=True)
class Signer:
    """One person whose signature covers their pair's agreement as it reads now."""

    employee: Employee
    pair: Pair


def _launching_pairs(program: Program) -> list[Pair]:
    return list(
        Pair.objects.filter(program=program, status=PairStatus.LAUNCHING)
        .select_related("mentor", "mentee", "agreement", "program")
        .prefetch_related(
            Prefetch("signatures", queryset=AgreementSignature.objects.order_by("signed_at"))
        )
        .order_by("pk")
    )


def _covers(pair: Pair, person: Employee, text: str) -> bool:
    return any(
        signature_covers(signature, text)
        for signature in pair.signatures.all()
        if signature.employee_id == person.pk
    )


def signers_asked_again(
    *,
    program: Program,
    agreement_text: str | None = None,
    meeting_length_minutes: int | None = None,
) -> list[Signer]:
    """Who would have to sign again if ``program`` took this general text and meeting
    length: people of its launching pairs whose signature covers their agreement now and
    would not then. Without a new text, everyone whose signature covers it now (the people
    any change of the text would ask to sign again)."""
    found: list[Signer] = []
    for pair in _launching_pairs(program):
        terms = terms_of(pair)
        now = agreement_text_for(
            general_text=program.agreement_text,
            meeting_length_minutes=program.meeting_length_minutes,
            terms=terms,
        )
        then = (
            None
            if agreement_text is None
            else agreement_text_for(
                general_text=agreement_text,
                meeting_length_minutes=meeting_length_minutes or program.meeting_length_minutes,
                terms=terms,
            )
        )
        for person in (pair.mentor, pair.mentee):
            if _covers(pair, person, now) and (then is None or not _covers(pair, person, then)):
                found.append(Signer(employee=person, pair=pair))
    return found


def signers_notify(*, program: Program, signers: list[Signer]) -> None:
    """Email each of ``signers`` that the agreement changed and they must sign again
    (after the commit, through the notifications queue)."""
    for signer in signers:
        notify(
            to=signer.employee,
            template="relationships/email/agreement_changed",
            context={"program": program, "pair": signer.pair},
        )

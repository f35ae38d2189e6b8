"""The agreement a pair signs: the program's text with the pair's own terms under it.

The document is built the same way for display and for signing, and a signature keeps a
copy and the SHA-256 of exactly this text, so whether a signature covers the agreement as it
reads now is a comparison of two hashes. The document holds only what people agree to (the
program's general terms, the meeting length, the pair's own terms), never the program's
name: a cosmetic change must not void anyone's signature.
"""

from __future__ import annotations

import hashlib

from remento.core.words import cadence_in_words
from remento.relationships.models import AgreementSignature, Pair, PairAgreement

TITLE = "Mentoring agreement"
CONFIDENTIALITY_PLEDGE = "We keep what is said in our meetings between us."


def agreement_document(*, pair: Pair, terms: PairAgreement | None) -> str:
    """The full text both people sign: the program's agreement, then the pair's terms."""
    program = pair.program
    return agreement_text_for(
        general_text=program.agreement_text,
        meeting_length_minutes=program.meeting_length_minutes,
        terms=terms,
    )


def agreement_text_for(
    *, general_text: str, meeting_length_minutes: int, terms: PairAgreement | None
) -> str:
    """The signed text from its parts: what people agree to, and nothing cosmetic.

    The program's name is not in it, so renaming a program leaves every signature valid."""
    general = general_text.strip() or "The program has no general terms."
    goals = terms.goals.strip() if terms is not None and terms.goals.strip() else "(not agreed yet)"
    if terms is not None and terms.cadence_days:
        cadence = (
            f"We meet {cadence_in_words(terms.cadence_days)}, "
            f"for about {meeting_length_minutes} minutes."
        )
    else:
        cadence = "(not agreed yet)"
    pledge = (
        CONFIDENTIALITY_PLEDGE
        if terms is not None and terms.confidentiality
        else "(not acknowledged yet)"
    )
    return (
        f"{TITLE}\n\n"
        f"{general}\n\n"
        "Our own terms\n\n"
        f"Our goals:\n{goals}\n\n"
        f"Meeting cadence: {cadence}\n\n"
        f"Confidentiality: {pledge}\n"
    )


def _terms_part(text: str) -> str:
    """What a signed text commits to: everything under its title line.

    Signatures made before the name left the text have the title "Mentoring agreement —
    <program name>"; comparing under the title keeps them valid after a rename."""
    title, _, rest = text.partition("\n")
    return rest if title.startswith(TITLE) else text


def signature_covers(signature: AgreementSignature, document: str) -> bool:
    """Whether ``signature`` covers ``document``: the same text, or (for a signature made
    while the title carried the program's name) the same terms under the title. The stored
    hash must still match the stored text, so an altered copy never counts."""
    if signature.text_sha256 == text_hash(document):
        return True
    return text_hash(signature.text) == signature.text_sha256 and _terms_part(
        signature.text
    ) == _terms_part(document)


def text_hash(text: str) -> str:
    """The SHA-256 of ``text`` as UTF-8, in hex: what a signature stores."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

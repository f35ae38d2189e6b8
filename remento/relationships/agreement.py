"""The agreement a pair signs: the program's text with the pair's own terms under it.

The document is built the same way for display and for signing, and a signature keeps a
copy and the SHA-256 of exactly this text, so whether a signature covers the agreement as it
reads now is a comparison of two hashes.
"""

from __future__ import annotations

import hashlib

from remento.relationships.models import Pair, PairAgreement

CONFIDENTIALITY_PLEDGE = "We keep what is said in our meetings between us."


def cadence_words(days: int) -> str:
    """“every week”, “every 2 weeks”, “every 10 days”."""
    if days == 1:
        return "every day"
    if days == 7:
        return "every week"
    if days % 7 == 0:
        return f"every {days // 7} weeks"
    return f"every {days} days"


def agreement_document(*, pair: Pair, terms: PairAgreement | None) -> str:
    """The full text both people sign: the program's agreement, then the pair's terms."""
    program = pair.program
    general = program.agreement_text.strip() or "The program has no general terms."
    goals = terms.goals.strip() if terms is not None and terms.goals.strip() else "(not agreed yet)"
    if terms is not None and terms.cadence_days:
        cadence = (
            f"We meet {cadence_words(terms.cadence_days)}, "
            f"for about {program.meeting_length_minutes} minutes."
        )
    else:
        cadence = "(not agreed yet)"
    pledge = (
        CONFIDENTIALITY_PLEDGE
        if terms is not None and terms.confidentiality
        else "(not acknowledged yet)"
    )
    return (
        f"Mentoring agreement — {program.name}\n\n"
        f"{general}\n\n"
        "Our own terms\n\n"
        f"Our goals:\n{goals}\n\n"
        f"Meeting cadence: {cadence}\n\n"
        f"Confidentiality: {pledge}\n"
    )


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

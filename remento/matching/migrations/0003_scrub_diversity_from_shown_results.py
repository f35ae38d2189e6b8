"""Remove the diversity criterion from scores and reasons stored before it was hidden.

Proposals, requests and pairs kept a reason such as "Different backgrounds on 1 of 2
attributes both shared" and, for proposals, a score and contributions that counted the
criterion. What people read must not depend on sensitive attributes: drop those reasons and
that contribution, and take it out of the proposals' scores (contributions add up to it).
"""

from typing import Any

from django.db import migrations

BACKGROUND_REASON = "Different backgrounds on "


def _without_background(reasons: Any) -> tuple[list[Any], bool]:
    if not isinstance(reasons, list):
        return reasons, False
    kept = [r for r in reasons if not (isinstance(r, str) and r.startswith(BACKGROUND_REASON))]
    return kept, len(kept) != len(reasons)


def scrub(apps: Any, schema_editor: Any) -> None:
    ProposedPair = apps.get_model("matching", "ProposedPair")
    for proposal in ProposedPair.objects.all().iterator(chunk_size=500):
        reasons, changed = _without_background(proposal.reasons)
        contributions = proposal.contributions
        if isinstance(contributions, dict) and "diversity" in contributions:
            proposal.score = round(proposal.score - float(contributions.pop("diversity")), 4)
            changed = True
        if changed:
            proposal.reasons = reasons
            proposal.contributions = contributions
            proposal.save(update_fields=["score", "contributions", "reasons"])
    for model in (
        apps.get_model("matching", "MentorRequest"),
        apps.get_model("relationships", "Pair"),
    ):
        for row in model.objects.exclude(reasons=[]).iterator(chunk_size=500):
            reasons, changed = _without_background(row.reasons)
            if changed:
                row.reasons = reasons
                row.save(update_fields=["reasons"])


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_mentor_request_cancelled"),
        ("relationships", "0002_agreement_signatures_checklist"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]

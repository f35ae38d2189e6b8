"""Plain-words explanations: why a pair scores what it scores, and what to watch.

Each reason belongs to one criterion and carries that criterion's contribution; reasons are
given only for criteria that contribute something known about the pair, best first, and the
contributions add up to the pair's score. A criterion that scores only its neutral value
because something is unknown (personality, generation, department, time zone, diversity
not shared by both) is never a reason. Diversity reasons never name an attribute's value.
"""

from __future__ import annotations

from .categories import category_key, tidy_category
from .constraints import ineligible_because
from .model import CRITERIA, Explanation, Person, Reason, Settings, Taxonomy
from .scoring import (
    contributions,
    directed_skills,
    generation_score,
    level_gap_score,
    offset_diff,
    skill_credit,
    utc_offset,
)

STRONG_INTROVERT = 1.5
STRONG_EXTRAVERT = 4.5
SHORT_OVERLAP_HOURS = 2.0


def _hours(hours: float) -> str:
    """“1 working hour”, “2.5 working hours”, “0 working hours”."""
    return f"{hours:g} working hour{'' if hours == 1 else 's'}"


def _names(skills: list[str], taxonomy: Taxonomy) -> str:
    return ", ".join(taxonomy.name(s) for s in skills)


def _wanted(learner: Person, taxonomy: Taxonomy) -> list[str]:
    return sorted(learner.wants, key=lambda s: (-learner.wants[s], taxonomy.name(s), s))


def _teaching(teacher: Person, learner: Person, taxonomy: Taxonomy) -> str:
    wanted = _wanted(learner, taxonomy)
    exact = [s for s in wanted if teacher.teaches.get(s, 0) > 0]
    related = [s for s in wanted if s not in exact and skill_credit(teacher, s, taxonomy) > 0]
    who = learner.display_name
    parts = []
    if exact:
        if len(wanted) == 1:
            parts.append(f"Can teach the skill {who} wants to learn: {_names(exact, taxonomy)}")
        else:
            parts.append(
                f"Can teach {len(exact)} of the {len(wanted)} skills {who} wants to learn: "
                f"{_names(exact, taxonomy)}"
            )
    if related:
        lead = "knows related skills for" if exact else "Knows related skills for"
        parts.append(f"{lead} {_names(related, taxonomy)}")
    return "; ".join(parts)


def _skills_reason(mentor: Person, mentee: Person, taxonomy: Taxonomy, settings: Settings) -> str:
    if settings.program_type != "mutual":
        return _teaching(mentor, mentee, taxonomy)
    forward = _teaching(mentor, mentee, taxonomy) or "nothing wanted"
    backward = _teaching(mentee, mentor, taxonomy) or "nothing wanted"
    return (
        f"Each can teach the other. {mentor.display_name}: {forward}. "
        f"{mentee.display_name}: {backward}"
    )


def _reason_text(
    criterion: str, mentor: Person, mentee: Person, taxonomy: Taxonomy, settings: Settings
) -> str:
    """The reason in words, or "" when the criterion's contribution rests on something
    unknown (a neutral score), which is no reason to pair them."""
    at = settings.timezone_reference
    if criterion == "skills":
        return _skills_reason(mentor, mentee, taxonomy, settings)
    if criterion == "interests":
        shared = sorted(mentor.interests & mentee.interests)
        noun = "interest" if len(shared) == 1 else "interests"
        return f"Share {len(shared)} {noun}: {', '.join(shared)}"
    if criterion == "personality":
        if mentor.extraversion is None or mentee.extraversion is None:
            return ""
        if (mentor.extraversion - 3) * (mentee.extraversion - 3) < 0:
            return "Complementary personalities: one more outgoing, one more reserved"
        return "Compatible personalities: neither pair of extremes"
    if criterion == "gap":
        parts = []
        delta = abs(mentor.level - mentee.level)
        if level_gap_score(mentor.level, mentee.level, settings) > 0:
            parts.append(f"{delta} level{'s' if delta != 1 else ''} apart")
        if generation_score(mentor.generation, mentee.generation) == 1.0:
            parts.append(
                f"different generations ({tidy_category(mentor.generation)} "
                f"and {tidy_category(mentee.generation)})"
            )
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]
    if criterion == "department":
        if category_key(mentor.department) is None or category_key(mentee.department) is None:
            return ""
        if settings.same_department == "prefer":
            return f"Same department ({tidy_category(mentor.department)})"
        return (
            f"Different departments ({tidy_category(mentor.department)} "
            f"and {tidy_category(mentee.department)}): "
            "a view across the organisation"
        )
    if criterion == "timezone":
        a, b = utc_offset(mentor.timezone, at), utc_offset(mentee.timezone, at)
        if a is None or b is None:
            return ""
        diff = offset_diff(a, b)
        if diff == 0:
            return "Same working hours (same UTC offset)"
        return f"{_hours(max(0.0, 8 - diff)).capitalize()} in common ({diff:g} h apart)"
    shared = [
        a for a in settings.diversity_attributes if a in mentor.diversity and a in mentee.diversity
    ]
    differ = [
        a for a in shared if category_key(mentor.diversity[a]) != category_key(mentee.diversity[a])
    ]
    if not differ:
        return ""
    noun = "attribute" if len(shared) == 1 else "attributes"
    return f"Different backgrounds on {len(differ)} of {len(shared)} {noun} both shared"


def _warnings(mentor: Person, mentee: Person, taxonomy: Taxonomy, settings: Settings) -> list[str]:
    out = []
    e1, e2 = mentor.extraversion, mentee.extraversion
    if e1 is not None and e2 is not None:
        if max(e1, e2) <= STRONG_INTROVERT:
            out.append("both strongly introverted")
        elif min(e1, e2) >= STRONG_EXTRAVERT:
            out.append("both strongly extraverted")
    at = settings.timezone_reference
    a, b = utc_offset(mentor.timezone, at), utc_offset(mentee.timezone, at)
    if a is not None and b is not None and 8 - offset_diff(a, b) <= SHORT_OVERLAP_HOURS:
        out.append(f"only {_hours(max(0.0, 8 - offset_diff(a, b)))} in common")
    if mentee.wants and directed_skills(mentor, mentee, taxonomy) == 0:
        out.append(
            f"{mentor.display_name} cannot teach any skill {mentee.display_name} wants to learn"
        )
    if (
        settings.program_type == "mutual"
        and mentor.wants
        and not directed_skills(mentee, mentor, taxonomy)
    ):
        out.append(
            f"{mentee.display_name} cannot teach any skill {mentor.display_name} wants to learn"
        )
    h1, h2 = mentor.hours_per_month, mentee.hours_per_month
    if h1 and h2 and max(h1, h2) > 2 * min(h1, h2):
        out.append(f"{mentor.display_name} offers {h1:g} h a month, {mentee.display_name} {h2:g} h")
    return out


def explain(
    mentor: Person, mentee: Person, taxonomy: Taxonomy, settings: Settings, top: int = 3
) -> Explanation:
    """Contributions per criterion (adding up to the score), up to ``top`` reasons in plain
    words (best first, only for criteria that contribute something known) and warnings."""
    parts = contributions(mentor, mentee, taxonomy, settings)
    ranked = sorted(
        (c for c in CRITERIA if parts[c] > 1e-12), key=lambda c: (-parts[c], CRITERIA.index(c))
    )
    reasons = []
    for criterion in ranked:
        text = _reason_text(criterion, mentor, mentee, taxonomy, settings)
        if text:
            reasons.append(Reason(criterion, text, parts[criterion]))
        if len(reasons) >= top:
            break
    why_not = ineligible_because(mentor, mentee, settings)
    warnings = _warnings(mentor, mentee, taxonomy, settings)
    if why_not:
        warnings.insert(0, f"not eligible: {why_not}")
    return Explanation(
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        score=sum(parts.values()),
        contributions=parts,
        reasons=tuple(reasons),
        warnings=tuple(warnings),
        eligible=why_not is None,
        ineligible_because=why_not,
    )

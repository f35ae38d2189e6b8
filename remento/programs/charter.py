"""The charter: a program's plan in plain words, as a printable page and a PDF."""

from __future__ import annotations

from django.utils.text import slugify

from remento.core.models import Organization
from remento.core.words import count_of
from remento.programs.models import MatchingMode, Program, ProgramType, SameDepartment
from remento.programs.plan import WEIGHT_LABELS


def levels_in_words(organization: Organization, low: int, high: int) -> str:
    """``levels 1–4 (Entry to Senior professional)`` on the organisation's own ladder."""
    names = organization.level_names

    def name(level: int) -> str:
        return names[level - 1] if 1 <= level <= len(names) else f"level {level}"

    if low == high:
        return f"level {low} ({name(low)})"
    return f"levels {low}–{high} ({name(low)} to {name(high)})"


def _gap_rule(program: Program) -> str:
    gap = program.min_level_gap
    if program.program_type == ProgramType.REVERSE:
        return f"A mentor always sits at least {count_of(gap, 'level')} below their mentee."
    if program.program_type == ProgramType.TRADITIONAL:
        return f"A mentee always sits at least {count_of(gap, 'level')} below their mentor."
    rule = "Both people teach: matching scores what each can teach the other."
    return rule + (f" The two are at least {count_of(gap, 'level')} apart." if gap else "")


def _weights_rule(program: Program) -> str:
    weights = {key: float(program.weights.get(key, 0)) for key in WEIGHT_LABELS}
    counted = sorted(
        (key for key, value in weights.items() if value > 0), key=lambda key: -weights[key]
    )
    parts = [f"{WEIGHT_LABELS[key].lower()} ({weights[key]:g})" for key in counted]
    rule = "What counts, most first: " + "; ".join(parts) + "." if parts else ""
    ignored = [WEIGHT_LABELS[key].lower() for key, value in weights.items() if value == 0]
    if ignored:
        rule += " Not counted: " + "; ".join(ignored) + "."
    return rule.strip() or "Every criterion has weight 0: any allowed pair is as good as another."


def matching_rules_in_words(program: Program) -> list[str]:
    """The program's matching settings as sentences a sponsor can read."""
    organization = program.organization
    rules = [
        f"Mentors are people at "
        f"{levels_in_words(organization, program.mentor_min_level, program.mentor_max_level)}; "
        f"mentees at "
        f"{levels_in_words(organization, program.mentee_min_level, program.mentee_max_level)}.",
        _gap_rule(program),
    ]
    depth = program.reporting_line_depth
    if depth is None:
        rules.append(
            "Nobody is paired with anyone in their reporting line, at any depth: not their "
            "manager, their manager's manager and so on, nor anyone who reports to them."
        )
    else:
        rules.append(
            f"Nobody is paired with anyone up to {count_of(depth, 'step')} above or below them in "
            "their reporting line."
        )
    rules.append(
        {
            SameDepartment.FORBID: "Mentor and mentee always come from different departments.",
            SameDepartment.ALLOW: "Whether both work in the same department plays no part.",
            SameDepartment.PREFER: "Pairs from the same department are preferred.",
        }.get(SameDepartment(program.same_department), "")
    )
    if program.max_timezone_diff_hours is None:
        rules.append("Time zones are not limited.")
    else:
        rules.append(
            "Mentor and mentee work at most "
            f"{count_of(program.max_timezone_diff_hours, 'hour')} apart."
        )
    capacity = program.mentor_capacity
    rules.append(
        "Each mentor takes one mentee at a time."
        if capacity == 1
        else f"Each mentor takes up to {capacity} mentees at a time."
    )
    expiry = f"a mentor has {count_of(program.request_expiry_days, 'day')} to answer a request"
    rules.append(
        {
            MatchingMode.BULK: "The coordinator matches everyone at once, for the best "
            "overall result.",
            MatchingMode.CHOICE: f"Mentees choose from ranked suggestions; {expiry} before "
            "it moves to their next choice.",
            MatchingMode.HYBRID: f"The coordinator matches some pairs; the others choose from "
            f"ranked suggestions, and {expiry}.",
        }.get(MatchingMode(program.matching_mode), "")
    )
    rules.append(_weights_rule(program))
    return [rule for rule in rules if rule]


def charter_filename(program: Program) -> str:
    """``digital-leaders-charter.pdf`` from the program's name."""
    return f"{slugify(program.name) or 'program'}-charter.pdf"

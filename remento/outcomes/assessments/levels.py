"""The 1–5 proficiency scale of the skill assessments: the one source of its words.

Every level has a plain, anchored description of what someone at that level can do, in the
style of the EU's Digital Competence Framework (DigComp 2.2) proficiency levels, which
describe each level by the complexity of the task, how independently it is done and whether
the person can guide others. The forms, the pages, the report and the exports all read
``LEVELS``; nothing else spells a level out.
"""

from __future__ import annotations

from dataclasses import dataclass

from remento.outcomes.assessments.models import LEVEL_MAX, LEVEL_MIN


@dataclass(frozen=True)
class Level:
    """One step of the scale: its number, a short name and what someone there can do."""

    number: int
    name: str
    description: str

    @property
    def label(self) -> str:
        """“3 · Intermediate”: how a rating reads in a table or an export."""
        return f"{self.number} · {self.name}"

    def __str__(self) -> str:
        return f"{self.label} — {self.description}"


LEVELS: tuple[Level, ...] = (
    Level(
        1,
        "Foundation",
        "Can do simple tasks with guidance: follows the steps someone shows them and "
        "knows whom to ask for help.",
    ),
    Level(
        2,
        "Elementary",
        "Can do simple, routine tasks on their own, and needs help when something "
        "unusual comes up.",
    ),
    Level(
        3,
        "Intermediate",
        "Can do well-defined everyday tasks independently and solve straightforward "
        "problems without help.",
    ),
    Level(
        4,
        "Advanced",
        "Can handle varied tasks and non-routine problems, choose the right approach for "
        "the situation, and help others.",
    ),
    Level(
        5,
        "Expert",
        "Can guide others, adapt to complex situations and solve complex problems; "
        "colleagues come to them for advice.",
    ),
)

SCALE_SUMMARY = (
    f"{LEVEL_MIN} ({LEVELS[0].name}) to {LEVEL_MAX} ({LEVELS[-1].name}), each level described "
    "by what someone at that level can do (after the EU DigComp proficiency levels)"
)


def level_of(number: int) -> Level:
    """The level numbered ``number`` (1 to 5); ``ValueError`` for anything else."""
    if not LEVEL_MIN <= number <= LEVEL_MAX:
        raise ValueError(f"A level is a number from {LEVEL_MIN} to {LEVEL_MAX}, not {number}.")
    return LEVELS[number - LEVEL_MIN]


def level_label(number: int | None) -> str:
    """“3 · Intermediate”, or an empty string for no rating."""
    return level_of(number).label if number is not None else ""

"""The shapes every measured figure takes, shared by the KPIs, dashboards, report and exports.

A figure is never a bare number: it carries how it was measured (one sentence), how many
people or pairs are behind it, and, where the data allow one, a 95% confidence interval.
When there is not enough data, ``value`` is None and ``note`` says why in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import models

from remento.outcomes.charts import number


@dataclass(frozen=True)
class Interval:
    """A confidence interval, in the figure's own unit."""

    low: float
    high: float
    level: float = 0.95


@dataclass(frozen=True)
class Comparison:
    """Participants against a comparison group of matched non-participants.

    ``difference`` is in percentage points (participants minus comparison group) and None
    when ``note`` says there is not enough data yet (groups too small, or the period has not
    passed). ``participants`` and ``comparison`` are the group sizes behind it.
    """

    measure: str  # "retention" or "promotion"
    participant_rate: float | None
    comparison_rate: float | None
    difference: float | None
    interval: Interval | None
    participants: int
    comparison: int
    months: int
    method: str
    note: str = ""
    # When the task worker counted the comparison group (None: counted for this page).
    counted_at: datetime | None = None


class Verdict(models.TextChoices):
    """Where a KPI stands against its target: one rule for the results page, the report,
    its PDF and the exports."""

    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"  # final, and below target
    NOT_YET = "not_yet", "Not yet"  # below target while the program runs: it can still get there
    UNMEASURED = "unmeasured", "Not measured yet"
    NO_TARGET = "no_target", "No target"


def verdict_of(value: float | None, target: Decimal | None, *, final: bool) -> Verdict:
    """``value`` against ``target``: below it is "Not met" only when the figure is
    ``final`` (the program is closed), "Not yet" while it can still move."""
    if target is None:
        return Verdict.NO_TARGET
    if value is None:
        return Verdict.UNMEASURED
    if value >= float(target):
        return Verdict.MET
    return Verdict.NOT_MET if final else Verdict.NOT_YET


# What one of a KPI's sample is called (``KpiResult.sample_label`` names many).
SAMPLE_SINGULAR = {
    "pairs": "pair",
    "people": "person",
    "goals": "goal",
    "ratings": "rating",
    "mentors": "mentor",
    "check-ins": "check-in",
}


@dataclass(frozen=True)
class KpiResult:
    """One KPI of step 1, measured: value beside target, with method and sample size."""

    kind: str
    label: str
    target: Decimal | None
    value: float | None
    unit: str  # "meetings", "%", "points", "pp", "people", "/5"
    method: str
    sample: int
    sample_label: str  # "pairs", "people", "check-ins", "ratings"
    interval: Interval | None = None
    note: str = ""
    # Whether the figure is final (its program is closed): only then has a value below
    # target missed it. Set with the target, from the program (``kpis.selectors``).
    final: bool = False

    @property
    def met(self) -> bool | None:
        """Whether the value reaches the target now; None without a value or a target."""
        verdict = self.verdict
        if verdict in (Verdict.UNMEASURED, Verdict.NO_TARGET):
            return None
        return verdict == Verdict.MET

    @property
    def verdict(self) -> Verdict:
        return verdict_of(self.value, self.target, final=self.final)

    @property
    def verdict_text(self) -> str:
        """The verdict in words, with the figures while a target is not reached yet:
        "Not yet: 2.7 of 10 meetings so far"."""
        verdict = self.verdict
        if verdict != Verdict.NOT_YET or self.value is None or self.target is None:
            return verdict.label
        target = number(float(self.target), self.unit)
        if self.unit in ("%", "/5"):
            return f"Not yet: {number(self.value, self.unit)} so far, target {target}"
        return f"Not yet: {number(self.value)} of {target} so far"

    @property
    def sample_words(self) -> str:
        """The sample in words, one or many: "1 person", "2,345 pairs"."""
        label = SAMPLE_SINGULAR.get(self.sample_label, self.sample_label)
        return f"{self.sample:,} {label if self.sample == 1 else self.sample_label}"

    @property
    def verdict_badge(self) -> str:
        """The badge's colour class (the words always say it too)."""
        badges = {Verdict.MET: "badge-ok", Verdict.NOT_MET: "badge-bad"}
        return badges.get(self.verdict, "badge-warn")


@dataclass(frozen=True)
class SkillGain:
    """The mean gain on one skill (or of one person), in points on the 1–5 scale."""

    key: str  # the skill's name, or the person's display name
    mean: float | None
    interval: Interval | None
    people: int  # people with both a before and an after rating behind the mean
    retrospective: int  # of whom gave their “before” late, at the end


@dataclass(frozen=True)
class SkillGainSummary:
    """A program's skill gain: self-assessed after minus before, counting only people with
    both assessments; ``retrospective`` of them gave a late “then and now” assessment."""

    mean: float | None
    interval: Interval | None
    people: int
    retrospective: int
    per_skill: tuple[SkillGain, ...]
    per_person: tuple[SkillGain, ...]
    method: str
    note: str = ""

"""What one program's figures are measured from, each read or worked out once.

A results page asks for the same costly inputs several times: the KPIs beside their
targets, their weekly series (whose last week measures every kind of the catalogue again),
the skill-gain and retention sections and the breakdowns. Skill gain reads every
assessment rating of the program, retention counts the whole organisation's comparison
group, and the facts are six queries: passing one ``ProgramInputs`` along makes each of
them happen at most once per request, with the very same figures.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property

from remento.outcomes.assessments.gains import skill_gain_summary
from remento.outcomes.comparison import promotion_comparison, retention_comparison
from remento.outcomes.kpis.facts import ProgramFacts, program_facts
from remento.outcomes.results import Comparison, SkillGainSummary
from remento.programs.models import Program


class ProgramInputs:
    """``program``'s facts, skill gain, mentor retention and promotion as of the end of ``today``,
    each computed on first use and kept (``facts`` may be given when already read). With
    ``kept`` (the pages), retention and promotion read the comparison group as the task
    worker last counted it, where it did (``outcomes.kept``). With ``viewer_id``, the facts
    leave out the check-in answers that viewer may not count (``outcomes.confidential``)."""

    def __init__(
        self,
        program: Program,
        *,
        today: date,
        facts: ProgramFacts | None = None,
        kept: bool = False,
        viewer_id: int | None = None,
    ) -> None:
        self.program = program
        self.today = today
        self.kept = kept
        self.viewer_id = viewer_id
        if facts is not None:
            self.__dict__["facts"] = facts  # what cached_property would have stored

    @cached_property
    def facts(self) -> ProgramFacts:
        return program_facts(self.program.pk, viewer_id=self.viewer_id)

    @cached_property
    def skill_gain(self) -> SkillGainSummary:
        return skill_gain_summary(self.program)

    @cached_property
    def retention(self) -> Comparison:
        return retention_comparison(self.program, today=self.today, kept=self.kept)

    @cached_property
    def promotion(self) -> Comparison:
        return promotion_comparison(self.program, today=self.today, kept=self.kept)

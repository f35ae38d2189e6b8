"""Reading programs: lists with counts, the detail page, readiness, skill gaps."""

from remento.programs.selectors.programs import (
    ActionState,
    ProgramDetail,
    program_detail,
    program_readiness,
    programs_for,
)
from remento.programs.selectors.skill_gaps import (
    SkillGapGroup,
    SkillGapRow,
    SkillGapTable,
    program_skill_gaps,
    skill_gap_table,
)

__all__ = [
    "ActionState",
    "ProgramDetail",
    "SkillGapGroup",
    "SkillGapRow",
    "SkillGapTable",
    "program_detail",
    "program_readiness",
    "program_skill_gaps",
    "programs_for",
    "skill_gap_table",
]

"""The exports a program offers: what each contains, what it never contains, and its rows.

One table read by the export page (what a coordinator is told), the download view (which
rows it writes) and the tests (every export is checked for what it must never contain).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from remento.people.models import Employee
from remento.programs.models import Program

from .kpis import kpi_series_table
from .pairs import checkins_table, meetings_table, pairs_table
from .people import participants_table, participation_table, training_table
from .tables import Table

FORMATS = ("csv", "xlsx")

# What no export ever contains, whichever it is (said once on the page).
NEVER_ANYWHERE = (
    "private notes",
    "shared notes",
    "sensitive attributes (background, disability, LGBTQ+, ethnicity) or consent to use them",
    "a pair's agreement terms and why it ended (partner-confidential)",
    "safe-way-out requests",
    "another organisation's people",
)


@dataclass(frozen=True)
class Export:
    slug: str
    title: str
    contains: str
    never: tuple[str, ...]
    build: Callable[[Program, Employee], Table]

    def filename(self, program: Program, fmt: str, stamp: str) -> str:
        """``program-12-participants-2026-03-01.csv``: ASCII only, safe in a header."""
        return f"program-{program.pk}-{self.slug}-{stamp}.{fmt}"


EXPORTS: tuple[Export, ...] = (
    Export(
        slug="participants",
        title="Participants",
        contains="Everyone the program has on its books, one row each: employee id, name, "
        "email, job title, department, level, location, generation, role, status "
        "(invited, applied, enrolled, waitlisted, declined, withdrawn), hours a month, "
        "partners at once, dates, number of pairs, still employed and leave date.",
        never=(
            "answers to the sign-up questionnaire",
            "the profile's bio, interests and personality score",
            "the coordinator's note on an application",
        ),
        build=lambda program, viewer: participants_table(program),
    ),
    Export(
        slug="pairs",
        title="Pairs",
        contains="Every pair, open or closed, one row each: mentor and mentee (employee id, "
        "name, department), status, how it was matched and its score, created, started "
        "and ended dates, whether it ran its course, meetings held, hours met, last "
        "meeting, goals and goals achieved.",
        never=(
            "the agreement's goals and terms",
            "why the pair ended",
            "goal titles, milestones and action items",
        ),
        build=lambda program, viewer: pairs_table(program),
    ),
    Export(
        slug="meetings",
        title="Meetings",
        contains="Every meeting of the program's pairs, one row each: pair, mentor and "
        "mentee, scheduled start, planned and held minutes, status, who missed it, "
        "when it was cancelled or logged.",
        never=("the place or video link", "the agenda", "what was talked about (topics)"),
        build=lambda program, viewer: meetings_table(program),
    ),
    Export(
        slug="checkins",
        title="Check-in answers",
        contains="Every check-in asked (answered, waiting or missed), one row each: who, "
        "which round, rating, fit, the answer to each of the program's questions, the "
        "free text, and whether a closing answer may be quoted. Answers the program's "
        "coordinators read on the Check-ins page, and only those.",
        never=(
            "the check-ins of a pair you are one of yourself",
            "check-ins no longer asked because the pair ended",
        ),
        build=checkins_table,
    ),
    Export(
        slug="training",
        title="Training compliance",
        contains="Everyone the training applies to (enrolled participants and the people of "
        "open pairs), one row each: required modules completed out of all, whether "
        "every required module is done, and the date each module was completed.",
        never=("how long someone spent on a module", "the module's content"),
        build=lambda program, viewer: training_table(program),
    ),
    Export(
        slug="kpis",
        title="KPI series",
        contains="Each KPI the program committed to (and no other), week by week: the value "
        "measured that week, the target, where the value stands against it (“Not yet” "
        "while the program runs, “Met” or “Not met” once it is closed), and the number of "
        "people or pairs behind the figure (empty when there was not enough data).",
        never=("any one person's figures",),
        build=lambda program, viewer: kpi_series_table(program, viewer.pk),
    ),
    Export(
        slug="participation",
        title="Participation by group",
        contains="How many people take part, by department, generation, location and role. "
        "A group of fewer than the minimum group size is never shown on its own, nor any "
        "group that could be worked out from the total and the others: those are given "
        "together, without their names.",
        never=("a group under the minimum size", "any one person"),
        build=lambda program, viewer: participation_table(program),
    ),
)

BY_SLUG = {export.slug: export for export in EXPORTS}

"""What the API answers and accepts. Each resource shows what its page shows, no more:
never a sensitive attribute, a private or shared note, a pair's confidential terms, or a
meeting's place, agenda and topics to anyone but the pair's two people."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from remento.people.importing.columns import COLUMNS, REQUIRED


class Problem(Schema):
    """RFC 9457 problem details: the shape of every error."""

    type: str = Field(description="Always about:blank: the status says what kind it is.")
    title: str = Field(description="The HTTP status phrase.")
    status: int
    detail: str = Field(description="What went wrong, in words to show a person.")
    code: str = Field(description="not_found, forbidden, scope_missing, invalid, …")
    errors: list[ProblemItem] = Field(description="Field by field (row by row for imports).")


class ProblemItem(Schema):
    field: str
    reason: str
    row: int | None = Field(None, description="For imports: the position in rows, from 1.")


Problem.model_rebuild()


class PersonRef(Schema):
    id: int
    name: str


class Person(Schema):
    """A person as the directory shows them to a coordinator (or to themselves)."""

    id: int
    employee_id: str
    name: str
    first_name: str
    last_name: str
    preferred_name: str
    email: str
    title: str
    department: str | None
    level: int
    location: str
    timezone: str
    is_active: bool


class PersonProfile(Schema):
    """One person: ``view`` is ``full`` (a coordinator, or oneself) or ``partner`` (a
    partner's profile: none of the directory's HR fields, which are then null)."""

    id: int
    view: Literal["full", "partner"]
    name: str
    title: str
    department: str | None
    location: str
    timezone: str
    bio: str
    teaches: list[str]
    wants_to_learn: list[str]
    employee_id: str | None = None
    email: str | None = None
    level: int | None = None
    is_active: bool | None = None


class PersonPage(Schema):
    items: list[Person]
    total: int
    next_cursor: str | None


class Program(Schema):
    id: int
    name: str
    status: str
    objective_type: str
    goal: str
    enrollment_mode: str
    matching_mode: str
    start_date: date | None
    end_date: date | None
    max_pairs: int | None
    mentors_enrolled: int
    mentees_enrolled: int
    pairs_open: int


class ProgramPage(Schema):
    items: list[Program]
    total: int
    next_cursor: str | None


class Kpi(Schema):
    kind: str
    label: str
    value: float | None
    target: float | None
    met: bool | None = Field(description="Whether the value reaches the target now.")
    verdict: str = Field(
        description="Where the KPI stands, as the results page says it: met; not_yet (below "
        "the target while the program runs); not_met (below it, the program closed); "
        "unmeasured; no_target."
    )
    unit: str
    method: str
    sample: int
    sample_label: str


class Enrolment(Schema):
    id: int
    program_id: int
    person: PersonRef
    role: str
    status: str
    hours_per_month: int
    timezone: str
    created_at: datetime


class EnrolmentPage(Schema):
    items: list[Enrolment]
    total: int
    next_cursor: str | None


class EnrolIn(Schema):
    """Sign the token's maker up for a program (open sign-up enrols or waitlists; an
    application program records an application for a coordinator)."""

    role: Literal["mentor", "mentee"]
    hours_per_month: int | None = Field(None, description="Hours a month they commit.")
    timezone: str = Field(..., max_length=64, description="An IANA zone, e.g. Europe/London.")
    consent_sensitive: bool = False
    answers: dict[int, str | int | list[str] | list[int] | None] = Field(
        default_factory=dict, description="The questionnaire: question id → answer."
    )


class NominateIn(Schema):
    """Invite people to a program as ``role``; each gets an email to accept or decline."""

    person_ids: list[int] = Field(..., min_length=1, max_length=500)
    role: Literal["mentor", "mentee"]
    note: str = Field("", max_length=2000)


class Pair(Schema):
    id: int
    program: PersonRef = Field(description="The program (id and name).")
    mentor: PersonRef
    mentee: PersonRef
    status: str
    source: str
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    completed: bool | None


class PairPage(Schema):
    items: list[Pair]
    total: int
    next_cursor: str | None


class Meeting(Schema):
    """A meeting; ``location``, ``agenda``, ``topics`` are null unless the caller is one of
    the pair (coordinators see dates, lengths and statuses only, as on the pages)."""

    id: int
    status: str
    starts_at: datetime
    duration_minutes: int
    timezone: str
    held_minutes: int | None
    missed_by: str
    logged_at: datetime | None
    location: str | None = None
    agenda: str | None = None
    topics: str | None = None


class MeetingPage(Schema):
    items: list[Meeting]
    total: int
    next_cursor: str | None


class MeetingLogIn(Schema):
    held: bool
    held_minutes: int | None = Field(None, description="Its real length, when held.")
    topics: str = Field("", max_length=5000)
    missed_by: Literal["", "mentor", "mentee", "both"] = ""


class CheckInAnswer(Schema):
    question: str
    answer: str


class CheckIn(Schema):
    id: int
    person: PersonRef
    role: str
    kind: str
    status: str
    opened_at: datetime
    closes_at: datetime
    answered_at: datetime | None
    rating: int | None
    fit: str
    comments: str
    answers: list[CheckInAnswer]


class CheckInPage(Schema):
    items: list[CheckIn]
    total: int
    next_cursor: str | None


IMPORT_COLUMNS = ", ".join(COLUMNS)
IMPORT_REQUIRED = ", ".join(REQUIRED)


class ImportIn(Schema):
    """People to import, one object per person, as the HRIS CSV import reads them."""

    rows: list[dict[str, str | int | None]] = Field(
        ...,
        min_length=1,
        max_length=50000,
        description=f"One object per person, keyed by the HRIS file's columns "
        f"({IMPORT_COLUMNS}; required: {IMPORT_REQUIRED}).",
    )
    full_sync: bool = Field(
        False, description="Deactivate active people missing from rows (a full export)."
    )
    dry_run: bool = Field(False, description="Check and count only; write nothing.")


class ImportOut(Schema):
    applied: bool
    created: int
    updated: int
    unchanged: int
    deactivated: int
    new_departments: list[str]
    warnings: list[str]
    held_sign_in_changes: int = Field(
        description="Changes to admins' and coordinators' sign-ins left for an admin to confirm "
        "on the import page."
    )


class MatchProposal(Schema):
    mentor: PersonRef
    mentee: PersonRef
    score: float
    locked: bool


class MatchRun(Schema):
    id: int
    program_id: int
    status: str
    phase: str
    created_at: datetime
    finished_at: datetime | None
    failure: str
    proposals: list[MatchProposal] = Field(
        description="The proposed pairs once the run is under review (empty before)."
    )

"""What the demo programs say: their plans, questionnaires, pair goals and closing words.

Plain data and small functions of the ``today`` the demo is built on; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from remento.enrollment.models import QuestionAudience, QuestionKind
from remento.programs.models import EnrollmentMode, MatchingMode, ObjectiveType
from remento.programs.plan import KpiTarget, ProgramPlan
from remento.training.models import ResourceCategory

# Reverse mentoring with managers and above as mentees: the demo company has no level 7, so
# the programs that recruit take mentees from level 6 and mentors up to level 3.
LEVELS: dict[str, Any] = {
    "mentor_min_level": 1,
    "mentor_max_level": 3,
    "mentee_min_level": 6,
    "mentee_max_level": 10,
    "min_level_gap": 3,
}


def _kpis(**targets: str) -> tuple[KpiTarget, ...]:
    return tuple(KpiTarget(kind=kind, target=Decimal(value)) for kind, value in targets.items())


@dataclass(frozen=True)
class ProgramContent:
    """One demo program: its lifecycle state (the key), plan and KPI targets."""

    key: str
    plan: ProgramPlan
    kpis: tuple[KpiTarget, ...]


def programs(today: dt.date) -> dict[str, ProgramContent]:
    """The five demo programs by the state they are left in, dated around ``today``."""
    contents = (
        _draft_program(),
        _recruiting_program(today),
        _matching_program(today),
        _active_program(today),
        _closed_program(today),
    )
    return {content.key: content for content in contents}


def _draft_program() -> ProgramContent:
    return ProgramContent(
        "draft",
        ProgramPlan(
            name="AI for leaders",
            objective_type=ObjectiveType.HARD_SKILL,
            goal=(
                "Every member of the leadership team uses a generative-AI assistant in "
                "their own work at least once a week."
            ),
            method=(
                "Hands-on sessions with a junior colleague who already works this way: "
                "drafting, summarising and analysing real documents from the leader's desk."
            ),
            success_criteria=(
                "Four in five leaders report weekly use after three months, and can say "
                "where they would not trust the tool."
            ),
            meeting_cadence_days=14,
            incentives="A shout-out at the spring town hall for the pairs that finish.",
            # No dates yet: the coordinator is still agreeing them with the sponsor, and
            # the page says that this is what keeps the draft from recruiting.
        ),
        _kpis(meetings_per_pair="6", checkin_rating="4", skill_gain="1.5"),
    )


def _recruiting_program(today: dt.date) -> ProgramContent:
    return ProgramContent(
        "recruiting",
        ProgramPlan(
            name="Social media for senior leaders",
            objective_type=ObjectiveType.DIGITAL_LITERACY,
            goal=(
                "Senior leaders build a voice of their own on LinkedIn and understand how "
                "our customers and future hires use TikTok and Instagram."
            ),
            method=(
                "Fortnightly 45-minute sessions: the mentor reviews the leader's profile and "
                "posts, and they try one new format together each month."
            ),
            success_criteria="Each leader posts twice a month by the end of the program.",
            enrollment_mode=EnrollmentMode.APPLICATION,
            start_date=today + dt.timedelta(days=42),
            end_date=today + dt.timedelta(days=42 + 182),
            incentives="Mentors get a learning budget of 500 euros.",
            **LEVELS,
        ),
        _kpis(meetings_per_pair="10", participation="20", completion="80"),
    )


def _matching_program(today: dt.date) -> ProgramContent:
    return ProgramContent(
        "matching",
        ProgramPlan(
            name="Data fluency for the leadership team",
            objective_type=ObjectiveType.SKILL_GAPS,
            goal=(
                "Leaders read and question the dashboards their teams build, and know which "
                "data skills their departments lack."
            ),
            method=(
                "Pairs work through the leader's own reports: Power BI, spreadsheets, "
                "and asking an AI assistant the right questions about data."
            ),
            success_criteria="Every leader builds one dashboard of their own.",
            start_date=today + dt.timedelta(days=14),
            end_date=today + dt.timedelta(days=14 + 168),
            **LEVELS,
        ),
        _kpis(meetings_per_pair="8", goals_achieved="70"),
    )


def _active_program(today: dt.date) -> ProgramContent:
    return ProgramContent(
        "active",
        ProgramPlan(
            name="Digital leadership: AI and social media",
            objective_type=ObjectiveType.DIGITAL_LITERACY,
            goal=(
                "Vice presidents and directors use generative AI and social media with "
                "confidence, and hear first-hand how Gen Z colleagues work."
            ),
            method=(
                "Nominated pairs meet every two weeks; the mentor brings one tool or "
                "platform per session and the mentee shares strategy and company context."
            ),
            success_criteria=(
                "Mentees gain at least one point on their self-assessment and 80% of the "
                "pairs complete."
            ),
            enrollment_mode=EnrollmentMode.NOMINATION,
            matching_mode=MatchingMode.HYBRID,
            start_date=today - dt.timedelta(days=56),
            end_date=today + dt.timedelta(days=126),
            incentives="Completing pairs are invited to the executive offsite.",
            **LEVELS,
        ),
        _kpis(meetings_per_pair="10", checkin_rating="4", skill_gain="1", mentor_retention="10"),
    )


def _closed_program(today: dt.date) -> ProgramContent:
    return ProgramContent(
        "closed",
        ProgramPlan(
            name="Reverse mentoring pilot",
            objective_type=ObjectiveType.INCLUSIVE_CULTURE,
            goal=(
                "Test reverse mentoring with a first cohort: leaders learn what working "
                "life looks like for our youngest colleagues, and juniors get seen."
            ),
            method="Monthly one-hour conversations over six months, open sign-up.",
            success_criteria=(
                "Four in five pairs complete, leaders gain a point on the skills they came "
                "for, and the juniors who mentor stay with us five points more often than "
                "their peers."
            ),
            meeting_cadence_days=28,
            meeting_length_minutes=60,
            # Sixteen months ago, for six months: the twelve months after its start that
            # retention and promotions are measured over have passed.
            start_date=today - dt.timedelta(days=CLOSED_STARTED_DAYS_AGO),
            end_date=today - dt.timedelta(days=CLOSED_STARTED_DAYS_AGO - CLOSED_DAYS),
            **LEVELS,
        ),
        # Every KPI of the catalogue, some met and some missed (see ``demo.outcomes``).
        _kpis(
            meetings_per_pair="6",
            goals_achieved="70",
            checkin_rating="4",
            skill_gain="1",
            mentor_retention="5",
            completion="80",
            participation="24",
        ),
    )


CLOSED_STARTED_DAYS_AGO = 487  # about sixteen months
CLOSED_DAYS = 182  # six months

# Who sponsors each program: a role in the demo company, looked up when the program is built
# (``ProgramBuilder``), as (department, level) of the executive; the chief executive when the
# company has no such department (a small demo).
SPONSORS: dict[str, tuple[str, int]] = {
    "closed": ("Executive Office", 10),
    "active": ("Human Resources", 9),
}

# What the coordinator wrote after the pilot closed: the report's "what to change next time".
CLOSED_LESSONS = (
    "Book the monthly meetings for the whole six months at the kick-off: the pairs that "
    "missed a meeting had left the booking to the week before.\n\n"
    "Ask the leaders for their self-assessment in the first week; a few only answered at the "
    "end, so their gain rests on a look back rather than a before and after.\n\n"
    "Give mentors a short session on giving feedback upwards before the first meeting: the "
    "closing check-ins say it was the hardest part.\n\n"
    "Recruit four more pairs: the pilot fell short of its enrolment target, and a larger "
    "cohort makes the retention comparison clearer."
)


# The order the demo builds them in: the program list shows the newest first, so it reads
# Draft, Recruiting, Matching, Active, Closed from the top.
BUILD_ORDER = ("closed", "active", "matching", "recruiting", "draft")


@dataclass(frozen=True)
class DemoQuestion:
    text: str
    kind: str
    audience: str = ""
    required: bool = True
    help_text: str = ""
    choices: tuple[str, ...] = ()
    # Answers the demo's participants give, picked at random (text and choice questions).
    answers: tuple[str, ...] = ()


RECRUITING_QUESTIONS = (
    DemoQuestion(
        "What would you most like to get out of the program?",
        QuestionKind.TEXT,
        answers=(
            "Confidence to post on LinkedIn without a communications team rewriting it.",
            "To understand why my team's announcements get no reactions.",
            "Practice explaining what I do to people outside my department.",
            "Seeing how leaders think about the channels I use every day.",
            "A sense of how our brand reads to people my age.",
            "To get better at short videos and know when they are worth it.",
        ),
    ),
    DemoQuestion(
        "How comfortable are you posting on social media today?",
        QuestionKind.SCALE,
        audience=QuestionAudience.MENTEE,
        help_text="1 = I never post, 5 = I post every week.",
    ),
    DemoQuestion(
        "Which platform do you know best?",
        QuestionKind.SINGLE,
        audience=QuestionAudience.MENTOR,
        choices=("LinkedIn", "TikTok", "Instagram", "YouTube"),
        answers=("LinkedIn", "TikTok", "Instagram", "YouTube"),
    ),
)

MATCHING_QUESTIONS = (
    DemoQuestion(
        "Which topic matters most to you?",
        QuestionKind.SINGLE,
        choices=(
            "Dashboards and data visualisation",
            "AI assistants for analysis",
            "Spreadsheets and automation",
            "Data privacy basics",
        ),
        answers=(
            "Dashboards and data visualisation",
            "AI assistants for analysis",
            "Spreadsheets and automation",
            "Data privacy basics",
        ),
    ),
)

DECLINE_NOTE = (
    "Thank you for applying. This cohort is full of mentors from your department; we have "
    "kept your name for the autumn cohort."
)
NOMINATION_NOTE = "Your manager suggested you: you would be a great mentor for this program."

PAIR_GOALS = (
    "Use an AI assistant to draft and summarise my weekly updates.\n"
    "Post on LinkedIn twice a month, in my own voice.",
    "Understand how our youngest customers discover us on TikTok.\n"
    "Try one short video for the team channel.",
    "Build a prompt library for the board pack.\n"
    "Learn what good and bad AI output looks like for finance.",
    "Run one team meeting with a collaborative whiteboard instead of slides.\n"
    "Share one article a month with a comment of my own.",
    "Learn how Gen Z colleagues want to hear feedback.\nRewrite our team's job adverts together.",
)

REQUEST_MESSAGE = (
    "Your profile says you teach generative AI and TikTok: exactly what I want to learn this "
    "year. Would you be my mentor?"
)
ACCEPT_MESSAGE = "Gladly! Let's start with prompts for your weekly report."
PENDING_REQUEST_MESSAGE = "I would love to learn from you; are you free to start this month?"

CLOSE_REASON = "The pilot ended. We met most of our goals and will keep in touch."
EARLY_CLOSE_REASON = "My role changed and I could no longer keep our meetings; thank you!"


@dataclass(frozen=True)
class DemoResource:
    title: str
    summary: str
    category: str
    body: str


ACTIVE_RESOURCES = (
    DemoResource(
        "Prompting cheat sheet for leaders",
        "Ten prompts that work for updates, summaries and first drafts, and three that do not.",
        ResourceCategory.DIGITAL,
        "Start with the role and the reader: “You are drafting a note to my 40-person team.”\n\n"
        "Give the material, then the task: paste the notes, then ask for five bullet points.\n\n"
        "Ask for options, not answers: “Give me three openings, from formal to casual.”\n\n"
        "Never paste customer data or anything confidential into a public tool.",
    ),
    DemoResource(
        "LinkedIn for executives: a first month",
        "A four-week plan your mentor can walk you through, one small post at a time.",
        ResourceCategory.DIGITAL,
        "Week 1: update your headline and photo.\n\nWeek 2: comment on three posts from your "
        "team.\n\nWeek 3: share an article with two sentences of your own.\n\nWeek 4: write "
        "a short post about something your team achieved, naming the people.",
    ),
)

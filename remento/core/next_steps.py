"""What a person must do next, gathered from every app for the home page and the menu.

Core sits below the apps that know about requests, agreements, training and invitations,
so it cannot ask them directly: each app registers a source here from its
``AppConfig.ready`` (the hook pattern of ARCHITECTURE.md), and the home page and the menu
read every source through :func:`home_for` and :func:`nav_counts_for`. Each source issues
a fixed number of queries, so the home page's count does not grow with the data; the
sources for participants only are skipped, with their queries, for someone who takes part
in no program (one query asks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# How urgent each kind of step is: the lower, the sooner it is shown.
URGENCY_REQUEST = 10
URGENCY_AGREEMENT = 20
URGENCY_TRAINING = 30
URGENCY_CHOOSE = 40
URGENCY_INVITATION = 50
# A coordinator's program work comes after their own steps as a participant.
URGENCY_COORDINATION = 60


@dataclass(frozen=True)
class NextStep:
    """One thing the person must do, with the page that does it."""

    urgency: int
    title: str
    action: str
    url: str
    detail: str = ""
    due: datetime | None = None


@dataclass(frozen=True)
class Waiting:
    """Something under way that the person need not act on: what happens next."""

    text: str
    url: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class HomeSection:
    """A block of the home page that one app renders with its own template."""

    template: str
    context: dict[str, Any]


@dataclass
class HomePart:
    """What one source adds to a person's home page."""

    steps: list[NextStep] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    sections: list[HomeSection] = field(default_factory=list)


@dataclass(frozen=True)
class NavCount:
    """A menu entry with a count, e.g. "Requests 1"."""

    label: str
    count: int
    url: str


@dataclass
class Home:
    steps: list[NextStep]
    waiting: list[Waiting]
    sections: list[HomeSection]

    @property
    def nothing_to_do(self) -> bool:
        return not self.steps


HomeSource = Callable[[Any], HomePart]
NavSource = Callable[[Any], NavCount | None]
ParticipationCheck = Callable[[Any], bool]


@dataclass(frozen=True)
class _Source:
    read: HomeSource
    participants_only: bool


_home_sources: dict[str, _Source] = {}
_nav_sources: dict[str, NavSource] = {}
_participation: dict[str, ParticipationCheck] = {}


def register_home_source(name: str, source: HomeSource, *, participants_only: bool = False) -> None:
    """Add (or replace, by ``name``) a source of steps for the home page.

    ``participants_only``: the source has nothing to say to someone who takes part in no
    program (no enrolment, no pair: most admins and coordinators), so their home page
    skips it and its queries, as the registered participation check tells."""
    _home_sources[name] = _Source(source, participants_only)


def register_participation_check(check: ParticipationCheck) -> None:
    """Set the one check that tells whether a person takes part in any program (one query),
    registered by the app that knows enrolments and pairs. Without one, everyone does."""
    _participation["check"] = check


def _takes_part(employee: Any) -> bool:
    check = _participation.get("check")
    return check is None or check(employee)


def register_nav_source(name: str, source: NavSource) -> None:
    """Add (or replace, by ``name``) a menu count; it should cost one query at most."""
    _nav_sources[name] = source


def home_for(employee: Any) -> Home:
    """Every app's steps for ``employee``, most urgent first (then the soonest due), with
    what is under way and each app's sections (the pair cards)."""
    steps: list[NextStep] = []
    waiting: list[Waiting] = []
    sections: list[HomeSection] = []
    takes_part: bool | None = None  # asked once, and only if a source needs the answer
    for name in sorted(_home_sources):
        source = _home_sources[name]
        if source.participants_only:
            if takes_part is None:
                takes_part = _takes_part(employee)
            if not takes_part:
                continue
        part = source.read(employee)
        steps.extend(part.steps)
        waiting.extend(part.waiting)
        sections.extend(part.sections)
    steps.sort(key=lambda s: (s.urgency, s.due.timestamp() if s.due else float("inf")))
    return Home(steps=steps, waiting=waiting, sections=sections)


def nav_counts_for(employee: Any) -> list[NavCount]:
    """The menu's counts for ``employee``; entries with nothing to count are left out."""
    counts = (_nav_sources[name](employee) for name in sorted(_nav_sources))
    return [count for count in counts if count is not None and count.count > 0]

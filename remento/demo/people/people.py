"""The demo company's people: names, offices, ages, skills, interests and what they share.

Pure Python, no database, and deterministic: everything is drawn from one
``random.Random(seed)`` in a fixed order, and dates count back from the ``today`` given.
Juniors are likelier to teach digital, social-media and AI skills and seniors to want them;
seniors teach leadership, strategy and business acumen, which juniors want.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import ZoneInfo

from remento.demo.people import data
from remento.demo.people.chart import Position, org_chart
from remento.people.catalogue import INTERESTS, SKILLS
from remento.people.models import Role, SensitiveKind, SkillCategory

C = SkillCategory
# What reverse mentoring is about: the skills the young tend to have and leaders lack.
DIGITAL_CATEGORIES = frozenset({C.DIGITAL_TOOLS, C.SOCIAL_MEDIA, C.AI_DATA})
SENIOR_CATEGORIES = frozenset({C.LEADERSHIP_STRATEGY, C.BUSINESS_ACUMEN})
CONSENTED_SHARE = 0.25  # people who share a sensitive attribute and consent to its use
UNCONSENTED_SHARE = 0.05  # people who declared one but did not consent to matching
LEAVER_SHARE = 0.01  # individual contributors who have left (inactive, with a leave date)


@dataclass(slots=True)
class DemoPerson:
    position: Position
    employee_id: str
    first_name: str
    last_name: str
    preferred_name: str
    email: str
    location: str
    timezone: str
    birth_year: int
    hire_date: dt.date
    leave_date: dt.date | None
    extraversion: int
    hours_per_month: int
    offers: dict[str, int] = field(default_factory=dict)  # skill slug -> proficiency
    wants: dict[str, int] = field(default_factory=dict)  # skill slug -> priority
    interests: list[str] = field(default_factory=list)
    # (kind, value, consented_at); consented_at None means declared without consent.
    sensitive: list[tuple[str, str, dt.datetime | None]] = field(default_factory=list)
    role: str = Role.PARTICIPANT
    persona: str = ""

    @property
    def is_active(self) -> bool:
        return self.leave_date is None


def _youth(level: int) -> float:
    """1.0 for the most junior level, 0.0 for the chief executive."""
    return (10 - level) / 9


def _category_weight(category: SkillCategory, level: int, offering: bool) -> float:
    t = _youth(level) if offering else 1 - _youth(level)
    if category in DIGITAL_CATEGORIES:
        return 0.2 + 2.6 * t
    if category == C.WAYS_OF_WORKING:
        return 0.6 + 1.0 * t
    if category == C.DEI_CULTURE:
        return 0.4 + 1.2 * t
    if category == C.LEADERSHIP_STRATEGY:
        return 0.1 + 2.6 * (1 - t)
    return 0.3 + 2.0 * (1 - t)


@cache
def _skill_weights(level: int, department: str, offering: bool) -> tuple[float, ...]:
    strengths = next((d.strengths for d in data.DEPARTMENTS if d.name == department), ())
    weights = []
    for skill in SKILLS:
        weight = _category_weight(skill.category, level, offering)
        if offering and skill.category in strengths:
            weight *= 1.8
        weights.append(weight)
    return tuple(itertools.accumulate(weights))


def _draw_skills(
    rng: random.Random, level: int, department: str, *, offering: bool, count: int, skip: set[str]
) -> dict[str, int]:
    """``count`` distinct skills, each with a proficiency (offers) or a priority (wants):
    high where the category suits the person's seniority."""
    cumulative = _skill_weights(level, department, offering)
    drawn: dict[str, int] = {}
    while len(drawn) < count:
        skill = rng.choices(SKILLS, cum_weights=cumulative)[0]
        if skill.slug in drawn or skill.slug in skip:
            continue
        youthful = skill.category not in SENIOR_CATEGORIES
        fit = _youth(level) if youthful == offering else 1 - _youth(level)
        drawn[skill.slug] = min(5, max(1, round(rng.gauss(2.3 + 2.2 * fit, 0.8))))
    return drawn


def _age(level: int, rng: random.Random, *, late_career: bool) -> int:
    """An age for ``level``: late-career people uniformly over LATE_CAREER_AGES, everyone
    else from the level's triangle (AGE_BY_LEVEL). One draw either way."""
    if late_career:
        return round(rng.uniform(*data.LATE_CAREER_AGES))
    youngest, mode, oldest = data.AGE_BY_LEVEL[level]
    return round(rng.triangular(youngest, oldest, mode))


def _late_career(level: int, seen: Counter[int]) -> bool:
    """Whether the next person at ``level`` is late-career: evenly spread so that each
    level has its LATE_CAREER_SHARE exactly (not by chance), whatever the company's size."""
    share, index = data.LATE_CAREER_SHARE[level], seen[level]
    seen[level] += 1
    return math.floor((index + 1) * share) > math.floor(index * share)


@cache  # a name's letters, asked for once per person: the names repeat
def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def _sensitive(rng: random.Random, today: dt.date) -> list[tuple[str, str, dt.datetime | None]]:
    draw = rng.random()
    if draw >= CONSENTED_SHARE + UNCONSENTED_SHARE:
        return []
    consented = draw < CONSENTED_SHARE
    kinds = rng.sample(list(SensitiveKind), rng.choice((1, 1, 1, 2, 2, 3)) if consented else 1)
    result = []
    for kind in kinds:
        when = None
        if consented:
            day = today - dt.timedelta(days=rng.randint(1, 400))
            when = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC) + dt.timedelta(
                minutes=rng.randint(0, 9 * 60)
            )
        result.append((kind.value, rng.choice(data.SENSITIVE_VALUES[kind]), when))
    return result


def _office(rng: random.Random, manager: DemoPerson | None) -> data.Office:
    """Most people work in their manager's office; the rest anywhere, by office size."""
    if manager is not None and rng.random() < 0.65:
        return next(o for o in data.OFFICES if o.city == manager.location)
    return rng.choices(data.OFFICES, [o.weight for o in data.OFFICES])[0]


def _name(
    rng: random.Random, office: data.Office, used: dict[str, int]
) -> tuple[str, str, str, str]:
    """First, last and preferred name, mostly from the office's region, and the email's local
    part, numbered when the name is taken: ``used`` counts the people of each name so far,
    so the second John Smith is john.smith2 without trying every number below (a company
    of 100,000 has hundreds of some names)."""
    region = office.region if rng.random() < 0.85 else rng.choice(list(data.FIRST_NAMES))
    first = rng.choice(data.FIRST_NAMES[region])
    last = rng.choice(data.LAST_NAMES[region])
    preferred = data.PREFERRED_NAMES.get(first, "") if rng.random() < 0.5 else ""
    local = name = f"{_ascii(first)}.{_ascii(last)}"
    taken = used.get(name, 0)
    if taken:
        local = f"{name}{taken + 1}"
    used[name] = taken + 1
    return first, last, preferred, local


def _career(
    rng: random.Random, level: int, today: dt.date, *, late_career: bool
) -> tuple[int, dt.date, dt.date | None]:
    """Age, hire date and leave date (a few individual contributors have left)."""
    age = _age(level, rng, late_career=late_career)
    longest = max(0.3, min(age - 21, 30))
    tenure_days = round(rng.triangular(0.1, longest, longest * 0.3) * 365.25)
    leave_date = None
    if level <= 4 and rng.random() < LEAVER_SHARE:
        leave_date = today - dt.timedelta(days=rng.randint(14, 365))
    hire_date = (leave_date or today) - dt.timedelta(days=tenure_days)
    return age, hire_date, leave_date


def _hours(rng: random.Random, level: int) -> int:
    """Hours a month for mentoring: juniors have more to give than leaders."""
    if level <= 4:
        return rng.choices((2, 4, 6, 8), (2, 4, 3, 1))[0]
    if level <= 6:
        return rng.choices((2, 3, 4, 6), (2, 3, 3, 1))[0]
    return rng.choices((1, 2, 3, 4), (1, 3, 3, 2))[0]


def _person(
    position: Position,
    manager: DemoPerson | None,
    rng: random.Random,
    used: dict[str, int],
    domain: str,
    *,
    today: dt.date,
    late_career: bool = False,
) -> DemoPerson:
    """One person at ``position``. The draws follow a fixed order (office, name, career,
    hours, temperament, skills, interests, sensitive attributes): keep it, or every demo
    company changes."""
    level = position.level
    office = _office(rng, manager)
    first, last, preferred, local = _name(rng, office, used)
    age, hire_date, leave_date = _career(rng, level, today, late_career=late_career)
    hours = _hours(rng, level)
    person = DemoPerson(
        position=position,
        employee_id=f"NW{position.index + 1:06d}",
        first_name=first,
        last_name=last,
        preferred_name=preferred,
        email=f"{local}@{domain}",
        location=office.city,
        timezone=office.timezone,
        birth_year=today.year - age,
        hire_date=hire_date,
        leave_date=leave_date,
        extraversion=rng.choices((1, 2, 3, 4, 5), (10, 22, 36, 22, 10))[0],
        hours_per_month=hours,
    )
    person.offers = _draw_skills(
        rng, level, position.department, offering=True, count=rng.randint(2, 5), skip=set()
    )
    person.wants = _draw_skills(
        rng, level, position.department, offering=False, count=rng.randint(2, 4),
        skip=set(person.offers),
    )  # fmt: skip
    person.interests = rng.sample(INTERESTS, rng.randint(1, 4))
    person.sensitive = _sensitive(rng, today)
    return person


def demo_people(*, size: int, seed: int, domain: str, today: dt.date) -> list[DemoPerson]:
    """The demo company's ``size`` people, top-down (every manager before their reports),
    with the four demo personas marked (see ``assign_personas``); ages, hire and leave dates
    and consents count back from ``today``."""
    rng = random.Random(seed)
    seen: Counter[int] = Counter()  # people placed so far at each level
    people: list[DemoPerson] = []
    used: dict[str, int] = {}  # the personas' addresses (admin@…) have no dot: never taken
    for position in org_chart(size, rng):
        manager = people[position.manager] if position.manager is not None else None
        late = _late_career(position.level, seen)
        people.append(_person(position, manager, rng, used, domain, today=today, late_career=late))
    assign_personas(people, domain)
    return people


def _pick(
    people: list[DemoPerson],
    persona: str,
    departments: tuple[str, ...],
    levels: tuple[int, ...],
    avoid: tuple[str, ...] = (),
    near: DemoPerson | None = None,
) -> DemoPerson:
    """Make the first active, unassigned person the ``persona``: by department, then level,
    in the order given; failing that, anyone at those levels outside ``avoid``. With
    ``near``, only people who share working hours with them (when anyone does)."""
    candidates = [p for p in people if p.is_active and not p.persona and p.position.level in levels]
    if near is not None:
        candidates = [p for p in candidates if _share_working_hours(p, near)] or candidates
    preferred = (
        person
        for department in departments
        for level in levels
        for person in candidates
        if person.position.department == department and person.position.level == level
    )
    chosen = next(preferred, None) or next(
        p for p in candidates if p.position.department not in avoid
    )
    chosen.persona = persona
    return chosen


# The demo pair works at most this many hours apart in winter and in summer, so they share
# at least two hours of a 9-to-5 day all year (the programs' default time-zone window).
_PAIR_HOURS_APART = 6
_SEASONS = (
    dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC),
    dt.datetime(2026, 7, 15, 12, tzinfo=dt.UTC),
)


def _share_working_hours(first: DemoPerson, second: DemoPerson) -> bool:
    return _zones_share_working_hours(first.timezone, second.timezone)


@cache  # asked for every young person of a large company: a few zones, many people
def _zones_share_working_hours(first: str, second: str) -> bool:
    for moment in _SEASONS:
        offsets = [
            moment.astimezone(ZoneInfo(zone)).utcoffset() or dt.timedelta()
            for zone in (first, second)
        ]
        apart = abs(offsets[0] - offsets[1]).total_seconds() / 3600 % 24
        if min(apart, 24 - apart) > _PAIR_HOURS_APART:
            return False
    return True


def assign_personas(people: list[DemoPerson], domain: str) -> None:
    """Choose the people behind the demo sign-ins, deterministically, and make their
    profiles tell the reverse-mentoring story: the mentor (a Gen Z junior) teaches what the
    mentee (a vice president in another department) most wants to learn, and back."""
    young = [p for p in people if p.birth_year >= 1996]
    # Only a junior with some vice president within working reach can be the demo mentor
    # (a small company may have none near its first choice).
    seniors = [p for p in people if p.is_active and p.position.level == 9]
    young = [p for p in young if any(_share_working_hours(p, q) for q in seniors)] or young
    mentor = _pick(young, "mentor", ("Marketing", "Data", "Engineering", "Product"), (1, 2, 3))
    mentor.offers = dict(data.MENTOR_OFFERS)
    mentor.wants = dict(data.MENTOR_WANTS)
    mentee = _pick(
        people, "mentee", ("Finance", "Sales", "Operations", "Legal"), (9,),
        avoid=(mentor.position.department,), near=mentor,
    )  # fmt: skip
    mentee.wants = dict(data.MENTEE_WANTS)
    mentee.offers = dict(data.MENTEE_OFFERS)
    coordinator = _pick(people, "coordinator", ("Human Resources",), (6, 5, 7))
    coordinator.role = Role.COORDINATOR
    if coordinator.position.department == "Human Resources":
        coordinator.position.title = "Learning and Development Manager"
    admin = _pick(people, "admin", ("IT", "Human Resources"), (6, 5, 7))
    admin.role = Role.ADMIN
    for person in (admin, coordinator, mentor, mentee):
        person.email = f"{person.persona}@{domain}"

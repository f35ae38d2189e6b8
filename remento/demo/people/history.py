"""The demo company's HRIS history since the Closed program started: leavers and promotions.

The Closed program's results compare its junior mentors with comparable colleagues who did
not take part (same level band, department, generation and tenure band), over the twelve
months after its start: who is still with the company, who was promoted. That needs a
history, which a real organisation's HRIS sync brings: some people leave (a termination
date, then the sync switches them off), some move up a level (an effective-dated change).

This step writes that history for the demo, once (an audit event marks it), after the
programs exist, so that nobody who takes part in a running or recruiting program leaves
or changes level, and never one of the four demo sign-ins:

* about one Closed-program mentor in eight leaves and three in eight are promoted, after
  the pilot; among the comparable non-participants about one in five leaves and one in
  seven is promoted, spread over the same months;
* every date lies inside the twelve months after the Closed program's start, and within
  ``REMENTO_LEAVER_RETENTION_DAYS`` of the build (the default 365), so that the leavers
  are not yet due for erasure.

A leaver goes the way of a leaver in the HRIS import (``people.importing.apply``): the row's
leave date, the person switched off, their sign-in switched off, then the same offboarding
(``leavers_offboard``: sensitive attributes deleted, the apps told through
``people_leaving``); ``left_at`` is the day after they left, when the nightly sync saw it,
not the day of the build. A promotion is what the import records for a changed level: the
new level and title, and a ``LevelChange`` effective from its date (source "import").
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from remento.core.audit import audit_log
from remento.core.models import AuditEvent, User
from remento.demo.people.data import IC_TITLE
from remento.demo.programs.content import LEVELS, programs
from remento.demo.steps import DemoContext
from remento.enrollment.models import Enrollment
from remento.outcomes.comparison.strata import Stratum, stratum, tenure_band
from remento.people.models import Employee, LevelChange, LevelChangeSource
from remento.people.services.personal_data import leavers_offboard
from remento.programs.models import Program
from remento.relationships.models import Pair

VERB = "demo.hris_history"
# Shares of each group, rounded per group (participants) or drawn per person (the others).
PARTICIPANTS_LEAVING = 0.125
PARTICIPANTS_PROMOTED = 0.375
OTHERS_LEAVING = 0.2
OTHERS_PROMOTED = 0.14
# The months after the start in which people leave or move up, in days: from the fourth
# month to the end of the twelfth, within the leavers' retention period.
FIRST_DAY, LAST_DAY = 125, 362


def demo_hris_history(context: DemoContext) -> None:
    """Write the leavers and promotions since the Closed program's start (see the module's
    docstring); nothing when written before, or when the organisation has no Closed
    program of the demo's."""
    organization = context.organization
    if AuditEvent.objects.filter(organization=organization, verb=VERB).exists():
        return
    closed = Program.objects.filter(
        organization=organization, name=programs(context.today)["closed"].plan.name
    ).first()
    if closed is None or closed.start_date is None:
        return
    with transaction.atomic():
        counts = _history(context, closed)
        audit_log(actor=None, organization=organization, verb=VERB, target=closed, data=counts)
    context.log(
        f"HRIS history since the {closed.name}: {counts['leavers']} leavers, "
        f"{counts['promotions']} promotions."
    )


def _history(context: DemoContext, closed: Program) -> dict[str, int]:
    assert closed.start_date is not None
    rng = context.rng("hris-history")
    mentors, others = _groups(context, closed)
    leaving = _share(rng, mentors, PARTICIPANTS_LEAVING)
    staying = [pk for pk in mentors if pk not in leaving]
    promoted = _share(rng, staying, PARTICIPANTS_PROMOTED)
    paired = list(Pair.objects.filter(program=closed).values_list("mentor_id", flat=True))
    theirs = set(_strata(paired, closed.start_date))
    groups = _strata(others, closed.start_date)
    # The mentors' comparable colleagues: their share of leavers and promotions, spread one
    # to a stratum (a stratum of three where two left would read as a mass exodus).
    near = [group for key, group in groups.items() if key in theirs]
    gone = _one_each(rng, near, OTHERS_LEAVING)
    leaving += gone
    promoted += _one_each(rng, [[pk for pk in g if pk not in gone] for g in near], OTHERS_PROMOTED)
    for key, group in groups.items():
        if key not in theirs:
            gone = _share(rng, group, OTHERS_LEAVING, at_least=0)
            leaving += gone
            promoted += _share(rng, [pk for pk in group if pk not in gone], OTHERS_PROMOTED, 0)
    # Participants move on after the pilot: their dates fall after its end.
    assert closed.end_date is not None
    after_pilot = max(FIRST_DAY, (closed.end_date - closed.start_date).days + 14)
    days: dict[int, dt.date] = {}
    for pk in leaving + promoted:
        first = after_pilot if pk in mentors else FIRST_DAY
        days[pk] = closed.start_date + dt.timedelta(days=rng.randint(first, LAST_DAY))
    _leave(context, leaving, days)
    _promote(promoted, days)
    return {"leavers": len(leaving), "promotions": len(promoted)}


def _groups(context: DemoContext, closed: Program) -> tuple[list[int], list[int]]:
    """The Closed program's mentors who take part in nothing else, and the juniors of the
    same level band who take part in no program at all; never a demo sign-in, nor anyone
    with reports (a manager who leaves is another story), nor someone hired after the start.
    """
    assert closed.start_date is not None
    organization = context.organization
    taking_part: dict[int, set[int]] = defaultdict(set)
    for employee, program in Enrollment.objects.filter(
        program__organization=organization
    ).values_list("employee_id", "program_id"):
        taking_part[employee].add(program)
    for mentor, mentee, program in Pair.objects.filter(
        program__organization=organization
    ).values_list("mentor_id", "mentee_id", "program_id"):
        taking_part[mentor].add(program)
        taking_part[mentee].add(program)
    personas = {employee.pk for employee in context.personas.values()}
    juniors = list(
        Employee.objects.filter(
            organization=organization,
            is_active=True,
            level__gte=LEVELS["mentor_min_level"],
            level__lte=LEVELS["mentor_max_level"],
            hire_date__lte=closed.start_date,
            reports__isnull=True,
        )
        .exclude(pk__in=personas)
        .order_by("employee_id")
        .values_list("pk", flat=True)
    )
    paired = set(Pair.objects.filter(program=closed).values_list("mentor_id", flat=True))
    mentors = [pk for pk in juniors if pk in paired and taking_part[pk] == {closed.pk}]
    others = [pk for pk in juniors if not taking_part[pk]]
    return mentors, others


def _strata(people: list[int], start: dt.date) -> dict[Stratum, list[int]]:
    """``people`` by stratum at ``start`` (department, level band, generation, tenure
    band: as the comparison cuts them), so that each stratum gets its share of leavers and
    promotions rather than a lucky or unlucky draw."""
    groups: dict[Stratum, list[int]] = defaultdict(list)
    rows = Employee.objects.filter(pk__in=people).order_by("employee_id")
    for pk, department, level, birth_year, hire_date in rows.values_list(
        "pk", "department_id", "level", "birth_year", "hire_date"
    ):
        key = stratum(
            department_id=department,
            level=level,
            birth_year=birth_year,
            tenure=tenure_band(hire_date, start),
        )
        groups[key].append(pk)
    return groups


def _one_each(rng: random.Random, groups: Sequence[list[int]], share: float) -> list[int]:
    """``share`` of the people of ``groups`` (rounded), at most one of each group."""
    groups = [group for group in groups if group]
    total = round(share * sum(len(group) for group in groups))
    return [rng.choice(group) for group in rng.sample(groups, min(total, len(groups)))]


def _share(rng: random.Random, people: Sequence[int], share: float, at_least: int = 1) -> list[int]:
    """``share`` of ``people``, chosen at random: the count rounded up or down at random
    in proportion (so that many small groups add up to ``share``), ``at_least`` one when
    there are people."""
    if not people:
        return []
    whole, part = divmod(share * len(people), 1)
    count = max(at_least, int(whole) + (rng.random() < part))
    return rng.sample(list(people), min(count, len(people)))


def _leave(context: DemoContext, leaving: list[int], days: dict[int, dt.date]) -> None:
    """As the HRIS import does for a row with a leave date, on the night after each day."""
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for pk in leaving:
        by_day[days[pk]].append(pk)
    now = timezone.now()
    seen = now
    for day, pks in sorted(by_day.items()):
        seen = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(2), tzinfo=dt.UTC)
        Employee.objects.filter(pk__in=pks).update(
            is_active=False, leave_date=day, left_at=seen, updated_at=now
        )
        users = Employee.objects.filter(pk__in=pks, user__isnull=False).values_list("user_id")
        User.objects.filter(pk__in=users).update(is_active=False)
    # One offboarding for all (it keeps each ``left_at`` set above): its receivers cost the
    # same for one leaver as for thousands, and a night's sync each would be 240 of them.
    leavers_offboard(actor=None, organization=context.organization, employee_pks=leaving, now=seen)


def _promote(promoted: list[int], days: dict[int, dt.date]) -> None:
    """One level up, with the title of the new level, recorded as the import records it."""
    people = Employee.objects.in_bulk(promoted)
    changes, moved = [], []
    for pk in promoted:
        person = people[pk]
        after = person.level + 1
        changes.append(
            LevelChange(
                employee_id=pk,
                level_before=person.level,
                level_after=after,
                effective_date=days[pk],
                source=LevelChangeSource.IMPORT,
            )
        )
        person.title = _title(person.title, person.level, after)
        person.level = after
        moved.append(person)
    LevelChange.objects.bulk_create(changes)
    # Small batches: each UPDATE holds a CASE of its rows, which SQLite reads for every row.
    Employee.objects.bulk_update(moved, ["level", "title"], batch_size=200)


def _title(title: str, before: int, after: int) -> str:
    """``Associate Analyst`` at level 1 becomes ``Analyst`` at 2, ``Senior Analyst`` at 3,
    ``Principal Analyst`` at 4 (the demo's titles, ``data.IC_TITLE``); other titles stay."""
    prefix, _, suffix = IC_TITLE.get(before, "{role}").partition("{role}")
    if before not in IC_TITLE or after not in IC_TITLE:
        return title
    if not (title.startswith(prefix) and title.endswith(suffix)):
        return title
    role = title[len(prefix) : len(title) - len(suffix)]
    return IC_TITLE[after].format(role=role)

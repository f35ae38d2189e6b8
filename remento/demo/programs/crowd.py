"""The demo programs at a large company's size: the crowd beside each story.

The default demo (300 people) holds programs of a dozen pairs, each pair with a story. A
company of 20,000 or 100,000 people runs programs of thousands, and every page must be tried
at that size: the run review, the participants and pairs lists, the compliance and health
boards, the exports. So beyond the default size the Matching and Active programs take a
crowd as well: ``CROWD_SHARE`` of the people beyond the default size as mentees in each
(1,182 at 20,000 people, 5,982 at 100,000), with ``SPARE_MENTORS`` more mentors than that, so
that the engine has a choice and some people are left unmatched, as in life.

The stories are built first, through the services, as at the default size; the crowd comes
after, from people in no story, with randomness of its own, so that neither the stories nor
the four demo sign-ins change. The crowd's matching run is the matching service's (the
Matching program's run under review holds the stories' people and the crowd together; the
Active program's crowd is its second round); their enrolments, pairs, terms, signatures,
training and kick-off steps are written in bulk (``crowd_writer``), as the demo writes its
other history: through the services, a hundred thousand people's programs would take an
hour to build and send thousands of emails that nobody reads.

The crowded programs take mentees from level 5 (managers) up, and mentors two levels below
them at least, and say so in their design: levels 6 to 10 alone hold too few people for
them (922 of 20,000).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from remento.core.models import Organization
from remento.demo.programs import content
from remento.people.models import Employee

# The default demo's size: a company of this size or smaller has no crowd.
CROWD_FROM = 300
# Mentees in each crowded program per person beyond ``CROWD_FROM``.
CROWD_SHARE = 0.06
# Mentors beyond the mentees, as a share of them.
SPARE_MENTORS = 0.1
# The crowd's mentees come from this level up (the stories' from ``content.LEVELS``).
CROWD_MENTEE_MIN_LEVEL = 5
# The programs with a crowd, in the order they take their people.
CROWD_PROGRAMS = ("active", "matching")


@dataclass
class Crowd:
    """The crowd of one program: mentors and mentees in no story."""

    mentors: list[Employee]
    mentees: list[Employee]

    def __bool__(self) -> bool:
        return bool(self.mentees)

    @property
    def pks(self) -> set[int]:
        return {person.pk for person in [*self.mentors, *self.mentees]}


def crowd_size(people: int) -> int:
    """How many mentees each crowded program takes in a company of ``people``."""
    return max(0, round((people - CROWD_FROM) * CROWD_SHARE))


def crowd_casts(
    organization: Organization, rng: random.Random, taken: set[int]
) -> dict[str, Crowd]:
    """The crowd of each of ``CROWD_PROGRAMS`` (none in a company of ``CROWD_FROM`` people
    or fewer): people active now and in the programs' level bands, none of ``taken`` (the
    stories' people and the demo sign-ins), in ``rng``'s order."""
    count = crowd_size(Employee.objects.filter(organization=organization).count())
    if not count:
        return {}
    people = Employee.objects.filter(organization=organization, is_active=True)
    mentees = _ids(
        people.filter(
            level__gte=CROWD_MENTEE_MIN_LEVEL,
            level__lte=content.LEVELS["mentee_max_level"],
            manager__isnull=False,  # everyone reports to the chief executive: nobody mentors them
        ),
        taken,
    )
    mentors = _ids(
        people.filter(
            level__gte=content.LEVELS["mentor_min_level"],
            level__lte=content.LEVELS["mentor_max_level"],
        ),
        taken,
    )
    rng.shuffle(mentees)
    rng.shuffle(mentors)
    spare = round(count * (1 + SPARE_MENTORS))
    chosen = {
        key: (mentors[i * spare : (i + 1) * spare], mentees[i * count : (i + 1) * count])
        for i, key in enumerate(CROWD_PROGRAMS)
    }
    wanted = {pk for sides in chosen.values() for side in sides for pk in side}
    employees = Employee.objects.in_bulk(wanted)
    return {
        key: Crowd([employees[pk] for pk in mentor_pks], [employees[pk] for pk in mentee_pks])
        for key, (mentor_pks, mentee_pks) in chosen.items()
    }


def _ids(people: Any, taken: set[int]) -> list[int]:
    return [
        pk for pk in people.order_by("employee_id").values_list("pk", flat=True) if pk not in taken
    ]


def crowd_plan(crowd: Crowd | None) -> dict[str, Any]:
    """The changes to a crowded program's design: mentees from ``CROWD_MENTEE_MIN_LEVEL``,
    so mentors two levels below them at least (the stories' mentors, up to level 3, stay)."""
    if not crowd:
        return {}
    gap = CROWD_MENTEE_MIN_LEVEL - content.LEVELS["mentor_max_level"]
    return {"mentee_min_level": CROWD_MENTEE_MIN_LEVEL, "min_level_gap": gap}

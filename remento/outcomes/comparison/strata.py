"""The strata participants and non-participants are matched on, and the 12-month window.

A stratum is (department, level band, generation, tenure band), each taken at the program's
start. The database groups the comparison group by department, level, birth year and
tenure band (``tenure_band_expression``); the level band and the generation are worked out
here from those, with the same rules as the participants' (``stratum``), so that the two
groups are always cut the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import NamedTuple

from django.db.models import Case, IntegerField, Q, Value, When

from remento.people.models import Generation, generation_for

MONTHS = 12
# Levels are grouped two by two (1–2, 3–4, …): one level apart is the same career stage,
# and exact levels would leave most strata without a comparator.
LEVEL_BAND_WIDTH = 2
# Tenure bands at the program's start: under 1 year, 1–3, 3–5, 5 years or more.
TENURE_BAND_YEARS = (1, 3, 5)
TENURE_UNKNOWN = -1


class Stratum(NamedTuple):
    department_id: int | None
    level_band: int
    generation: Generation | None
    tenure_band: int


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` (negative: back), on the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def level_band(level: int) -> int:
    """0 for levels 1–2, 1 for 3–4, and so on."""
    return (max(level, 1) - 1) // LEVEL_BAND_WIDTH


def _tenure_cuts(start: dt.date) -> list[dt.date]:
    """Hire dates after ``cuts[i]`` have under ``TENURE_BAND_YEARS[i]`` years at ``start``."""
    return [add_months(start, -12 * years) for years in TENURE_BAND_YEARS]


def tenure_band(hire_date: dt.date | None, start: dt.date) -> int:
    """The tenure band at ``start`` (someone hired later counts as under a year)."""
    if hire_date is None:
        return TENURE_UNKNOWN
    for band, cut in enumerate(_tenure_cuts(start)):
        if hire_date > cut:
            return band
    return len(TENURE_BAND_YEARS)


def tenure_band_expression(start: dt.date) -> Case:
    """``tenure_band`` in SQL, over ``hire_date``."""
    whens = [When(hire_date__isnull=True, then=Value(TENURE_UNKNOWN))]
    whens += [
        When(Q(hire_date__gt=cut), then=Value(band)) for band, cut in enumerate(_tenure_cuts(start))
    ]
    return Case(*whens, default=Value(len(TENURE_BAND_YEARS)), output_field=IntegerField())


def stratum(
    *, department_id: int | None, level: int, birth_year: int | None, tenure: int
) -> Stratum:
    """The stratum of a person: their department, level band and generation (an unknown
    department or birth year is a stratum of its own) and tenure band."""
    return Stratum(department_id, level_band(level), generation_for(birth_year), tenure)

"""One time-zone module: every page that takes a time zone gives the same verdict and the
same message, and hours per month have one range everywhere."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from remento.core.errors import FieldErrors, RowErrors
from remento.core.models import Organization
from remento.core.timezones import (
    canonical_zone,
    local_time,
    utc_offset_hours,
    zone_names,
    zone_problem,
)
from remento.core.widgets import TimeZoneInput
from remento.enrollment.models import Enrollment
from remento.enrollment.services.rules import HOURS_MAX as ENROLMENT_HOURS_MAX
from remento.enrollment.services.rules import HOURS_MIN as ENROLMENT_HOURS_MIN
from remento.enrollment.services.rules import check_hours_and_timezone
from remento.people.forms import ProfileForm
from remento.people.importing.services import people_import_plan
from remento.people.models import HOURS_PER_MONTH_MAX, HOURS_PER_MONTH_MIN, Employee
from remento.people.services.profile import HOURS_MAX, HOURS_MIN, profile_update
from tests.people.import_files import csv_bytes, person

BAD = "Mars/Olympus"
MESSAGE = "“Mars/Olympus” is not a time zone we know; use a name such as Europe/Paris."


def test_the_module_knows_zones_their_spelling_and_their_offsets() -> None:
    assert {"UTC", "Europe/Paris"} <= set(zone_names())
    assert zone_problem("Europe/Paris") is None
    assert zone_problem(BAD) == MESSAGE
    assert canonical_zone(" america/new_york ") == "America/New_York"
    assert canonical_zone(BAD) is None
    winter = datetime(2026, 1, 15, 12, tzinfo=UTC)
    summer = datetime(2026, 7, 15, 12, tzinfo=UTC)
    assert utc_offset_hours("Asia/Kolkata", winter) == 5.5
    assert (utc_offset_hours("Europe/Paris", winter), utc_offset_hours("Europe/Paris", summer)) == (
        1.0,
        2.0,
    )
    assert local_time(BAD, winter) is None
    assert utc_offset_hours(BAD, winter) is None


def test_the_time_zone_box_offers_the_modules_list() -> None:
    html = TimeZoneInput().render("timezone", "")
    assert html.count("<option") == len(zone_names())


def test_profile_form_profile_service_enrolment_and_import_give_one_message(
    organization: Organization, mentor: Employee
) -> None:
    form = ProfileForm(data={"hours_per_month": 4, "timezone": BAD}, employee=mentor)
    assert not form.is_valid()
    assert form.errors["timezone"] == [MESSAGE]

    assert mentor.user is not None
    with pytest.raises(FieldErrors) as refused:
        profile_update(
            actor=mentor.user,
            employee=mentor,
            teach=[],
            learn=[],
            interests=[],
            extraversion=None,
            hours_per_month=4,
            timezone=BAD,
        )
    assert refused.value.errors["timezone"] == MESSAGE

    assert check_hours_and_timezone(hours_per_month=4, timezone=BAD) == {"timezone": MESSAGE}

    with pytest.raises(RowErrors) as rows:
        people_import_plan(
            actor=None, organization=organization, data=csv_bytes([person("E1", timezone=BAD)])
        )
    assert [problem.reason + "." for problem in rows.value.problems] == [MESSAGE]


def test_hours_per_month_have_one_range() -> None:
    one_range = (HOURS_PER_MONTH_MIN, HOURS_PER_MONTH_MAX)
    assert (HOURS_MIN, HOURS_MAX) == (ENROLMENT_HOURS_MIN, ENROLMENT_HOURS_MAX) == one_range
    for field in (
        Employee._meta.get_field("hours_per_month"),
        Enrollment._meta.get_field("hours_per_month"),
    ):
        limits = sorted(v.limit_value for v in field.validators if hasattr(v, "limit_value"))
        assert tuple(limits) == one_range
    assert check_hours_and_timezone(hours_per_month=0, timezone="UTC") == {
        "hours_per_month": "Give from 1 to 40 hours a month, not 0."
    }

"""Date and time inputs render ISO values, the only ones a browser's date field accepts; a
time zone is picked from a searchable list of every zone."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, date, datetime, time

import pytest
from django import forms
from django.test.html import parse_html
from django.urls import reverse

from remento.core.widgets import DateInput, DateTimeInput, QuickSelect, TimeInput
from remento.programs.forms import DesignForm, LimitedForm
from remento.relationships.goals.forms import GoalForm
from remento.relationships.meetings.forms import MeetingTimeForm
from tests.enrollment.conftest import make_program


class _Dates(forms.Form):
    day = forms.DateField(widget=DateInput)
    moment = forms.DateTimeField(widget=DateTimeInput)
    hour = forms.TimeField(widget=TimeInput)


def test_every_widget_renders_iso_whatever_the_locale(settings) -> None:
    settings.LANGUAGE_CODE = "en-gb"
    form = _Dates(
        initial={
            "day": date(2026, 2, 16),
            "moment": datetime(2026, 2, 16, 9, 30, tzinfo=UTC),
            "hour": time(9, 5),
        }
    )

    html = str(form)

    assert '<input type="date" name="day" value="2026-02-16"' in html
    assert '<input type="datetime-local" name="moment" value="2026-02-16T09:30"' in html
    assert '<input type="time" name="hour" value="09:05"' in html


def test_the_iso_values_come_back_as_dates() -> None:
    form = _Dates({"day": "2026-02-16", "moment": "2026-02-16T09:30", "hour": "09:05"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 2, 16)
    assert form.cleaned_data["moment"] == datetime(2026, 2, 16, 9, 30, tzinfo=UTC)


def test_the_program_forms_render_their_dates_in_iso(organization) -> None:
    initial = {"start_date": date(2027, 1, 11), "end_date": date(2027, 6, 30), "name": "P"}

    for form in (
        DesignForm(initial=initial, organization=organization),
        LimitedForm(initial=initial),
    ):
        html = str(form["start_date"]) + str(form["end_date"])
        assert 'value="2027-01-11"' in html
        assert 'value="2027-06-30"' in html


def test_every_page_that_asks_for_a_time_zone_offers_the_searchable_list(
    mentee, mentee_client
) -> None:
    program = make_program(mentee.organization)

    for url in (reverse("people:profile_edit"), reverse("enrollment:signup", args=[program.pk])):
        html = mentee_client.get(url).content.decode()
        assert 'list="id_timezone-zones"' in html, url
        assert '<option value="Asia/Singapore"></option>' in html, url
        assert "IANA" not in html, url


@pytest.mark.parametrize("value", [None, "", 2, "7"])
def test_quick_select_writes_what_django_s_select_writes(value):
    choices = [
        ("", "— choose —"),
        ("Digital", [(1, "AI & <prompts>"), (2, "Social media")]),
        (7, 'Strategy "2030"'),
    ]
    attrs = {"id": "id_skill", "class": "wide", "required": True, "disabled": False}

    quick = QuickSelect(choices=choices).render("skill", value, attrs=attrs)
    django = forms.Select(choices=choices).render("skill", value, attrs=attrs)

    assert parse_html(quick) == parse_html(django)
    assert "AI &amp; &lt;prompts&gt;" in quick


def _project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class Remento defines (its modules imported, migrations and entry points
    aside)."""
    import remento

    skip = (".migrations", ".management.", "remento.wsgi", "remento.asgi", "remento.cli")
    for module in pkgutil.walk_packages(remento.__path__, "remento."):
        if not any(part in module.name for part in skip):
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("remento."):
                found.append(sub)
    return found


def test_every_date_and_time_field_of_every_form_uses_the_iso_widgets() -> None:
    # Five forms had Django's own DateInput with type="date": under en-gb it rendered
    # 29/03/2027, the browser showed an empty field, and saving a goal cleared its date.
    localised = []
    classes = _project_form_classes()
    for form_class in classes:
        for name, field in form_class.base_fields.items():
            widget = field.widget
            kind = getattr(widget, "input_type", "")
            if kind in ("date", "time", "datetime-local") and not isinstance(
                widget, (DateInput, DateTimeInput, TimeInput)
            ):
                localised.append(f"{form_class.__module__}.{form_class.__name__}.{name}")

    assert len(classes) > 50  # the walk found the project's forms
    assert localised == []


def test_a_goal_and_a_meeting_keep_their_day_when_edited(settings) -> None:
    settings.LANGUAGE_CODE = "en-gb"
    goal = GoalForm(learners=[], initial={"target_date": date(2027, 3, 29)})
    meeting = MeetingTimeForm(initial={"day": date(2027, 3, 29), "at": time(14, 30)})

    assert 'value="2027-03-29"' in str(goal["target_date"])
    assert 'value="2027-03-29"' in str(meeting["day"])
    assert 'value="14:30"' in str(meeting["at"])

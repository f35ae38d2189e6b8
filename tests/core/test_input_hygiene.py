"""Input hygiene on forms: control, direction and zero-width characters, long text, dates."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re

import pytest
import time_machine
from django import forms

import remento
from remento.core.hygiene import CleanInputMixin, UnsafeText, clean_text
from remento.core.models import Organization
from remento.programs.forms import DesignForm, ObjectiveForm
from remento.programs.models import ObjectiveType, ProgramType


def objective(**values: str) -> ObjectiveForm:
    data = {
        "name": "Digital leadership",
        "program_type": ProgramType.REVERSE,
        "objective_type": ObjectiveType.HARD_SKILL,
    }
    form = ObjectiveForm(data | values)
    form.is_valid()
    return form


class EventForm(CleanInputMixin, forms.Form):
    held_on = forms.DateField(label="Held on")
    starts_at = forms.DateTimeField(label="Starts at", required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("Ann\x00Lee", "contains a null character"),
        ("Ann\nLee", "contains a line break; it must fit on one line"),
        ("Ann\u2028Lee", "contains a line break; it must fit on one line"),
        ("Ann\x1bLee", "contains an invisible control character (U+001B)"),
        ("Ann\u202eeeL", "text-direction control character, right-to-left override (U+202E)"),
        ("Ann\u2066Lee", "text-direction control character, left-to-right isolate (U+2066)"),
    ],
)
def test_a_one_line_value_with_a_control_character_is_refused(value: str, reason: str) -> None:
    with pytest.raises(UnsafeText, match=re.escape(reason)):
        clean_text(value)


def test_zero_width_characters_are_removed_from_one_line_values() -> None:
    assert clean_text("\ufeffAnn\u200b Lee\u200c\u200d") == "Ann Lee"


def test_multi_line_text_keeps_line_breaks_tabs_and_emoji_joiners_but_not_overrides() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_text(f"First\r\n\tsecond {family}\u200b", multiline=True) == (
        f"First\r\n\tsecond {family}"
    )
    with pytest.raises(UnsafeText, match="text-direction"):
        clean_text("safe\u202egnp.exe", multiline=True)
    with pytest.raises(UnsafeText, match="null character"):
        clean_text("a\x00b", multiline=True)


def test_a_form_refuses_a_name_with_a_line_break_or_a_direction_override() -> None:
    assert objective(name="Digital\nleadership").errors["name"] == [
        "This contains a line break; it must fit on one line."
    ]
    assert "text-direction control character" in objective(name="Dig\u202eital").errors["name"][0]
    assert "text-direction control character" in objective(goal="Learn \u2067AI").errors["goal"][0]


def test_a_form_cleans_zero_width_characters_out_of_a_name() -> None:
    form = objective(name="\u200bDigital\u200d leadership\ufeff")

    assert form.errors == {}
    assert form.cleaned_data["name"] == "Digital leadership"


def test_a_text_field_without_its_own_limit_takes_at_most_5000_characters() -> None:
    assert objective(goal="x" * 5000).errors == {}

    assert objective(goal="x" * 5001).errors["goal"] == [
        "Goal: at most 5,000 characters, please (this has 5001); shorten it."
    ]


def test_a_one_line_field_without_its_own_limit_takes_at_most_500_characters() -> None:
    form = EventForm({"held_on": "2026-01-01", "notes": ""})
    form.fields["title"] = forms.CharField(required=False)
    form.data = {**form.data, "title": "y" * 501}

    assert form.errors["title"] == [
        "Title: at most 500 characters, please (this has 501); shorten it."
    ]


@time_machine.travel(dt.datetime(2026, 12, 6, 12, tzinfo=dt.UTC))
def test_far_past_and_far_future_dates_are_refused_naming_the_field() -> None:
    assert EventForm({"held_on": "2026-12-06"}).is_valid()
    assert EventForm({"held_on": "1900-01-01"}).is_valid()
    assert EventForm({"held_on": "2036-12-06"}).is_valid()

    assert EventForm({"held_on": "1899-12-31"}).errors["held_on"] == [
        "Held on: 1899-12-31 is too far in the past (the earliest is 1900-01-01)."
    ]
    assert EventForm({"held_on": "2036-12-07"}).errors["held_on"] == [
        "Held on: 2036-12-07 is too far ahead (the latest is 2036-12-06)."
    ]
    assert EventForm({"held_on": "2026-12-06", "starts_at": "3026-01-01 10:00"}).errors[
        "starts_at"
    ] == ["Starts at: 3026-01-01 is too far ahead (the latest is 2036-12-06)."]


def test_a_programs_far_future_start_date_is_refused(organization: Organization) -> None:
    form = DesignForm({"start_date": "9999-01-01"}, organization=organization)

    assert not form.is_valid()
    assert form.errors["start_date"][0].startswith("Start date: 9999-01-01 is too far ahead")


def _app_form_classes() -> list[type[forms.Form]]:
    found = set()
    for module_info in pkgutil.walk_packages(remento.__path__, "remento."):
        if ".demo" in module_info.name or ".engine" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and value.__module__.startswith("remento.")
            ):
                found.add(value)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_every_form_of_the_app_applies_the_hygiene_rules() -> None:
    classes = _app_form_classes()

    assert len(classes) > 20
    assert [cls for cls in classes if not issubclass(cls, CleanInputMixin)] == []

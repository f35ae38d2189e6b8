"""The one form-field template: every field's help text and errors are the elements its
aria-describedby names, so screen readers read them with the field."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string

from remento.core.widgets import TimeZoneInput


class _Sample(forms.Form):
    name = forms.CharField(help_text="As your colleagues know you.")
    level = forms.ChoiceField(
        choices=[("1", "One"), ("2", "Two")],
        widget=forms.RadioSelect,
        help_text="Pick the closest.",
    )
    agree = forms.BooleanField(help_text="You can change your mind later.")
    timezone = forms.CharField(widget=TimeZoneInput(), help_text="Where you work from.")


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def _described_by(html: str) -> list[str]:
    return [
        ref for value in re.findall(r'aria-describedby="([^"]+)"', html) for ref in value.split()
    ]


def test_every_aria_describedby_names_an_element_of_the_page() -> None:
    html = render_to_string("_form_fields.html", {"form": _Sample()})

    references = _described_by(html)

    assert "id_name_helptext" in references
    assert "id_level_helptext" in references  # the radio group's fieldset
    assert "id_agree_helptext" in references
    assert "id_timezone_helptext" in references
    assert set(references) <= _ids(html)


def test_errors_are_described_too_and_carry_the_ids_the_fields_point_at() -> None:
    form = _Sample(data={})
    assert not form.is_valid()

    html = render_to_string("_form_fields.html", {"form": form})

    references = _described_by(html)
    for name in ("name", "level", "agree", "timezone"):
        assert f"id_{name}_error" in references
    assert set(references) <= _ids(html)


def test_a_radio_group_is_a_fieldset_whose_legend_is_the_label() -> None:
    html = render_to_string("_field.html", {"field": _Sample()["level"]})

    assert "<fieldset" in html
    assert "<legend>Level</legend>" in html
    assert 'for="id_level_0"' in html


def test_the_time_zone_field_offers_a_searchable_list_of_every_zone() -> None:
    html = render_to_string("_field.html", {"field": _Sample()["timezone"]})

    assert 'list="id_timezone-zones"' in html
    assert '<datalist id="id_timezone-zones">' in html
    assert '<option value="Europe/Paris"></option>' in html
    assert '<option value="America/Toronto"></option>' in html
    assert "IANA" not in html

"""Form widgets shared by every app.

The browser's own date and time fields accept only ISO values (``2026-02-16``,
``2026-02-16T09:30``); a localised value (``16/02/2026``) leaves them blank, and saving the
form then clears the date. These widgets always render ISO, whatever the locale.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from remento.core.timezones import zone_names

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
ISO_TIME = "%H:%M"

TIMEZONE_HELP = (
    "Where you work from: type your city or region (such as Paris or New York) and pick "
    "your time zone from the list."
)


class DateInput(forms.DateInput):
    """``<input type="date">`` with its value in ISO format."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` with its value in ISO format, to the minute."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format=ISO_DATETIME_LOCAL)


class TimeInput(forms.TimeInput):
    """``<input type="time">`` with its value as hours and minutes."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs=attrs, format=ISO_TIME)


class TimeZoneInput(forms.TextInput):
    """A text box that offers every time zone as you type (“Paris” finds Europe/Paris).

    The choices travel with the widget as a ``<datalist>`` of the zones Python knows
    (``remento.core.timezones.zone_names()``), so every form that asks for a time zone offers the
    same searchable list, with no script and nothing from a CDN.
    """

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["list"] = f"{widget_attrs.get('id') or name}-zones"
        return context

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        box = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id') or self.attrs.get('id') or name}-zones"
        options = format_html_join("", '<option value="{}"></option>', ((z,) for z in zone_names()))
        return format_html('{}<datalist id="{}">{}</datalist>', box, list_id, options)


class QuickSelect(forms.Select):
    """``forms.Select`` with the same markup, its options written in Python. Django's own
    builds a dictionary and renders a template for every option: the profile page's 14
    skill rows of 76 options cost about 70 of its 100 ms of CPU that way. As there, the
    first option whose value matches is selected, and options carry no other attribute."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, None, attrs)["widget"]  # no options built
        options = "".join(self._options(set(self.format_value(value))))
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe(options),  # every value and label escaped by _options
        )

    def _options(self, wanted: set[str]) -> Iterator[str]:
        chosen = False
        for group_value, group_label in self.choices:
            grouped = isinstance(group_label, (list, tuple))
            if grouped and group_value:
                yield f'<optgroup label="{escape(group_value)}">'
            for option_value, label in group_label if grouped else [(group_value, group_label)]:
                text = "" if option_value is None else str(option_value)
                selected = not chosen and text in wanted
                chosen = chosen or selected
                mark = " selected" if selected else ""
                yield f'<option value="{escape(text)}"{mark}>{escape(label)}</option>'
            if grouped and group_value:
                yield "</optgroup>"

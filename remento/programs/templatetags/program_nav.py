"""``{% program_links program as nav %}``: the program navigation's links for the viewer;
``{% nav_item "Pairs" "relationships:program_pairs" program.pk %}``: one of its links,
marked as the page shown when it is."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from remento.programs.models import Program
from remento.programs.navigation import ProgramNav, program_nav

register = template.Library()


@register.simple_tag(takes_context=True)
def program_links(context: dict[str, Any], program: Program) -> ProgramNav:
    """The links of ``program``'s navigation that the signed-in person can use."""
    return program_nav(program=program, viewer=context.get("current_employee"))


@register.simple_tag(takes_context=True)
def nav_item(context: dict[str, Any], label: str, url_name: str, *args: Any) -> SafeString:
    """``<li><a>`` to ``url_name`` with ``args``, ``aria-current="page"`` on the page shown
    (which a screen reader announces, and the style underlines)."""
    url = reverse(url_name, args=args)
    request = context.get("request")
    if request is not None and request.path == url:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', url, label)
    return format_html('<li><a href="{}">{}</a></li>', url, label)

"""``{% program_links program as nav %}``: the program navigation's links for the viewer."""

from __future__ import annotations

from typing import Any

from django import template

from remento.programs.models import Program
from remento.programs.navigation import ProgramNav, program_nav

register = template.Library()


@register.simple_tag(takes_context=True)
def program_links(context: dict[str, Any], program: Program) -> ProgramNav:
    """The links of ``program``'s navigation that the signed-in person can use."""
    return program_nav(program=program, viewer=context.get("current_employee"))

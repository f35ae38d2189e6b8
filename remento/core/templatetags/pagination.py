"""``{% page_query number param %}``: the page's query string with one page number changed,
for pages that paginate more than one list (each under its own parameter)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaulttags import querystring

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, number: int, param: str = "page") -> str:
    """``?…`` of the current request, with ``param`` (default ``page``) set to ``number``."""
    changed: dict[str, Any] = {param: number}
    return str(querystring(context, **changed))


@register.simple_tag(takes_context=True)
def cursor_query(context: template.Context, cursor: str | None, param: str = "cursor") -> str:
    """``?…`` of the current request with the keyset cursor ``param`` set to ``cursor``
    (removed for None: the first page), for ``_keyset_pagination.html``."""
    changed: dict[str, Any] = {param: cursor}
    return str(querystring(context, **changed))

"""Cursor pages for every list of the API, on the app's keyset pages (core.paging).

A list answers ``{"items": [...], "total": n, "next_cursor": "..." | null}``; the next page
is the same request with ``?cursor=<next_cursor>``. The cursor is opaque and signed: it
holds where the page ended, so rows added or removed meanwhile never shift what the next
page shows, and every page costs the same however deep.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Model, QuerySet
from ninja import Field, Schema

from remento.core.errors import FieldErrors
from remento.core.paging import keyset_page

DEFAULT_LIMIT, MAX_LIMIT = 25, 100


class PageQuery(Schema):
    cursor: str | None = Field(
        None, max_length=2000, description="The next_cursor of the page before; none for the first."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")


def page_of[T: Model](
    queryset: QuerySet[T],
    *,
    order: Sequence[str],
    query: PageQuery,
    item: Callable[[T], Any],
) -> dict[str, Any]:
    """The page of ``queryset`` (ordered by ``order``, ending with a unique field) that the
    query's cursor points to, each row made into an item by ``item``. A cursor that does not
    point into this list is a 422 naming the ``cursor`` field."""
    page = keyset_page(queryset, order=order, size=query.limit, cursor=query.cursor)
    if query.cursor and page.is_first:
        # Only next_cursor values are handed out, and they never lead to the first page:
        # this one was edited, belongs to another list, or the rows it followed are gone.
        raise FieldErrors({"cursor": "Not a cursor of this list; start again without one."})
    return {
        "items": [item(row) for row in page.rows],
        "total": page.total,
        "next_cursor": page.next_cursor,
    }

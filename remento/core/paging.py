"""Keyset pagination: long lists paged by where the last page ended, not by row offset.

``OFFSET 19975 LIMIT 25`` makes the database read and throw away every row before the
page, so the last page of a 20,000-person directory costs many times the first. A keyset
page starts right after the ordering key of the previous page's last row (``WHERE key >
last ORDER BY key LIMIT 26``), which an index on the key answers at the same cost on any
page: first, middle or last.

The cursor that carries the key is signed (``django.core.signing``): a page link cannot be
edited into anything but a bad link, which gives the first page. It also carries the
position of the page's first row, so that pages still say "26–50 of 20,000" without
counting the rows before them.

The ordering must end with a unique field (``pk``) so that people with the same name keep
a stable order and no row is shown twice or skipped; ordering fields must not be null.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q, QuerySet

SALT = "remento.core.paging"
FORWARD, BACKWARD, LAST = "n", "p", "l"


@dataclass(frozen=True)
class KeysetPage[T: Model]:
    """One page of rows and the cursors of the pages around it (None where there is none).

    ``start`` is the position of the first row (1-based; 0 when the page is empty) and
    ``total`` the number of rows of the whole list."""

    rows: list[T]
    total: int
    start: int
    next_cursor: str | None
    previous_cursor: str | None
    last_cursor: str | None

    @property
    def end(self) -> int:
        return self.start + len(self.rows) - 1 if self.rows else 0

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def is_first(self) -> bool:
        return not self.has_previous


def _encode(direction: str, key: Sequence[Any] = (), start: int = 1) -> str:
    return signing.dumps(
        {"d": direction, "k": list(key), "s": start},
        salt=SALT,
        serializer=_Serializer,
        compress=True,
    )


class _Encoder(DjangoJSONEncoder):
    """Dates, times and decimals as text that the ORM reads back when it compares them with
    their column; times keep their microseconds (Django's encoder cuts them to
    milliseconds, which would skip or repeat rows written within one millisecond)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class _Serializer:
    def dumps(self, obj: Any) -> bytes:
        return json.dumps(obj, cls=_Encoder, separators=(",", ":")).encode("latin-1")

    def loads(self, data: bytes) -> Any:
        return json.loads(data.decode("latin-1"))


def last_page_cursor() -> str:
    """The cursor of any list's last page (it carries no key: the last page is read
    backwards from the end)."""
    return _encode(LAST)


def _decode(cursor: str | None, width: int) -> tuple[str, list[Any], int] | None:
    """The cursor's direction, key and start, or None for no cursor or a bad one."""
    if not cursor:
        return None
    try:
        data = signing.loads(cursor, salt=SALT, serializer=_Serializer)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    direction, key, start = data.get("d"), data.get("k"), data.get("s")
    if direction not in (FORWARD, BACKWARD, LAST) or not isinstance(key, list):
        return None
    if direction != LAST and len(key) != width:
        return None
    return direction, key, start if isinstance(start, int) and start > 0 else 1


def _beyond(order: Sequence[str], key: Sequence[Any], *, forward: bool) -> Q:
    """Rows after ``key`` in ``order`` (before it when not ``forward``), written as
    ``a >= x AND (a > x OR (a = x AND (b > y OR ...)))``: the first term lets an index on
    the leading column start at ``x`` on SQLite and PostgreSQL alike."""
    condition: Q | None = None
    for field, value in reversed(list(zip(order, key, strict=True))):
        name = field.lstrip("-")
        ascending = not field.startswith("-")
        strict = "gt" if ascending == forward else "lt"
        after = Q(**{f"{name}__{strict}": value})
        condition = after if condition is None else after | (Q(**{name: value}) & condition)
    first = order[0].lstrip("-")
    loose = "gte" if (not order[0].startswith("-")) == forward else "lte"
    assert condition is not None
    return Q(**{f"{first}__{loose}": key[0]}) & condition


def _reversed(order: Sequence[str]) -> list[str]:
    return [field[1:] if field.startswith("-") else f"-{field}" for field in order]


def _key_of(row: Model, order: Sequence[str]) -> list[Any]:
    return [attrgetter(field.lstrip("-").replace("__", "."))(row) for field in order]


def keyset_page[T: Model](
    queryset: QuerySet[T],
    *,
    order: Sequence[str],
    size: int,
    cursor: str | None,
    total: int | None = None,
) -> KeysetPage[T]:
    """The page of ``queryset`` (sorted by ``order``, which ends with a unique field) that
    ``cursor`` points to: the first page without one or with a bad one.

    Two queries: the count (skipped when ``total`` is given) and the page. The page reads
    one row more than ``size`` to know whether another page follows.
    """
    if total is None:
        total = queryset.order_by().count()
    decoded = _decode(cursor, len(order))
    direction, key, start = decoded if decoded is not None else (FORWARD, [], 1)
    # The last page holds what is left after whole pages, so that its rows start where
    # "Next" from the page before would have started them.
    wanted = (total % size or size) if direction == LAST else size
    rows: list[T] | None = None
    try:
        rows = _rows(queryset, order=order, size=wanted, direction=direction, key=key)
    except ValidationError:  # a key that no longer fits its column: start again
        rows = None
    if rows is None or (not rows and key):
        direction, key, start, wanted = FORWARD, [], 1, size
        rows = _rows(queryset, order=order, size=size, direction=FORWARD, key=[])
    more = len(rows) > wanted
    if direction == FORWARD:
        rows = rows[:size]
        has_next, has_previous = more, bool(key)
    elif direction == BACKWARD:
        rows = list(reversed(rows[:size]))
        has_next, has_previous = True, more
        start = start if more else 1
    else:
        rows = list(reversed(rows[:wanted]))
        has_next, has_previous = False, len(rows) < total
        start = max(total - len(rows) + 1, 1)
    start = min(start, max(total - len(rows) + 1, 1)) if rows else 0
    return KeysetPage(
        rows=rows,
        total=total,
        start=start,
        next_cursor=_encode(FORWARD, _key_of(rows[-1], order), start + len(rows))
        if has_next and rows
        else None,
        previous_cursor=_encode(BACKWARD, _key_of(rows[0], order), max(start - size, 1))
        if has_previous and rows
        else None,
        last_cursor=last_page_cursor() if has_next else None,
    )


def _rows[T: Model](
    queryset: QuerySet[T], *, order: Sequence[str], size: int, direction: str, key: list[Any]
) -> list[T]:
    """Up to ``size + 1`` rows from ``key`` on, in reading order for ``FORWARD`` and in
    reverse order (nearest to ``key`` first) otherwise."""
    if direction == FORWARD:
        ordered = queryset.order_by(*order)
        if key:
            ordered = ordered.filter(_beyond(order, key, forward=True))
    else:
        ordered = queryset.order_by(*_reversed(order))
        if direction == BACKWARD:
            ordered = ordered.filter(_beyond(order, key, forward=False))
    return list(ordered[: size + 1])

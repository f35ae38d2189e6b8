"""Keyset pages (remento.core.paging): every row once across the pages, in either
direction, with equal names and equal timestamps; a bad cursor gives the first page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from remento.core.models import AuditEvent, Organization
from remento.core.paging import KeysetPage, keyset_page
from remento.people.models import Employee
from tests.factories import EmployeeFactory, OrganizationFactory

ORDER = ("last_name", "first_name", "pk")


def _people(organization: Organization) -> QuerySet[Employee]:
    return Employee.objects.filter(organization=organization)


def _walk_forward(queryset: QuerySet[Any], order: tuple[str, ...], size: int) -> list[Any]:
    pages: list[KeysetPage[Any]] = [keyset_page(queryset, order=order, size=size, cursor=None)]
    while pages[-1].next_cursor is not None:
        pages.append(keyset_page(queryset, order=order, size=size, cursor=pages[-1].next_cursor))
    return pages


def test_pages_forward_show_everyone_once_in_order_even_with_equal_names(
    organization: Organization,
) -> None:
    # Twelve people called "Kim Lee" (only their primary keys tell them apart) among others.
    for number in range(12):
        EmployeeFactory.create(organization=organization, first_name="Kim", last_name="Lee")
        EmployeeFactory.create(organization=organization, last_name=f"Name{number:02d}")
    queryset = _people(organization)
    pages = _walk_forward(queryset, ORDER, size=5)

    shown = [person.pk for page in pages for person in page.rows]
    assert shown == list(queryset.order_by(*ORDER).values_list("pk", flat=True))
    assert [page.start for page in pages] == [1, 6, 11, 16, 21]
    assert (pages[-1].end, pages[-1].total) == (24, 24)
    assert (pages[0].has_previous, pages[-1].has_next) == (False, False)


def test_pages_backward_from_the_last_page_show_everyone_once(
    organization: Organization,
) -> None:
    for number in range(11):
        EmployeeFactory.create(organization=organization, first_name="Same", last_name="Name")
        EmployeeFactory.create(organization=organization, last_name=f"Other{number % 3}")
    queryset = _people(organization)
    first = keyset_page(queryset, order=ORDER, size=4, cursor=None)
    page = keyset_page(queryset, order=ORDER, size=4, cursor=first.last_cursor)
    # The last page holds what is left after whole pages of 4: rows 21 and 22.
    assert (page.start, page.end, page.has_next) == (21, 22, False)
    seen = [person.pk for person in reversed(page.rows)]
    while page.previous_cursor is not None:
        page = keyset_page(queryset, order=ORDER, size=4, cursor=page.previous_cursor)
        seen.extend(person.pk for person in reversed(page.rows))
    assert page.start == 1
    assert list(reversed(seen)) == list(queryset.order_by(*ORDER).values_list("pk", flat=True))


def test_descending_order_and_events_written_in_the_same_instant(
    organization: Organization,
) -> None:
    """Events bulk-written at one time (to the microsecond) are told apart by their key."""
    instant = timezone.now().replace(microsecond=123456)
    events = AuditEvent.objects.bulk_create(
        AuditEvent(organization=organization, verb=f"x.{number}") for number in range(9)
    )
    AuditEvent.objects.filter(pk__in=[event.pk for event in events[:6]]).update(created_at=instant)
    queryset = AuditEvent.objects.filter(organization=organization)
    order = ("-created_at", "-pk")
    pages = _walk_forward(queryset, order, size=2)
    shown = [event.pk for page in pages for event in page.rows]
    assert shown == list(queryset.order_by(*order).values_list("pk", flat=True))
    assert len(shown) == 9


@pytest.mark.parametrize("cursor", ["", "nonsense", "eyJkIjoibiJ9:forged:signature"])
def test_a_missing_or_edited_cursor_gives_the_first_page(
    organization: Organization, cursor: str
) -> None:
    for number in range(7):
        EmployeeFactory.create(organization=organization, last_name=f"Person{number}")
    queryset = _people(organization)
    page = keyset_page(queryset, order=ORDER, size=3, cursor=cursor)
    assert [p.last_name for p in page.rows] == ["Person0", "Person1", "Person2"]
    assert (page.start, page.has_next, page.has_previous) == (1, True, False)


def test_a_cursor_past_rows_deleted_since_falls_back_to_the_first_page(
    organization: Organization,
) -> None:
    people = [
        EmployeeFactory.create(organization=organization, last_name=f"Person{n}") for n in range(6)
    ]
    queryset = _people(organization)
    first = keyset_page(queryset, order=ORDER, size=3, cursor=None)
    Employee.objects.filter(pk__in=[person.pk for person in people[3:]]).delete()
    page = keyset_page(queryset, order=ORDER, size=3, cursor=first.next_cursor)
    assert [p.last_name for p in page.rows] == ["Person0", "Person1", "Person2"]


def test_an_empty_list_has_no_pages(organization: Organization) -> None:
    page = keyset_page(_people(organization), order=ORDER, size=3, cursor=None)
    assert (page.rows, page.total, page.start, page.end) == ([], 0, 0, 0)
    assert not page.has_other_pages


def test_a_cursor_from_another_list_never_shows_that_lists_rows(
    organization: Organization,
) -> None:
    """The cursor carries only where to start: the rows always come from the queryset the
    page is given, so a cursor copied from another organisation's list shows ours."""
    other = OrganizationFactory.create(slug="other-paging")
    for number in range(4):
        EmployeeFactory.create(organization=other, last_name=f"Theirs{number}")
        EmployeeFactory.create(organization=organization, last_name=f"Ours{number}")
    theirs = keyset_page(_people(other), order=ORDER, size=2, cursor=None)
    page = keyset_page(_people(organization), order=ORDER, size=2, cursor=theirs.next_cursor)
    assert all(person.organization_id == organization.pk for person in page.rows)

"""Pinning a page's query count: the same number of queries for N rows as for 3N, so that a
later N+1 (a query per row) fails a test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

N = 2


def queries_do_not_grow(
    client: Client,
    url: str,
    grow: Callable[[int], object],
    django_assert_num_queries: Any,
) -> HttpResponse:
    """Add ``N`` rows with ``grow(N)``, count the page's queries, add ``2N`` more (3N in
    all) and assert the page takes exactly as many. Returns the page at 3N, to check it
    shows every row."""
    grow(N)
    assert client.get(url).status_code == 200  # warms the session and the caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(2 * N)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200
    return response  # type: ignore[return-value]

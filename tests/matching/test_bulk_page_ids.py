"""Every id on the bulk matching page is unique, so each label names its own box (the
review's department filter and the weights' department rule once shared ``id_department``)."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from remento.matching.services import bulk
from remento.people.models import Employee
from remento.programs.models import Program
from tests.factories import user_of


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {key: value or "" for key, value in attrs}))


def _elements(page: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(page)
    return parser.elements


def _page(client: Client, program: Program, query: str = "") -> str:
    response = client.get(reverse("matching:run_review", args=[program.pk]) + query)
    assert response.status_code == 200
    return response.text


def test_every_id_on_the_bulk_page_is_unique_and_every_label_names_a_box(
    coordinator: Employee, coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    bulk.match_run_start(actor=user_of(coordinator), program=program)

    elements = _elements(_page(coordinator_client, program))

    ids = Counter(attrs["id"] for _, attrs in elements if "id" in attrs)
    assert [id_ for id_, count in ids.items() if count > 1] == []
    labelled = {attrs["for"] for tag, attrs in elements if tag == "label" and "for" in attrs}
    assert labelled <= set(ids)


def test_the_department_filter_label_names_the_filter_and_its_query_still_filters(
    coordinator: Employee, coordinator_client: Client, program: Program, pool: dict[str, Employee]
) -> None:
    bulk.match_run_start(actor=user_of(coordinator), program=program)
    department = pool["a1"].department
    assert department is not None

    page = _page(coordinator_client, program, f"?department={department.pk}")

    elements = _elements(page)
    target = re.search(r'<label for="([^"]+)"[^>]*>\s*Department \(mentor or mentee\)', page)
    assert target is not None
    # The browser follows a label to the first element with its id.
    tag, box = next((tag, attrs) for tag, attrs in elements if attrs.get("id") == target[1])
    assert (tag, box["name"]) == ("select", "department")
    selected = [
        attrs
        for tag, attrs in elements
        if tag == "option" and "selected" in attrs and attrs.get("value") == str(department.pk)
    ]
    assert selected, "the filter keeps the department chosen in the query string"

"""The directory (search, filters, pagination) and a person's profile page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.people.models import (
    Employee,
    Interest,
    SkillCategory,
    SkillOffer,
    SkillWant,
)
from tests.factories import DepartmentFactory, EmployeeFactory, SkillFactory

DIRECTORY = reverse("people:directory")


def names_listed(response: object) -> list[str]:
    """The names in the result table, in order."""
    text = response.text  # type: ignore[attr-defined]
    return re.findall(r'<td><a href="/people/\d+/">([^<]+)</a>', text)


@pytest.fixture
def make_person(organization: Organization) -> Callable[..., Employee]:
    def make(**kwargs: object) -> Employee:
        return EmployeeFactory(organization=organization, **kwargs)

    return make


def test_the_directory_lists_active_people_in_name_order(
    coordinator_client: Client, make_person: Callable[..., Employee]
) -> None:
    make_person(first_name="Zoe", last_name="Adams")
    make_person(first_name="Ann", last_name="Brown")
    make_person(first_name="Old", last_name="Timer", is_active=False)
    response = coordinator_client.get(DIRECTORY)
    assert names_listed(response) == ["Zoe Adams", "Ann Brown", "Cora Ordinator"]
    assert "3 people found" in response.text


def test_the_search_box_matches_name_email_and_title(
    coordinator_client: Client, make_person: Callable[..., Employee]
) -> None:
    make_person(first_name="Priya", last_name="Nair", email="pn@acme.example", title="Analyst")
    make_person(first_name="Tom", last_name="Hardy", email="tom.h@acme.example", title="Designer")
    make_person(first_name="Lee", last_name="Wong", email="lw@acme.example", title="UX Designer")

    def search(text: str) -> list[str]:
        return names_listed(coordinator_client.get(DIRECTORY, {"q": text}))

    assert search("priya") == ["Priya Nair"]
    assert search("tom.h@") == ["Tom Hardy"]
    assert search("designer") == ["Tom Hardy", "Lee Wong"]
    assert search("ux designer") == ["Lee Wong"]
    assert search("nobody-like-this") == []


def test_filters_by_department_and_level(
    coordinator_client: Client, organization: Organization, make_person: Callable[..., Employee]
) -> None:
    sales = DepartmentFactory(organization=organization, name="Sales")
    legal = DepartmentFactory(organization=organization, name="Legal")
    make_person(first_name="Sal", last_name="One", department=sales, level=2)
    make_person(first_name="Sal", last_name="Two", department=sales, level=7)
    make_person(first_name="Leg", last_name="Three", department=legal, level=2)

    by_department = coordinator_client.get(DIRECTORY, {"department": sales.pk})
    assert names_listed(by_department) == ["Sal One", "Sal Two"]
    by_level = coordinator_client.get(DIRECTORY, {"level": 2})
    assert names_listed(by_level) == ["Sal One", "Leg Three"]
    both = coordinator_client.get(DIRECTORY, {"department": sales.pk, "level": 7})
    assert names_listed(both) == ["Sal Two"]


def test_the_level_filter_shows_the_organisations_own_level_names(
    coordinator_client: Client, organization: Organization
) -> None:
    organization.level_names = ["Apprentice", "Crafter", "Master"]
    organization.save()
    response = coordinator_client.get(DIRECTORY)
    assert '<option value="2">2 · Crafter</option>' in response.text
    assert "Vice president" not in response.text


def test_the_skill_filter_finds_people_who_teach_or_want_the_skill(
    coordinator_client: Client, organization: Organization, make_person: Callable[..., Employee]
) -> None:
    genai = SkillFactory(organization=organization, name="Generative AI", slug="genai")
    excel = SkillFactory(organization=organization, name="Excel", slug="excel")
    teacher = make_person(first_name="Tea", last_name="Cher")
    learner = make_person(first_name="Lea", last_name="Rner")
    both = make_person(first_name="Bo", last_name="Th")
    make_person(first_name="Oth", last_name="Er")
    SkillOffer.objects.create(employee=teacher, skill=genai, proficiency=5)
    SkillWant.objects.create(employee=learner, skill=genai, priority=4)
    SkillOffer.objects.create(employee=both, skill=genai, proficiency=2)
    SkillWant.objects.create(employee=both, skill=genai, priority=5)
    SkillOffer.objects.create(employee=learner, skill=excel, proficiency=3)

    response = coordinator_client.get(DIRECTORY, {"skill": genai.pk})
    # Someone who both teaches and wants the skill is listed once.
    assert names_listed(response) == ["Tea Cher", "Lea Rner", "Bo Th"]
    assert "<optgroup" in response.text


def test_people_who_left_are_hidden_unless_asked_for(
    coordinator_client: Client, make_person: Callable[..., Employee]
) -> None:
    make_person(first_name="Gone", last_name="Away", is_active=False)
    assert "Gone Away" not in names_listed(coordinator_client.get(DIRECTORY))
    response = coordinator_client.get(DIRECTORY, {"include_inactive": "on"})
    assert "Gone Away" in names_listed(response)
    assert "left" in response.text


def test_a_leaver_and_an_erased_person_are_not_called_the_top_of_the_organisation(
    coordinator_client: Client, make_person: Callable[..., Employee]
) -> None:
    gone = make_person(first_name="Gone", last_name="Away", is_active=False)
    erased = make_person(first_name="Erased", last_name="Person", is_active=False)
    Employee.objects.filter(pk=erased.pk).update(erased_at=timezone.now())

    left_page = coordinator_client.get(reverse("people:employee_detail", args=[gone.pk])).text
    erased_page = coordinator_client.get(reverse("people:employee_detail", args=[erased.pk])).text

    assert "at the top of the organisation" not in left_page + erased_page
    assert "has left the organisation" in left_page
    assert "their reporting line with it" in erased_page


def test_a_filter_value_that_is_not_a_choice_is_reported_and_ignored(
    coordinator_client: Client, make_person: Callable[..., Employee]
) -> None:
    make_person(first_name="Still", last_name="Listed")
    response = coordinator_client.get(DIRECTORY, {"level": "not-a-level", "q": "still"})
    assert response.status_code == 200
    assert "Some filters could not be used" in response.text
    assert names_listed(response) == ["Still Listed"]


def test_the_directory_pages_by_25_and_page_links_keep_the_filters(
    coordinator_client: Client, organization: Organization, make_person: Callable[..., Employee]
) -> None:
    ops = DepartmentFactory(organization=organization, name="Operations")
    for number in range(30):
        make_person(first_name="Op", last_name=f"Person{number:02d}", department=ops)
    first = coordinator_client.get(DIRECTORY, {"department": ops.pk})
    assert len(names_listed(first)) == 25
    assert "30 people found · showing 1–25" in first.text
    assert f'href="?department={ops.pk}&amp;cursor=' in first.text

    second = coordinator_client.get(
        DIRECTORY, {"department": ops.pk, "cursor": first.context["page"].next_cursor}
    )
    assert len(names_listed(second)) == 5
    assert names_listed(second)[-1] == "Op Person29"
    assert "26–30 of 30" in second.text
    # A cursor that was edited by hand shows the first page rather than an error.
    edited = coordinator_client.get(DIRECTORY, {"department": ops.pk, "cursor": "x:y"})
    assert names_listed(edited) == names_listed(first)


def test_the_directory_query_count_does_not_grow_with_the_people_shown(
    coordinator_client: Client, organization: Organization, make_person: Callable[..., Employee]
) -> None:
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = coordinator_client.get(DIRECTORY)
        assert response.status_code == 200
        return len(captured)

    for number in range(3):
        make_person(department=DepartmentFactory(organization=organization, name=f"D{number}"))
    few = queries_for_page()
    for number in range(20):
        make_person(department=DepartmentFactory(organization=organization, name=f"E{number}"))
    many = queries_for_page()
    assert many == few


def test_a_profile_shows_hr_facts_reporting_line_skills_and_interests(
    coordinator_client: Client, organization: Organization, make_person: Callable[..., Employee]
) -> None:
    ceo = make_person(first_name="Ada", last_name="Chief", title="CEO", level=10)
    vp = make_person(first_name="Bob", last_name="Vice", manager=ceo, level=9)
    person = make_person(
        first_name="Cleo",
        last_name="Doer",
        manager=vp,
        level=3,
        location="Lyon",
        birth_year=1998,
        extraversion=4,
        hours_per_month=6,
    )
    make_person(first_name="Rep", last_name="One", manager=person)
    make_person(first_name="Rep", last_name="Two", manager=person)
    make_person(first_name="Rep", last_name="Gone", manager=person, is_active=False)
    ai = SkillFactory(
        organization=organization,
        name="Prompting",
        slug="prompting",
        category=SkillCategory.AI_DATA,
    )
    strategy = SkillFactory(
        organization=organization,
        name="Board politics",
        slug="board",
        category=SkillCategory.LEADERSHIP_STRATEGY,
    )
    SkillOffer.objects.create(employee=person, skill=ai, proficiency=4)
    SkillWant.objects.create(employee=person, skill=strategy, priority=5)
    person.interests.add(Interest.objects.create(organization=organization, name="Climbing"))

    response = coordinator_client.get(reverse("people:employee_detail", args=[person.pk]))
    text = response.text
    assert response.status_code == 200
    assert "Cleo Doer" in text
    assert "3 · Professional" in text
    assert "Lyon" in text
    assert "Gen Z" in text
    assert text.index("Bob Vice") < text.index("Ada Chief")  # nearest manager first
    assert "<strong>2</strong> direct reports" in text
    assert "AI and data" in text
    assert "Prompting · 4/5" in text
    assert "Leadership and strategy" in text
    assert "Board politics · priority 5/5" in text
    assert "Climbing" in text
    assert "4 / 5 · rather extroverted" in text


def test_a_profile_for_an_unknown_id_is_404(coordinator_client: Client) -> None:
    response = coordinator_client.get(reverse("people:employee_detail", args=[999_999]))
    assert response.status_code == 404

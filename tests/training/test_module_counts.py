"""The modules page's "Completed by": the people the program's training applies to who
completed each module, read from the kept tallies (``training.standing``) with "as of", and
worked out live, the same way, when a module was not counted; a completion moves the kept
count at once, required or optional, and a module made optional or required keeps it right.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole, EnrollmentStatus
from remento.people.models import Employee
from remento.programs.models import Program
from remento.training.compliance import compliance_summary, required_modules
from remento.training.compliance_kept import kept_summary, module_completions
from remento.training.models import TrainingModule
from remento.training.services.modules import training_complete
from remento.training.standing import standing_refresh
from tests.factories import employee_with_user
from tests.relationships.builders import complete, enroll, make_module

NUMBERS = count()


def _person(organization: Organization, program: Program, **fields: Any) -> Employee:
    person = employee_with_user(organization=organization, last_name=f"Mod{next(NUMBERS):04d}")
    enroll(program, person, EnrollmentRole.MENTEE, **fields)
    return person


def _program(organization: Organization, program: Program) -> dict[str, Any]:
    """Two required modules and an optional one; five people enrolled: two did the first,
    one the optional reading; someone who withdrew did the first (not counted)."""
    first = make_module(program, "Giving and receiving feedback", position=1)
    second = make_module(program, "Setting goals together", position=2)
    reading = make_module(program, "Optional reading", required=False, position=3)
    people = [_person(organization, program) for _ in range(5)]
    complete(first, people[0], people[1])
    complete(reading, people[2])
    left = _person(organization, program, status=EnrollmentStatus.WITHDRAWN)
    complete(first, left)
    return {"modules": [first, second, reading], "people": people}


def _page(client: Client, program: Program) -> Any:
    return client.get(reverse("training:program_modules", args=[program.pk]))


def _shown(response: Any) -> list[tuple[str, int]]:
    return [(module.title, done) for module, done in response.context["rows"]]


def _live(program: Program) -> dict[int, int]:
    modules = list(TrainingModule.objects.filter(program=program))
    summary = compliance_summary(program=program, modules=modules)
    return {row.module.pk: summary.people_total - row.missing for row in summary.module_counts}


def _kept(program: Program) -> dict[int, int]:
    modules = list(TrainingModule.objects.filter(program=program))
    reading = module_completions(program=program, modules=modules)
    assert reading.as_of is not None
    return reading.done


def test_the_page_counts_the_participants_who_completed_each_module(
    organization: Organization, program: Program, coordinator_client: Client
) -> None:
    _program(organization, program)
    live = _page(coordinator_client, program)
    assert live.context["as_of"] is None
    assert "counted just now" in live.content.decode()
    expected = [
        ("Giving and receiving feedback", 2),  # not the person who withdrew
        ("Setting goals together", 0),
        ("Optional reading", 1),
    ]
    assert _shown(live) == expected
    standing_refresh(program)
    kept = _page(coordinator_client, program)
    assert kept.context["as_of"] is not None
    assert "as of" in kept.content.decode()
    assert _shown(kept) == expected


def test_a_completion_moves_the_kept_count_at_once_required_or_optional(
    organization: Organization, program: Program
) -> None:
    made = _program(organization, program)
    first, second, reading = made["modules"]
    standing_refresh(program)
    for module, person in ((second, made["people"][0]), (reading, made["people"][3])):
        assert person.user is not None
        training_complete(actor=person.user, module=module)
    assert _kept(program) == _live(program) == {first.pk: 2, second.pk: 1, reading.pk: 2}
    done = kept_summary(program=program, modules=required_modules(program=program)).summary
    assert done is not None
    assert done.people_complete == 1


def test_a_module_made_optional_or_required_keeps_the_counts_right(
    organization: Organization, program: Program
) -> None:
    made = _program(organization, program)
    first, second, reading = made["modules"]
    standing_refresh(program)
    TrainingModule.objects.filter(pk=second.pk).update(required=False)
    TrainingModule.objects.filter(pk=reading.pk).update(required=True)
    # The compliance figures counted other required modules: worked out live until counted.
    reading_now = kept_summary(program=program, modules=required_modules(program=program))
    assert (reading_now.summary, reading_now.stale) == (None, True)
    # The modules' counts do not depend on which are required; completions still move them.
    for module, person in ((second, made["people"][1]), (reading, made["people"][4])):
        assert person.user is not None
        training_complete(actor=person.user, module=TrainingModule.objects.get(pk=module.pk))
    assert _kept(program) == _live(program) == {first.pk: 2, second.pk: 1, reading.pk: 2}
    standing_refresh(program)
    assert _kept(program) == _live(program)
    summary = kept_summary(program=program, modules=required_modules(program=program)).summary
    assert summary is not None
    assert [row.missing for row in summary.module_counts] == [3, 3]


def test_a_new_module_is_counted_live_and_asks_the_worker_once(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    made = _program(organization, program)
    standing_refresh(program)
    extra = make_module(program, "A new one", required=False, position=9)
    complete(extra, made["people"][0])
    with django_capture_on_commit_callbacks() as queued:
        first = _page(coordinator_client, program)
        _page(coordinator_client, program)
    assert first.context["as_of"] is None
    assert ("A new one", 1) in _shown(first)
    assert len(queued) == 1
    queued[0]()  # the worker
    assert _page(coordinator_client, program).context["as_of"] is not None


def test_old_counts_are_shown_and_counted_again(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _program(organization, program)
    standing_refresh(program, now=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks() as queued:
        response = _page(coordinator_client, program)
    assert response.context["as_of"] is not None
    assert len(queued) == 1


def test_the_kept_page_costs_the_same_queries_at_two_sizes(
    organization: Organization,
    program: Program,
    coordinator_client: Client,
    django_assert_num_queries: Any,
) -> None:
    made = _program(organization, program)
    standing_refresh(program)
    _page(coordinator_client, program)
    with CaptureQueriesContext(connection) as small:
        _page(coordinator_client, program)
    for _ in range(30):
        complete(made["modules"][0], _person(organization, program))
    standing_refresh(program)
    with django_assert_num_queries(len(small)):
        response = _page(coordinator_client, program)
    assert _shown(response)[0] == ("Giving and receiving feedback", 32)

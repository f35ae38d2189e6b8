"""Races on PostgreSQL: two coordinators publishing at once, two acceptances at once.

Threads each hold their own database connection, so the row locks and constraints are
really exercised; SQLite serialises every writer and cannot show the difference.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from remento.core.errors import ServiceError
from remento.core.models import Organization
from remento.enrollment.models import EnrollmentRole
from remento.matching.models import MatchRun, MentorRequest
from remento.matching.services.bulk import match_run_start
from remento.matching.services.publish import match_run_publish
from remento.matching.services.requests import mentor_request_accept
from remento.people.models import Role
from remento.programs.models import MatchingMode
from remento.relationships.models import OPEN_PAIR, Pair
from tests.factories import user_of as _user
from tests.matching.helpers import enroll, make_program, person, small_pool

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` in threads released together; each returns a value or the error."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_coordinators_publishing_at_once_create_each_pair_once(
    organization: Organization,
) -> None:
    program = make_program(organization)
    small_pool(program)
    first, second = (
        person(organization, user=True, level=6, role=Role.COORDINATOR) for _ in range(2)
    )
    run = match_run_start(actor=_user(first), program=program)

    results = _at_once(
        lambda: match_run_publish(actor=_user(first), run=MatchRun.objects.get(pk=run.pk)),
        lambda: match_run_publish(actor=_user(second), run=MatchRun.objects.get(pk=run.pk)),
    )

    created = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(created) == 1
    assert len(created[0].created) == 3
    assert len(refused) == 1
    assert isinstance(refused[0], ServiceError)
    assert Pair.objects.filter(program=program).count() == 3


def test_two_acceptances_at_once_never_exceed_the_mentors_capacity(
    organization: Organization,
) -> None:
    program = make_program(organization, matching_mode=MatchingMode.CHOICE)
    mentor = person(organization, user=True, level=2)
    enroll(program, mentor, EnrollmentRole.MENTOR, capacity=1)
    requests = []
    for _ in range(3):
        mentee = person(organization, user=True, level=9)
        enroll(program, mentee, EnrollmentRole.MENTEE)
        requests.append(
            MentorRequest.objects.create(
                program=program,
                mentee=mentee,
                mentor=mentor,
                rank=1,
                expires_at=timezone.now() + timedelta(days=7),
            )
        )

    results = _at_once(
        *((lambda r=r: mentor_request_accept(actor=_user(mentor), request=r)) for r in requests)
    )

    assert sum(isinstance(r, Pair) for r in results) == 1
    assert all(isinstance(r, Pair | ServiceError) for r in results), results
    assert Pair.objects.filter(program=program, mentor=mentor).count() == 1


def test_a_hybrid_publish_racing_an_acceptance_never_exceeds_the_mentors_capacity(
    organization: Organization,
) -> None:
    program = make_program(organization, matching_mode=MatchingMode.HYBRID)
    people = small_pool(program, user=True)
    coordinator = person(organization, user=True, level=6, role=Role.COORDINATOR)
    run = match_run_start(actor=_user(coordinator), program=program)
    # A mentee the run left out asks the mentor the run proposes for someone else.
    late = person(organization, user=True, level=9)
    enroll(program, late, EnrollmentRole.MENTEE)
    request = MentorRequest.objects.create(
        program=program,
        mentee=late,
        mentor=people["a1"],
        rank=1,
        expires_at=timezone.now() + timedelta(days=7),
    )

    results = _at_once(
        lambda: match_run_publish(actor=_user(coordinator), run=MatchRun.objects.get(pk=run.pk)),
        lambda: mentor_request_accept(
            actor=_user(people["a1"]), request=MentorRequest.objects.get(pk=request.pk)
        ),
    )

    assert not any(isinstance(r, Exception) and not isinstance(r, ServiceError) for r in results)
    assert Pair.objects.filter(OPEN_PAIR, program=program, mentor=people["a1"]).count() == 1
    assert Pair.objects.filter(OPEN_PAIR, program=program).count() == 3


def test_two_mentors_accepting_at_once_never_exceed_the_programs_pairs_at_once(
    organization: Organization,
) -> None:
    program = make_program(organization, matching_mode=MatchingMode.CHOICE, max_pairs=1)
    accepts = []
    for _ in range(2):
        mentor = person(organization, user=True, level=2)
        mentee = person(organization, user=True, level=9)
        enroll(program, mentor, EnrollmentRole.MENTOR)
        enroll(program, mentee, EnrollmentRole.MENTEE)
        request = MentorRequest.objects.create(
            program=program,
            mentee=mentee,
            mentor=mentor,
            rank=1,
            expires_at=timezone.now() + timedelta(days=7),
        )
        accepts.append((mentor, request))

    results = _at_once(
        *((lambda m=m, r=r: mentor_request_accept(actor=_user(m), request=r)) for m, r in accepts)
    )

    assert sum(isinstance(r, Pair) for r in results) == 1
    refused = [r for r in results if not isinstance(r, Pair)]
    assert isinstance(refused[0], ServiceError), refused
    assert "full" in str(refused[0])
    assert Pair.objects.filter(OPEN_PAIR, program=program).count() == 1

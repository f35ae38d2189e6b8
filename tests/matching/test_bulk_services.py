"""Bulk matching: run, swap, lock, remove, re-run with new weights, publish."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from remento.core.errors import ServiceError
from remento.core.models import AuditEvent
from remento.enrollment.models import EnrollmentRole
from remento.matching import adapters
from remento.matching.models import MatchRun, MatchRunStatus, MentorRequest, ProposedPair
from remento.matching.services.bulk import (
    match_run_start,
    match_weights_update,
    proposal_lock,
    proposal_remove,
    proposal_swap,
)
from remento.matching.services.publish import match_run_publish
from remento.people.models import Employee
from remento.programs.models import MatchingMode, Program, Status
from remento.relationships.models import Pair, PairSource, PairStatus
from tests.factories import user_of as _user
from tests.matching.helpers import enroll, make_program, person, small_pool


def _pairs(run: MatchRun) -> set[tuple[int, int]]:
    return {(p.mentor_id, p.mentee_id) for p in run.proposals.filter(removed=False)}


def _proposal(run: MatchRun, mentee: Employee) -> ProposedPair:
    return run.proposals.get(mentee=mentee, removed=False)


def test_run_proposes_the_best_pairs_with_reasons(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    run = match_run_start(actor=_user(coordinator), program=program)

    assert run.status == MatchRunStatus.REVIEW
    assert _pairs(run) == {(pool[f"a{i}"].pk, pool[f"x{i}"].pk) for i in (1, 2, 3)}
    assert all(p.reasons for p in run.proposals.all())
    assert run.summary["pairs"] == 3
    assert run.settings_snapshot["weights"] == program.weights
    assert AuditEvent.objects.filter(verb="match_run.start").count() == 1


def test_run_names_the_unmatched_with_the_reason(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    from tests.matching.helpers import enroll, person

    too_junior = person(program.organization, level=3)  # no mentor 3 levels below
    enroll(program, too_junior, "mentee")

    run = match_run_start(actor=_user(coordinator), program=program)

    unmatched = run.unmatched.get()
    assert unmatched.employee == too_junior
    assert "No eligible partner" in unmatched.reason


def test_rerun_supersedes_the_run_under_review(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    first = match_run_start(actor=_user(coordinator), program=program)
    second = match_run_start(actor=_user(coordinator), program=program)

    first.refresh_from_db()
    assert first.status == MatchRunStatus.SUPERSEDED
    assert second.status == MatchRunStatus.REVIEW


def test_swap_exchanges_mentors_and_rescores_both_pairs(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    run = match_run_start(actor=_user(coordinator), program=program)
    one, two = _proposal(run, pool["x1"]), _proposal(run, pool["x2"])

    result = proposal_swap(actor=_user(coordinator), run=run, first_pk=one.pk, second_pk=two.pk)

    assert _pairs(run) == {
        (pool["a2"].pk, pool["x1"].pk),
        (pool["a1"].pk, pool["x2"].pk),
        (pool["a3"].pk, pool["x3"].pk),
    }
    one.refresh_from_db()
    expected = adapters.pair_explain(program=program, mentor=pool["a2"], mentee=pool["x1"])
    assert one.score == expected.score
    assert one.score < result.before[0]  # a2 teaches nothing x1 wants
    assert result.change < 0


def test_swap_into_a_forbidden_pair_is_refused_and_changes_nothing(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    Employee.objects.filter(pk=pool["a2"].pk).update(manager=pool["x1"])
    run = match_run_start(actor=_user(coordinator), program=program)
    one, two = _proposal(run, pool["x1"]), _proposal(run, pool["x2"])
    before = _pairs(run)

    with pytest.raises(ServiceError, match="reporting line"):
        proposal_swap(actor=_user(coordinator), run=run, first_pk=one.pk, second_pk=two.pk)

    assert _pairs(run) == before


def test_locked_pair_survives_a_rerun_even_against_the_optimum(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    run = match_run_start(actor=_user(coordinator), program=program)
    proposal_swap(
        actor=_user(coordinator),
        run=run,
        first_pk=_proposal(run, pool["x1"]).pk,
        second_pk=_proposal(run, pool["x2"]).pk,
    )
    proposal_lock(actor=_user(coordinator), proposal=_proposal(run, pool["x1"]), locked=True)

    rerun = match_run_start(actor=_user(coordinator), program=program)

    assert (pool["a2"].pk, pool["x1"].pk) in _pairs(rerun)
    assert _proposal(rerun, pool["x1"]).locked


def test_locked_pair_cannot_be_swapped(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    run = match_run_start(actor=_user(coordinator), program=program)
    one, two = _proposal(run, pool["x1"]), _proposal(run, pool["x2"])
    proposal_lock(actor=_user(coordinator), proposal=one, locked=True)

    with pytest.raises(ServiceError, match="locked"):
        proposal_swap(actor=_user(coordinator), run=run, first_pk=one.pk, second_pk=two.pk)


def test_removed_pair_leaves_both_unmatched_and_is_blocked_in_reruns(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    run = match_run_start(actor=_user(coordinator), program=program)

    proposal_remove(actor=_user(coordinator), proposal=_proposal(run, pool["x1"]))

    assert set(run.unmatched.values_list("employee_id", flat=True)) == {
        pool["a1"].pk,
        pool["x1"].pk,
    }
    for _ in range(2):  # the block holds through every re-run, not only the next
        run = match_run_start(actor=_user(coordinator), program=program)
        assert (pool["a1"].pk, pool["x1"].pk) not in _pairs(run)
        assert run.proposals.filter(removed=True).count() == 1


def test_weights_are_validated_and_saved(coordinator: Employee, program: Program) -> None:
    weights = {**program.weights, "skills": 8.0}
    with pytest.raises(ServiceError, match="“Shared interests” must be from 0 to 10, not 11"):
        match_weights_update(
            actor=_user(coordinator), program=program, weights={**weights, "interests": 11}
        )
    program.refresh_from_db()
    assert program.weights["skills"] == 5.0

    match_weights_update(actor=_user(coordinator), program=program, weights=weights)

    program.refresh_from_db()
    assert program.weights["skills"] == 8.0


def test_all_zero_weights_are_refused(coordinator: Employee, program: Program) -> None:
    with pytest.raises(ServiceError, match="at least one criterion a weight above 0"):
        match_weights_update(
            actor=_user(coordinator),
            program=program,
            weights=dict.fromkeys(program.weights, 0.0),
        )


def test_publish_creates_pairs_and_emails_both_people(
    coordinator: Employee,
    program: Program,
    pool: dict[str, Employee],
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = match_run_start(actor=_user(coordinator), program=program)

    with django_capture_on_commit_callbacks(execute=True):
        report = match_run_publish(actor=_user(coordinator), run=run)

    assert len(report.created) == 3
    pairs = Pair.objects.filter(program=program)
    assert {(p.mentor_id, p.mentee_id) for p in pairs} == _pairs(run)
    assert all(p.source == PairSource.BULK and p.status == PairStatus.LAUNCHING for p in pairs)
    assert all(p.score and p.reasons for p in pairs)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.email for e in pool.values())
    run.refresh_from_db()
    assert run.status == MatchRunStatus.PUBLISHED


def test_publishing_twice_creates_nothing_the_second_time(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    run = match_run_start(actor=_user(coordinator), program=program)
    match_run_publish(actor=_user(coordinator), run=run)

    with pytest.raises(ServiceError, match="published"):
        match_run_publish(actor=_user(coordinator), run=run)

    assert Pair.objects.filter(program=program).count() == 3


def test_publish_skips_and_reports_people_paired_meanwhile(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    program.matching_mode = MatchingMode.HYBRID
    program.save()
    run = match_run_start(actor=_user(coordinator), program=program)
    Pair.objects.create(
        program=program, mentor=pool["a3"], mentee=pool["x1"], source=PairSource.CHOICE
    )

    report = match_run_publish(actor=_user(coordinator), run=run)

    assert len(report.created) == 1  # x1 is paired; a3 is full
    assert any("Xavier1 Mentee already has a mentor" in s for s in report.skipped)
    assert any("Ada3 Mentor has no free place" in s for s in report.skipped)
    assert Pair.objects.filter(program=program, mentee=pool["x1"]).count() == 1


def test_hybrid_publishes_only_the_chosen_pairs_and_the_rest_stay_free(
    coordinator: Employee, organization: object, pool: dict[str, Employee], program: Program
) -> None:
    program.matching_mode = MatchingMode.HYBRID
    program.save()
    run = match_run_start(actor=_user(coordinator), program=program)
    MentorRequest.objects.create(
        program=program,
        mentee=pool["x1"],
        mentor=pool["a2"],
        rank=2,
        expires_at=run.created_at,
    )

    report = match_run_publish(
        actor=_user(coordinator), run=run, proposal_ids=[_proposal(run, pool["x1"]).pk]
    )

    assert [(p.mentor_id, p.mentee_id) for p in report.created] == [(pool["a1"].pk, pool["x1"].pk)]
    assert MentorRequest.objects.get(mentee=pool["x1"]).status == "withdrawn"
    remaining = adapters.pool_for_program(program)
    assert remaining.mentee_ids() == {pool["x2"].pk, pool["x3"].pk}


def test_participants_cannot_run_or_publish(
    mentee: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    with pytest.raises(PermissionDenied):
        match_run_start(actor=_user(mentee), program=program)


def test_coordinator_of_another_organisation_cannot_run(
    stranger: Employee, program: Program
) -> None:
    with pytest.raises(PermissionDenied):
        match_run_start(actor=_user(stranger), program=program)


def test_matching_waits_for_the_matching_step(coordinator: Employee, organization: object) -> None:
    program = make_program(coordinator.organization, status=Status.RECRUITING)
    small_pool(program)

    with pytest.raises(ServiceError, match="Recruiting step"):
        match_run_start(actor=_user(coordinator), program=program)
    assert not MatchRun.objects.exists()


def test_choice_programs_have_no_bulk_run(coordinator: Employee) -> None:
    program = make_program(coordinator.organization, matching_mode=MatchingMode.CHOICE)

    with pytest.raises(ServiceError, match="choose"):
        match_run_start(actor=_user(coordinator), program=program)


def test_a_run_proposes_at_most_the_pairs_per_cohort_and_says_who_waits(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    Program.objects.filter(pk=program.pk).update(pairs_per_cohort=2)

    run = match_run_start(actor=_user(coordinator), program=program)

    assert run.proposals.filter(removed=False).count() == 2
    assert run.summary["pairs"] == 2
    assert run.summary["beyond_limit"] == 1
    waiting = {u.employee_id: u.reason for u in run.unmatched.all()}
    assert len(waiting) == 2  # the mentee and the mentor of the pair left for later
    assert all("Beyond this round's 2 pairs" in reason for reason in waiting.values())


def test_a_run_keeps_a_locked_pair_within_the_cohort(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    first = match_run_start(actor=_user(coordinator), program=program)
    weakest = first.proposals.order_by("score", "id").first()
    assert weakest is not None
    proposal_lock(actor=_user(coordinator), proposal=weakest, locked=True)
    Program.objects.filter(pk=program.pk).update(pairs_per_cohort=1)

    run = match_run_start(actor=_user(coordinator), program=program)

    assert _pairs(run) == {(weakest.mentor_id, weakest.mentee_id)}


def test_a_run_fits_the_places_left_under_pairs_at_once(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    program.matching_mode = MatchingMode.HYBRID
    program.max_pairs = 2
    program.save()
    Pair.objects.create(
        program=program, mentor=pool["a3"], mentee=pool["x3"], source=PairSource.CHOICE
    )

    run = match_run_start(actor=_user(coordinator), program=program)

    assert run.proposals.filter(removed=False).count() == 1
    assert any("Beyond the program's 2 pairs at once" in u.reason for u in run.unmatched.all())


def test_a_full_program_refuses_to_run(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    program.matching_mode = MatchingMode.HYBRID
    program.max_pairs = 1
    program.save()
    Pair.objects.create(
        program=program, mentor=pool["a3"], mentee=pool["x3"], source=PairSource.CHOICE
    )

    with pytest.raises(ServiceError, match="is full: it has 1 pair at once"):
        match_run_start(actor=_user(coordinator), program=program)
    assert not MatchRun.objects.filter(program=program).exists()


def test_publish_past_pairs_at_once_is_refused_and_writes_nothing(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    program.matching_mode = MatchingMode.HYBRID
    program.save()
    run = match_run_start(actor=_user(coordinator), program=program)
    # Meanwhile the limit is lowered and a participant-choice pair takes a place.
    Program.objects.filter(pk=program.pk).update(max_pairs=2)
    extra_mentor, extra_mentee = (person(program.organization, level=level) for level in (2, 9))
    Pair.objects.create(
        program=program, mentor=extra_mentor, mentee=extra_mentee, source=PairSource.CHOICE
    )

    with pytest.raises(ServiceError) as raised:
        match_run_publish(actor=_user(coordinator), run=run)

    assert "limit of 2 pairs at once: only 1 place free" in str(raised.value)
    assert "Nothing was published; remove pairs from the review" in str(raised.value)
    assert Pair.objects.filter(program=program).count() == 1
    run.refresh_from_db()
    assert run.status == MatchRunStatus.REVIEW
    report = match_run_publish(
        actor=_user(coordinator), run=run, proposal_ids=[_proposal(run, pool["x1"]).pk]
    )
    assert len(report.created) == 1


def test_publish_bigger_than_the_cohort_is_refused_and_writes_nothing(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    run = match_run_start(actor=_user(coordinator), program=program)
    Program.objects.filter(pk=program.pk).update(pairs_per_cohort=2)

    with pytest.raises(ServiceError, match=r"larger than .* 2 pairs per matching round"):
        match_run_publish(actor=_user(coordinator), run=run)

    assert not Pair.objects.filter(program=program).exists()
    assert not AuditEvent.objects.filter(verb="match_run.publish").exists()


def test_a_mentor_filled_by_a_hybrid_publish_declines_waiting_requests_and_they_move_on(
    coordinator: Employee, program: Program, pool: dict[str, Employee]
) -> None:
    program.matching_mode = MatchingMode.HYBRID
    program.save()
    run = match_run_start(actor=_user(coordinator), program=program)
    late = person(program.organization, first_name="Lena", last_name="Late", level=9)
    enroll(program, late, EnrollmentRole.MENTEE)
    waiting = MentorRequest.objects.create(
        program=program,
        mentee=late,
        mentor=pool["a1"],
        rank=1,
        expires_at=timezone.now() + timedelta(days=7),
    )

    match_run_publish(
        actor=_user(coordinator), run=run, proposal_ids=[_proposal(run, pool["x1"]).pk]
    )

    waiting.refresh_from_db()
    assert (waiting.status, waiting.response) == ("declined", "No free place left.")
    moved = MentorRequest.objects.get(mentee=late, status="pending")
    assert moved.mentor in (pool["a2"], pool["a3"])
    assert moved.automatic

"""The home page: what the person must do now, most urgent first; the menu's counts; a
card per pair. Every source is read in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from remento.core.models import Organization
from remento.core.next_steps import home_for, nav_counts_for
from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.matching.models import MatchRun, MentorRequest
from remento.people.models import Employee
from remento.programs.models import MatchingMode, Program, Status
from remento.relationships.models import Pair, PairStatus
from remento.relationships.services import agreement_sign
from tests.factories import EmployeeFactory
from tests.relationships.builders import complete, fill_terms, make_module, make_pair, make_program


def _choice_program(organization: Organization, **fields: object) -> Program:
    values: dict[str, object] = {
        "name": "Choose your mentor",
        "status": Status.MATCHING,
        "matching_mode": MatchingMode.CHOICE,
    }
    values.update(fields)
    return make_program(organization, **values)


def _request(
    program: Program, *, mentor: Employee, mentee: Employee, days: int = 5
) -> MentorRequest:
    for person, role in ((mentor, EnrollmentRole.MENTOR), (mentee, EnrollmentRole.MENTEE)):
        Enrollment.objects.get_or_create(
            program=program,
            employee=person,
            defaults={"role": role, "status": EnrollmentStatus.ENROLLED, "timezone": "UTC"},
        )
    return MentorRequest.objects.create(
        program=program,
        mentor=mentor,
        mentee=mentee,
        rank=1,
        expires_at=timezone.now() + timedelta(days=days),
    )


def test_a_mentor_sees_the_request_to_answer_with_its_deadline(
    mentor_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = _choice_program(organization)
    request = _request(program, mentor=mentor, mentee=mentee)

    page = mentor_client.get(reverse("home")).content.decode()

    assert "Answer Martin Senior&#x27;s request in Choose your mentor" in page
    assert timezone.localtime(request.expires_at).strftime("%Y") in page
    assert reverse("matching:inbox", args=[program.pk]) in page
    # The menu counts it.
    assert 'Requests <span class="nav-count">1</span>' in page


def test_steps_come_in_order_of_urgency(
    organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    choice = _choice_program(organization)
    other = EmployeeFactory(organization=organization, first_name="Olga", last_name="Asker")
    _request(choice, mentor=mentor, mentee=other, days=6)
    _request(choice, mentor=mentor, mentee=EmployeeFactory(organization=organization), days=2)
    launching = make_program(organization, name="Digital Leaders")
    make_pair(launching, mentor, mentee)
    make_module(launching, "Feedback")
    invited_to = make_program(organization, name="Later program", status=Status.RECRUITING)
    Enrollment.objects.create(
        program=invited_to, employee=mentor, role=EnrollmentRole.MENTOR, status="invited"
    )

    steps = home_for(mentor).steps

    titles = [step.title for step in steps]
    assert titles[0].startswith("Answer")
    assert titles[1].startswith("Answer")
    # The soonest deadline first among requests.
    assert steps[0].due is not None
    assert steps[1].due is not None
    assert steps[0].due < steps[1].due
    assert titles[2] == "Write the agreement with Martin Senior (Digital Leaders)"
    assert titles[3].startswith("Finish your required training in Digital Leaders: 1 module left")
    assert titles[4] == "Answer the invitation to Later program"


def test_a_mentee_of_a_choice_program_is_asked_to_choose_a_mentor(
    mentee_client: Client, organization: Organization, mentee: Employee
) -> None:
    program = _choice_program(organization)
    Enrollment.objects.create(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE, status="enrolled"
    )

    page = mentee_client.get(reverse("home")).content.decode()

    assert "Choose a mentor in Choose your mentor" in page
    assert reverse("matching:choose", args=[program.pk]) in page


def test_a_mentee_whose_pair_ended_is_told_they_may_choose_another_not_asked_to(
    mentee_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = _choice_program(organization)
    Enrollment.objects.create(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE, status="enrolled"
    )
    Pair.objects.create(program=program, mentor=mentor, mentee=mentee, status=PairStatus.CLOSED)

    page = mentee_client.get(reverse("home")).content.decode()

    assert "Your mentoring pair in Choose your mentor has ended. Should you want" in page
    assert "See the mentors" in page
    assert "Choose a mentor in Choose your mentor" not in page
    assert home_for(mentee).steps == []  # nothing the mentee must do


def test_a_mentee_who_asked_sees_it_under_way_not_as_a_step(
    organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = _choice_program(organization)
    _request(program, mentor=mentor, mentee=mentee)

    home = home_for(mentee)

    assert home.steps == []
    assert any("waiting for their answer" in item.text for item in home.waiting)


def test_signing_is_a_step_once_the_terms_are_written_and_gone_once_signed(
    organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization)
    pair = make_pair(program, mentor, mentee)
    fill_terms(pair)

    assert [s.action for s in home_for(mentee).steps] == ["Sign the agreement"]
    agreement_sign(actor=mentee.user, pair=pair)  # type: ignore[arg-type]
    assert home_for(mentee).steps == []
    card = home_for(mentee).sections[0].context["cards"][0]
    assert card.next_step == "Waiting for Maya Junior to sign the agreement."


def test_a_pair_card_shows_the_partner_contact_time_zone_and_local_time(
    mentee_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization)
    make_pair(program, mentor, mentee)  # the mentor confirmed Europe/Paris at enrolment

    # Noon UTC on a Monday in June is 14:00 in Paris (summer time).
    with time_machine.travel(datetime(2026, 6, 1, 12, 0, tzinfo=UTC), tick=False):
        page = mentee_client.get(reverse("home")).content.decode()

    assert "Your mentor" in page
    assert '<span class="avatar" aria-hidden="true">MJ</span>' in page
    assert "mailto:maya@acme.example" in page
    assert "Europe/Paris" in page
    assert "14:00 there now (Monday)" in page
    assert reverse("people:employee_detail", args=[mentor.pk]) in page
    assert reverse("programs:about", args=[program.pk]) in page


def test_someone_with_nothing_to_do_is_told_so_and_what_happens_next(
    mentee_client: Client,
) -> None:
    page = mentee_client.get(reverse("home")).content.decode()

    assert "You have nothing to do right now." in page
    assert "You are not in any program yet" in page
    assert reverse("enrollment:my_programs") in page


def test_someone_whose_pairs_have_ended_is_shown_them_not_told_they_never_took_part(
    mentee_client: Client, organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization, status=Status.CLOSED)
    pair = make_pair(program, mentor, mentee)  # with both enrolments
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.CLOSED, ended_at=timezone.now())

    page = mentee_client.get(reverse("home")).content.decode()
    programs = mentee_client.get(reverse("enrollment:my_programs")).content.decode()

    assert "You are not in any program yet" not in page
    assert "Your mentoring so far" in page
    assert reverse("relationships:pair_detail", args=[pair.pk]) in page
    assert "With Maya Junior" in page
    assert "Took part" in programs
    assert ">Enrolled<" not in programs


def test_an_enrolled_mentee_of_a_bulk_program_is_told_a_coordinator_will_pair_them(
    organization: Organization, mentee: Employee
) -> None:
    program = make_program(organization, status=Status.RECRUITING)
    Enrollment.objects.create(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE, status="enrolled"
    )

    home = home_for(mentee)

    assert home.steps == []
    assert "a coordinator pairs people" in home.waiting[0].text


def test_a_coordinator_who_is_also_a_participant_sees_both(
    organization: Organization, coordinator: Employee, mentee: Employee
) -> None:
    program = _choice_program(organization)
    _request(program, mentor=coordinator, mentee=mentee)

    page = client_page(coordinator)

    assert "Answer Martin Senior&#x27;s request" in page
    assert "Open programs" in page


def client_page(employee: Employee) -> str:
    from tests.conftest import client_for

    return client_for(employee).get(reverse("home")).content.decode()


def test_closed_pairs_expired_requests_and_other_programs_are_left_out(
    organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = _choice_program(organization)
    _request(program, mentor=mentor, mentee=mentee, days=-1)  # past its deadline
    pair = make_pair(make_program(organization, name="Old"), mentor, mentee)
    Pair.objects.filter(pk=pair.pk).update(status="closed")

    assert home_for(mentor).steps == []
    # The closed pair is only there to read again, not as a pair under way.
    assert [section.template for section in home_for(mentor).sections] == [
        "relationships/_home_ended_pairs.html"
    ]
    assert nav_counts_for(mentor) == []


def test_the_home_page_queries_do_not_grow_with_pairs_and_requests(
    django_assert_num_queries: object,
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
) -> None:
    def build(n: int) -> None:
        for i in range(n):
            program = make_program(organization, name=f"Program {n}-{i}")
            partner = EmployeeFactory(organization=organization)
            make_pair(program, mentor, partner)
            make_module(program, f"Module {n}-{i}")
            choice = _choice_program(organization, name=f"Choice {n}-{i}")
            _request(choice, mentor=mentor, mentee=EmployeeFactory(organization=organization))

    build(1)
    with django_assert_num_queries(HOME_QUERIES):  # type: ignore[operator]
        home_for(mentor)
    build(3)
    with django_assert_num_queries(HOME_QUERIES):  # type: ignore[operator]
        home = home_for(mentor)
    assert len(home.sections[0].context["cards"]) == 4


# whether they take part in a program 1, enrolment 1, matching 2, pairs 6 (pairs,
# signatures, ticks, modules, completions, partners' enrolments), meetings 1 (proposals to
# answer, meetings to log), action items 1 (due soon or overdue), check-ins 1 (open
# check-ins), the safe way out 1, training 3, skill assessments 1 (open assessments; their
# skills only when one waits), certificates 1 (completed pairs as mentor).
HOME_QUERIES = 19


def test_the_menu_count_costs_one_query(
    django_assert_num_queries: object,
    organization: Organization,
    mentor: Employee,
    mentee: Employee,
) -> None:
    first = _choice_program(organization, name="First")
    _request(first, mentor=mentor, mentee=mentee)
    with django_assert_num_queries(1):  # type: ignore[operator]
        counts = nav_counts_for(mentor)
    assert [(c.label, c.count, c.url) for c in counts] == [
        ("Requests", 1, reverse("matching:inbox", args=[first.pk]))
    ]
    second = _choice_program(organization, name="Second")
    _request(second, mentor=mentor, mentee=EmployeeFactory(organization=organization))
    with django_assert_num_queries(1):  # type: ignore[operator]
        counts = nav_counts_for(mentor)
    assert [(c.count, c.url) for c in counts] == [(2, reverse("home") + "#next-steps")]


def test_training_done_is_no_longer_a_step(
    organization: Organization, mentor: Employee, mentee: Employee
) -> None:
    program = make_program(organization)
    make_pair(program, mentor, mentee)
    module = make_module(program)
    assert any(s.title.startswith("Finish") for s in home_for(mentee).steps)
    complete(module, mentee)
    assert not any(s.title.startswith("Finish") for s in home_for(mentee).steps)


@pytest.mark.parametrize("status", ["declined", "withdrawn"])
def test_an_invitation_no_longer_open_is_not_a_step(
    organization: Organization, mentee: Employee, status: str
) -> None:
    program = make_program(organization, status=Status.RECRUITING)
    Enrollment.objects.create(
        program=program, employee=mentee, role=EnrollmentRole.MENTEE, status=status
    )
    assert home_for(mentee).steps == []


def _coordination(organization: Organization, applicants: int) -> None:
    recruiting = make_program(organization, name="Recruiting now", status=Status.RECRUITING)
    for _ in range(applicants):
        Enrollment.objects.create(
            program=recruiting,
            employee=EmployeeFactory(organization=organization),
            role=EnrollmentRole.MENTEE,
            status=EnrollmentStatus.APPLIED,
            timezone="UTC",
        )
    matching = make_program(organization, name="Matching now", status=Status.MATCHING)
    MatchRun.objects.create(program=matching, settings_snapshot={})


def test_a_coordinator_is_asked_to_decide_applications_and_review_proposed_pairs(
    organization: Organization, coordinator: Employee, mentor: Employee, stranger: Employee
) -> None:
    _coordination(organization, applicants=2)
    _coordination(stranger.organization, applicants=3)  # another organisation's work

    titles = {step.title: step.url for step in home_for(coordinator).steps}

    recruiting = Program.objects.get(organization=organization, name="Recruiting now")
    matching = Program.objects.get(organization=organization, name="Matching now")
    assert titles == {
        "Decide on 2 applications to Recruiting now": reverse(
            "enrollment:applications", args=[recruiting.pk]
        ),
        "Review the proposed pairs of Matching now": reverse(
            "matching:run_review", args=[matching.pk]
        ),
    }
    assert home_for(mentor).steps == []
    page = client_page(coordinator)
    assert "Decide on 2 applications to Recruiting now" in page
    assert "You are not in any program yet" not in page


def test_the_applications_step_offers_only_the_decisions_its_page_has(
    organization: Organization, coordinator: Employee
) -> None:
    _coordination(organization, applicants=1)
    step = next(s for s in home_for(coordinator).steps if s.title.startswith("Decide on"))
    from tests.conftest import client_for

    page = client_for(coordinator).get(step.url).content.decode()
    assert ">Approve<" in page
    assert ">Decline<" in page
    assert "put on the waitlist" not in step.detail  # no such button: approval waitlists
    assert "waitlist when their role is full" in step.detail


def test_the_coordinators_steps_cost_the_same_queries_whatever_the_programs(
    django_assert_num_queries: object, organization: Organization, coordinator: Employee
) -> None:
    _coordination(organization, applicants=1)
    with django_assert_num_queries(COORDINATOR_HOME_QUERIES):  # type: ignore[operator]
        home_for(coordinator)
    for _ in range(3):
        _coordination(organization, applicants=4)
    with django_assert_num_queries(COORDINATOR_HOME_QUERIES):  # type: ignore[operator]
        home = home_for(coordinator)
    assert len(home.steps) == 8


# A coordinator in no program: whether they take part in one 1 (no: the participants'
# sources are skipped), applications 1, runs to review 1, the safe way out 2, pairs at risk
# or needing attention 2 (relationships.health.next_steps: any record to judge, then the
# records counted; a third when some must be judged), programs closed lately 1 (their
# closing dates: one more when there are some).
COORDINATOR_HOME_QUERIES = 8

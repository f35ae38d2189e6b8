"""The program navigation follows the status and the viewer; the step indicator."""

from __future__ import annotations

from django.urls import reverse

from remento.enrollment.models import Enrollment, EnrollmentRole, EnrollmentStatus
from remento.programs.models import EnrollmentMode, MatchingMode, Program, Status
from remento.programs.navigation import program_nav, step_indicator
from tests.factories import EmployeeFactory
from tests.programs.conftest import enroll, pair, with_status


def _nav_links(client, program: Program) -> str:
    html = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    return html.split('aria-label="Program"', 1)[1].split("</nav>", 1)[0]


def test_closed_program_offers_no_applications_invitations_or_matching(
    coordinator_client, active_program
):
    with_status(active_program, Status.CLOSED)
    links = _nav_links(coordinator_client, active_program)
    assert "Applications" not in links
    assert "Invite people" not in links
    assert "Matching preview" not in links
    assert "Participants" in links
    assert "Pairs" in links


def test_recruiting_program_offers_applications_and_invitations(coordinator_client, ready_draft):
    with_status(ready_draft, Status.RECRUITING)
    links = _nav_links(coordinator_client, ready_draft)
    assert "Applications" in links
    assert "Invite people" in links
    assert "Matching preview" in links


def test_participants_header_hides_invitations_once_matching(coordinator_client, matching_program):
    html = coordinator_client.get(
        reverse("enrollment:participants", args=[matching_program.pk])
    ).content.decode()
    header = html.split('aria-label="Participants"', 1)[1].split("</nav>", 1)[0]
    assert "Invite people" not in header
    assert "Applications" in header


def test_choose_a_mentor_is_shown_only_to_an_enrolled_mentee(
    coordinator, mentor, mentee, matching_program
):
    Program.objects.filter(pk=matching_program.pk).update(matching_mode=MatchingMode.CHOICE)
    matching_program.refresh_from_db()
    as_coordinator = program_nav(program=matching_program, viewer=coordinator)
    as_mentee = program_nav(program=matching_program, viewer=mentee)
    as_mentor = program_nav(program=matching_program, viewer=mentor)
    assert not as_coordinator.choose_mentor
    assert not as_coordinator.mentee_requests
    assert as_mentee.choose_mentor
    assert not as_mentee.mentee_requests
    assert as_mentor.mentee_requests
    assert not as_mentor.choose_mentor


def test_coordinator_page_does_not_offer_choose_a_mentor(coordinator_client, matching_program):
    Program.objects.filter(pk=matching_program.pk).update(matching_mode=MatchingMode.CHOICE)
    links = _nav_links(coordinator_client, matching_program)
    assert "Choose a mentor" not in links
    assert "Mentee requests" not in links


def test_coordinator_who_is_an_enrolled_mentee_sees_choose_a_mentor(
    coordinator, coordinator_client, matching_program
):
    Program.objects.filter(pk=matching_program.pk).update(matching_mode=MatchingMode.CHOICE)
    enroll(matching_program, coordinator, EnrollmentRole.MENTEE)
    assert "Choose a mentor" in _nav_links(coordinator_client, matching_program)


def test_step_indicator_marks_the_current_step_and_names_the_blockers(draft):
    indicator = step_indicator(draft)
    assert [step.state for step in indicator.steps] == [
        "current",
        "todo",
        "todo",
        "todo",
        "todo",
    ]
    assert indicator.next_label == "Recruiting"
    assert indicator.next_action == "Open recruitment"
    reasons = [guard.reason for guard in indicator.blockers]
    assert "Write the program's goal." in reasons
    assert "Set the start and end dates." in reasons


def test_step_indicator_on_the_detail_page(coordinator_client, active_program):
    html = coordinator_client.get(reverse("programs:detail", args=[active_program.pk])).content
    page = html.decode()
    assert 'class="step-current" aria-current="step"' in page
    steps = page.split('class="lifecycle-steps"', 1)[1].split("</ol>", 1)[0]
    assert steps.index("Draft") < steps.index("Active") < steps.index("Closed")
    assert "nothing blocks the step to <strong>closed</strong>" in page


def test_close_the_program_is_not_the_primary_button(coordinator_client, active_program):
    page = coordinator_client.get(
        reverse("programs:detail", args=[active_program.pk])
    ).content.decode()
    assert 'class="button button-danger"' in page
    assert "Close the program…" in page


def test_closed_program_has_no_further_step(active_program):
    indicator = step_indicator(with_status(active_program, Status.CLOSED))
    assert indicator.steps[-1].state == "current"
    assert indicator.next_label == ""
    assert indicator.blockers == []


def _apply(program: Program, role: str) -> Enrollment:
    applicant = EmployeeFactory(organization=program.organization)
    return Enrollment.objects.create(
        program=program, employee=applicant, role=role, status=EnrollmentStatus.APPLIED
    )


def test_step_indicator_counts_applications_waiting_before_matching(ready_draft, mentor, mentee):
    recruiting = with_status(ready_draft, Status.RECRUITING)
    enroll(recruiting, mentor, EnrollmentRole.MENTOR)
    enroll(recruiting, mentee, EnrollmentRole.MENTEE)
    _apply(recruiting, EnrollmentRole.MENTOR)
    _apply(recruiting, EnrollmentRole.MENTEE)
    declined = _apply(recruiting, EnrollmentRole.MENTEE)
    Enrollment.objects.filter(pk=declined.pk).update(status=EnrollmentStatus.DECLINED)
    indicator = step_indicator(recruiting)
    assert indicator.blockers == []
    assert indicator.waiting_applications == 2


def test_detail_page_warns_of_applications_waiting_before_matching(
    coordinator_client, ready_draft, mentor, mentee
):
    recruiting = with_status(ready_draft, Status.RECRUITING)
    enroll(recruiting, mentor, EnrollmentRole.MENTOR)
    enroll(recruiting, mentee, EnrollmentRole.MENTEE)
    _apply(recruiting, EnrollmentRole.MENTOR)
    _apply(recruiting, EnrollmentRole.MENTEE)
    page = coordinator_client.get(reverse("programs:detail", args=[recruiting.pk])).content
    warning = page.decode().split('id="lifecycle-waiting-applications"', 1)[1].split("</p>", 1)[0]
    assert "2 applications still wait for your decision" in warning
    assert reverse("enrollment:applications", args=[recruiting.pk]) in warning


def test_no_waiting_warning_once_matching_or_without_applications(
    coordinator_client, matching_program
):
    _apply(matching_program, EnrollmentRole.MENTEE)
    assert step_indicator(matching_program).waiting_applications == 0
    page = coordinator_client.get(reverse("programs:detail", args=[matching_program.pk]))
    assert "lifecycle-waiting-applications" not in page.content.decode()


def _with_enrolment(program: Program, mode: str) -> Program:
    Program.objects.filter(pk=program.pk).update(enrollment_mode=mode)
    program.refresh_from_db()
    return program


def _participants_header(client, program: Program) -> str:
    html = client.get(reverse("enrollment:participants", args=[program.pk])).content.decode()
    return html.split('aria-label="Participants"', 1)[1].split("</nav>", 1)[0]


def test_a_nomination_program_offers_no_applications(coordinator_client, coordinator, ready_draft):
    program = _with_enrolment(
        with_status(ready_draft, Status.RECRUITING), EnrollmentMode.NOMINATION
    )

    assert not program_nav(program=program, viewer=coordinator).applications
    assert "Applications" not in _nav_links(coordinator_client, program)
    assert "Applications" not in _participants_header(coordinator_client, program)
    assert "Invite people" in _nav_links(coordinator_client, program)


def test_a_nomination_program_with_applications_waiting_still_offers_them(
    coordinator_client, ready_draft
):
    """Applications sent before the program turned to nominations still need a decision."""
    program = with_status(ready_draft, Status.RECRUITING)
    _apply(program, EnrollmentRole.MENTEE)
    program = _with_enrolment(program, EnrollmentMode.NOMINATION)

    assert "Applications" in _nav_links(coordinator_client, program)
    assert "Applications" in _participants_header(coordinator_client, program)


def test_an_application_program_offers_applications(coordinator_client, ready_draft):
    program = _with_enrolment(
        with_status(ready_draft, Status.RECRUITING), EnrollmentMode.APPLICATION
    )

    assert "Applications" in _nav_links(coordinator_client, program)


def test_the_launch_step_names_the_enrolled_people_still_without_a_pair(
    coordinator_client, matching_program, mentor, mentee
):
    second = EmployeeFactory(organization=matching_program.organization)
    enroll(matching_program, second, EnrollmentRole.MENTEE)
    url = reverse("programs:detail", args=[matching_program.pk])

    page = coordinator_client.get(url).content.decode()
    warning = page.split('id="lifecycle-unpaired"', 1)[1].split("</p>", 1)[0]
    assert "Enrolled without a pair: 1 mentor and 2 mentees." in warning
    assert reverse("matching:run_review", args=[matching_program.pk]) in warning

    pair(matching_program, mentor, mentee)
    assert step_indicator(matching_program).unpaired == {"mentor": 0, "mentee": 1}
    page = coordinator_client.get(url).content.decode()
    assert "Enrolled without a pair: 1 mentee." in page
    with_status(matching_program, Status.ACTIVE)
    assert "lifecycle-unpaired" not in coordinator_client.get(url).content.decode()

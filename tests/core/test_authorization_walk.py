"""Every page × every role: who gets in and who is refused, from ONE table (``ACCESS``).

The URL patterns come from the URL configuration itself, so a new page fails this test until
someone decides, in ``ACCESS``, who may reach it. Path parameters are filled with the ids of
objects of the first organisation (``acme``); the second organisation (``other``) has its own
program, pair, module and resource, and its admin must be refused everything of ``acme``.

A role is *allowed* when a GET answers 2xx, or 3xx to anything but the sign-in page; it is
*refused* when anonymous is sent to sign in, or anyone else gets 403 or 404. A refused role
also POSTs (an empty form) to every pattern, which must be refused and write nothing. Each
request runs in a savepoint that is rolled back, so no request changes what the next sees.
Words only some roles may read (a private note, a meeting's topics, check-in answers, a
confidential request and its reply: ``READERS``) are planted in the world, and no answer to
anyone else may show them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from remento.core.jobs.models import BackgroundJob, JobStatus
from remento.core.models import Organization, OutgoingEmail, User
from remento.enrollment.models import (
    Enrollment,
    EnrollmentRole,
    EnrollmentStatus,
    Question,
    QuestionKind,
)
from remento.integrations.chat import secrets as chat_secrets
from remento.integrations.chat.models import ChatConnection, Service
from remento.integrations.tokens.models import TokenKind
from remento.integrations.tokens.services import token_create
from remento.matching.models import MatchRun, MentorRequest, ProposedPair
from remento.outcomes.assessments.models import Assessment, Phase, RaterRole
from remento.people.importing.services import import_batch_create
from remento.people.models import Employee, Role
from remento.programs.models import EnrollmentMode, MatchingMode, Program, Status
from remento.relationships.checkins.models import (
    CheckIn,
    CheckInKind,
    CheckInQuestion,
    CheckInStatus,
    Fit,
)
from remento.relationships.meetings.calendar import feed_token, new_feed_key
from remento.relationships.meetings.models import CalendarFeed, Meeting, MeetingStatus
from remento.relationships.models import (
    ActionItem,
    Goal,
    Milestone,
    Pair,
    PairSource,
    PairStatus,
    PrivateNote,
    SharedNote,
)
from remento.relationships.safety.models import (
    SafetyReason,
    SafetyReply,
    SafetyRequest,
    SafetyStatus,
    SafetyWish,
)
from remento.training.models import Resource, TrainingModule
from tests.factories import OrganizationFactory, UserFactory, employee_with_login

# -- who may reach what ---------------------------------------------------------------------

ANONYMOUS = "anonymous"
PARTICIPANT = "participant"  # an employee of acme, enrolled in nothing
MENTOR = "mentor"  # the mentor of acme's pair
MENTEE = "mentee"  # the mentee of acme's pair
COORDINATOR = "coordinator"
ADMIN = "admin"  # acme's organisation admin
OTHER_ADMIN = "other_admin"  # the organisation admin of the other organisation
SUPERUSER = "superuser"  # a platform operator with no employee in any organisation

ROLES = (ANONYMOUS, PARTICIPANT, MENTOR, MENTEE, COORDINATOR, ADMIN, OTHER_ADMIN, SUPERUSER)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
EMPLOYEES = SIGNED_IN - {SUPERUSER}
STAFF = frozenset({COORDINATOR, ADMIN})
PAIR = frozenset({MENTOR, MENTEE})


ACME_EMPLOYEES = EMPLOYEES - {OTHER_ADMIN}
ADMINS = frozenset({ADMIN, OTHER_ADMIN})  # pages of one's own organisation: each admin its own
ORGANISERS = STAFF | {OTHER_ADMIN}  # organisation-wide staff pages, each of one's own org
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Access:
    allowed: frozenset[str]
    # The view answers POST only: every role POSTs (an empty form), nobody GETs.
    post_only: bool = False
    # Where an allowed role lands: "allowed" (2xx, or 3xx elsewhere than the sign-in page),
    # or "login" for the pages whose job is to end on the sign-in page (signing out).
    allowed_outcome: str = "allowed"
    # Refused signed-in roles are sent to the sign-in page rather than answered 403/404
    # (a step of signing in, which makes sense only while a sign-in is under way).
    refused_to_sign_in: bool = False
    # What a POST sends, where an empty form would be turned away before the permission
    # check is reached (so the check itself is what refuses).
    data: dict[str, str] | None = None
    # A step of a sign-in protocol, reached before anyone is signed in: its refusal is the
    # protocol's own answer (no connection: 404; no sign-in under way: 400; a GET-only
    # step: 405) for every role, anonymous included. It must still write nothing.
    protocol_step: bool = False


# How a sign-in protocol's step refuses (``Access.protocol_step``).
PROTOCOL_REFUSALS = frozenset({"400", "404", "405"})


# pattern name (or route, when unnamed) -> who may reach it, in the order of the URLs.
# Acme's objects are walked; "own" pages list only the viewer's own organisation.
ACCESS: dict[str, Access] = {
    "home": Access(SIGNED_IN),  # the platform operator is sent on to the Django admin
    "health": Access(EVERYONE),
    # The demo's outbox exists only while the demo's email backend is in use.
    "outbox": Access(NOBODY),
    "outbox_email": Access(NOBODY),
    "outbox_email_send_again": Access(NOBODY, post_only=True),
    "login": Access(EVERYONE),
    "two_factor_verify": Access(NOBODY, refused_to_sign_in=True),
    "two_factor_setup": Access(STAFF | {OTHER_ADMIN, SUPERUSER}),
    "two_factor_remove": Access(SIGNED_IN, post_only=True),
    "logout": Access(EVERYONE, post_only=True, allowed_outcome="login"),
    "password_reset": Access(EVERYONE),
    "password_reset_done": Access(EVERYONE),
    "password_reset_confirm": Access(EVERYONE),
    "password_reset_complete": Access(EVERYONE),
    # people/
    "people:directory": Access(ORGANISERS),
    # The mentor's profile: their own, their partner's (the partner profile), staff's.
    "people:employee_detail": Access(STAFF | PAIR),
    "people:person_data": Access(frozenset({ADMIN})),
    "people:person_data_json": Access(frozenset({ADMIN})),
    "people:person_erase": Access(frozenset({ADMIN})),
    "people:profile_edit": Access(EMPLOYEES),
    "people:my_data": Access(EMPLOYEES),
    "people:my_data_json": Access(EMPLOYEES),
    "people:import_upload": Access(ORGANISERS),
    "people:import_preview": Access(frozenset({ADMIN})),  # only its uploader
    "people:import_progress": Access(frozenset({ADMIN})),
    "people:role_list": Access(ADMINS),
    "people:audit_list": Access(ADMINS),
    "people:audit_export": Access(ADMINS),
    "people:signin_unlock": Access(frozenset({ADMIN}), post_only=True),
    "people:role_set": Access(frozenset({ADMIN}), post_only=True),
    "people:organization_settings": Access(ADMINS),
    # programs/
    "programs:list": Access(ORGANISERS),
    "programs:create": Access(ORGANISERS),
    "programs:skill_gaps": Access(ORGANISERS),
    "programs:detail": Access(STAFF),
    "programs:edit": Access(STAFF),
    "programs:setup": Access(STAFF),
    "programs:transition": Access(STAFF),
    "programs:program_skill_gaps": Access(STAFF),
    "programs:charter": Access(STAFF),
    "programs:charter_pdf": Access(STAFF),
    # What a program is about: for the people who take part in it, and its coordinators.
    "programs:about": Access(PAIR | STAFF),
    # enrollment/ (a recruiting program, to which the mentee is invited)
    "enrollment:my_programs": Access(EMPLOYEES),
    "enrollment:signup": Access(ACME_EMPLOYEES),
    "enrollment:invitation": Access(frozenset({MENTEE})),
    "enrollment:withdraw": Access(frozenset({MENTEE}), post_only=True),
    "enrollment:participants": Access(STAFF),
    "enrollment:promote_waitlist": Access(STAFF, post_only=True),
    "enrollment:participant_withdraw": Access(STAFF, post_only=True),
    "enrollment:applications": Access(STAFF),
    "enrollment:application_decide": Access(STAFF, post_only=True),
    "enrollment:nominate": Access(STAFF),
    "enrollment:invite_many": Access(STAFF),
    "enrollment:questions": Access(STAFF),
    "enrollment:question_edit": Access(STAFF),
    "enrollment:question_delete": Access(STAFF, post_only=True),
    # matching/ (a bulk program in Matching; a participant-choice program for choose/requests)
    "matching:preview": Access(STAFF),
    "matching:preview_refresh": Access(STAFF, post_only=True),
    "matching:run_progress": Access(STAFF),
    "matching:run_cancel": Access(STAFF, post_only=True),
    "matching:run_review": Access(STAFF),
    "matching:run_start": Access(STAFF, post_only=True),
    "matching:weights_update": Access(STAFF, post_only=True),
    "matching:proposal_swap": Access(STAFF, post_only=True),
    "matching:run_publish": Access(STAFF, post_only=True),
    "matching:proposal_lock": Access(STAFF, post_only=True),
    "matching:proposal_remove": Access(STAFF, post_only=True),
    "matching:proposal_swap_search": Access(STAFF),
    "matching:choose": Access(STAFF | {MENTEE}),
    "matching:request_create": Access(frozenset({MENTEE})),
    # Each employee's own inbox of requests in a program of their organisation.
    "matching:inbox": Access(ACME_EMPLOYEES),
    "matching:requests_overview": Access(STAFF),
    "matching:nudge": Access(STAFF, post_only=True),
    "matching:request_answer": Access(
        frozenset({MENTOR}), post_only=True, data={"decision": "accept"}
    ),
    "matching:request_withdraw": Access(frozenset({MENTEE}), post_only=True),
    # Rematching the people of a closed pair of the active program: its coordinators only.
    "matching:rematch": Access(STAFF),
    "matching:rematch_create": Access(STAFF, post_only=True),
    # pairs/ (staff reach a pair's pages; the services refuse them what only the pair may do)
    "relationships:my_pairs": Access(EMPLOYEES),
    "relationships:pair_detail": Access(PAIR | STAFF),
    "relationships:pair_confidential_unlock": Access(frozenset({ADMIN})),
    "relationships:agreement_edit": Access(PAIR | STAFF),
    "relationships:agreement_sign": Access(PAIR | STAFF, post_only=True),
    "relationships:checklist_tick": Access(PAIR | STAFF, post_only=True),
    "relationships:pair_start": Access(PAIR | STAFF, post_only=True),
    "relationships:pair_close": Access(PAIR | STAFF),
    "relationships:program_pairs": Access(STAFF),
    # The pair's meetings: staff read dates and statuses (no place, agenda or topics); only
    # the two propose, answer, move and log (the meeting walked is a held one, with topics).
    "relationships:meetings:list": Access(PAIR | STAFF),
    "relationships:meetings:propose": Access(PAIR),
    "relationships:meetings:answer": Access(PAIR, post_only=True),
    "relationships:meetings:counter": Access(PAIR),
    "relationships:meetings:log": Access(PAIR),
    # The pair's goals and notes: staff see the pages (aggregates, no note), only the two write;
    # the private note walked is the mentor's, so even the mentee gets a 404.
    "relationships:goals": Access(PAIR | STAFF),
    "relationships:goals_seed": Access(PAIR, post_only=True),
    "relationships:goal_update": Access(PAIR, post_only=True),
    "relationships:goal_delete": Access(PAIR, post_only=True),
    "relationships:milestone_toggle": Access(PAIR, post_only=True),
    "relationships:notes": Access(PAIR | STAFF),
    "relationships:shared_note_create": Access(PAIR, post_only=True),
    "relationships:shared_note_edit": Access(PAIR, post_only=True),
    "relationships:private_note_create": Access(PAIR, post_only=True),
    "relationships:private_note_edit": Access(frozenset({MENTOR}), post_only=True),
    "relationships:private_note_delete": Access(frozenset({MENTOR}), post_only=True),
    "relationships:action_item_create": Access(PAIR, post_only=True),
    "relationships:action_item_toggle": Access(PAIR, post_only=True),
    # Check-ins: each person their own, coordinators both people's answers, the partner never
    # (the check-in walked is the mentee's, so the mentor gets a 404); the plan is staff's.
    "relationships:checkins:list": Access(PAIR | STAFF),
    "relationships:checkins:answer": Access(frozenset({MENTEE})),
    "relationships:checkins:program": Access(STAFF),
    "relationships:checkins:settings": Access(STAFF),
    "relationships:checkins:question_edit": Access(STAFF),
    "relationships:checkins:question_delete": Access(STAFF, post_only=True),
    # Skill assessments: only the rater reads or answers one (the one walked is the mentee's
    # self-assessment, so the mentor and the coordinators get a 404); a pair's list of them is
    # each person's own, and coordinators read the program's aggregates instead.
    "outcomes:assessment_answer": Access(frozenset({MENTEE})),
    "outcomes:pair_assessments": Access(PAIR),
    # A program's exports: its organisation's coordinators only (the export walked is the
    # check-in answers, which coordinators read; every download is audited, so it writes).
    "outcomes:program_exports": Access(STAFF),
    "outcomes:program_export": Access(STAFF),
    "outcomes:program_export_progress": Access(STAFF),
    # A file the worker wrote: only the coordinator who asked for it (every download audited).
    "outcomes:program_export_download": Access(frozenset({COORDINATOR})),
    # Results: the organisation's dashboard for each organisation's own staff, a program's
    # (the active one walked) for its coordinators; never a participant.
    "outcomes:organization_dashboard": Access(ORGANISERS),
    "outcomes:program_dashboard": Access(STAFF),
    "outcomes:program_assessments": Access(STAFF),
    # Working a program's results out again (a POST that queues the worker): the same staff.
    "outcomes:program_dashboard_refresh": Access(STAFF, post_only=True),
    # The sponsor's report (every PDF download audited): the organisation's coordinators.
    "outcomes:report": Access(STAFF),
    "outcomes:report_pdf": Access(STAFF),
    "outcomes:report_pdf_progress": Access(STAFF),
    "outcomes:report_pdf_download": Access(frozenset({COORDINATOR})),
    # A mentor's certificate: the mentor of the completed pair walked, nobody else (a 404);
    # the mentor walked has no manager, so the note is refused and sends nothing.
    "outcomes:certificate": Access(frozenset({MENTOR})),
    "outcomes:certificate_pdf": Access(frozenset({MENTOR})),
    "outcomes:certificate_manager_note": Access(frozenset({MENTOR}), post_only=True),
    # Health: the board and its nudges are staff's; a pair's health also its two people's.
    "relationships:health_board": Access(STAFF),
    "relationships:health_nudge_state": Access(STAFF, post_only=True),
    "relationships:health_nudge_pair": Access(STAFF, post_only=True),
    "relationships:health_nudge_template": Access(STAFF),
    "relationships:pair_health": Access(PAIR | STAFF),
    # A safe way out: either of the pair asks; the request walked is the mentee's, read by
    # its asker and the coordinators only (never the partner), acted on by coordinators.
    "relationships:safety_request_new": Access(PAIR),
    "relationships:my_safety_requests": Access(EMPLOYEES),
    "relationships:safety_request": Access(STAFF | {MENTEE}),
    "relationships:safety_request_reply": Access(STAFF, post_only=True),
    # Only its asker adds to a waiting request (a coordinator replies instead).
    "relationships:safety_request_add": Access(frozenset({MENTEE}), post_only=True),
    "relationships:safety_request_resolve": Access(STAFF, post_only=True),
    "relationships:safety_pair_close": Access(STAFF, post_only=True),
    "relationships:program_safety_requests": Access(STAFF),
    # Each person's own calendar feed page; the feed itself is for calendar apps, with no
    # sign-in: its token (the mentor's, walked) is the key, so whoever holds it reads it.
    # A wrong, reset or departed person's token is a 404 (``test_the_calendar_feed_...``).
    "relationships:calendar_feed": Access(EMPLOYEES),
    "relationships:calendar_feed_ics": Access(EVERYONE),
    # training/ (the module belongs to the active program; the resource to all of acme)
    "training:my_training": Access(EMPLOYEES),
    "training:module_detail": Access(PAIR | STAFF),
    "training:module_complete": Access(PAIR, post_only=True),
    "training:module_edit": Access(STAFF),
    "training:module_delete": Access(STAFF),
    "training:program_modules": Access(STAFF),
    "training:module_create": Access(STAFF),
    "training:modules_seed": Access(STAFF, post_only=True),
    "training:compliance": Access(STAFF),
    "training:compliance_count_again": Access(STAFF, post_only=True),
    "training:resource_list": Access(EMPLOYEES),
    "training:resource_create": Access(ORGANISERS),
    "training:resources_seed": Access(ORGANISERS, post_only=True),
    "training:resource_detail": Access(ACME_EMPLOYEES),
    "training:resource_edit": Access(STAFF),
    "training:resource_delete": Access(STAFF),
    # integrations/: the hub, single sign-on, SCIM's page, chat, tokens. Acme has no SSO
    # connection in this world, so the sign-in starts and the SAML endpoints are a 404 for
    # everyone (tests/integrations/sso walks them with connections).
    "integrations:hub": Access(ORGANISERS),
    "sso:start": Access(EVERYONE),
    "sso:settings": Access(ADMINS),
    "sso:oidc_settings": Access(ADMINS),
    "sso:oidc_test": Access(ADMINS, post_only=True),
    "sso:oidc_callback": Access(NOBODY, protocol_step=True),
    "sso:oidc_start": Access(NOBODY, protocol_step=True),
    "sso:saml_settings": Access(ADMINS),
    "sso:saml_test": Access(ADMINS, post_only=True),
    "sso:saml_login": Access(NOBODY, protocol_step=True),
    "sso:saml_acs": Access(NOBODY, post_only=True, protocol_step=True),
    "sso:saml_metadata": Access(NOBODY, protocol_step=True),
    "sso:organization_start": Access(NOBODY, protocol_step=True),
    "scim_page:settings": Access(ADMINS),
    "chat:settings": Access(ORGANISERS),
    "chat:my_notifications": Access(EMPLOYEES),
    "chat:connection_save": Access(ORGANISERS, post_only=True),
    # acme's Slack connection (the other organisation has none: a 404 for its admin).
    "chat:connection_test": Access(STAFF, post_only=True),
    "chat:connection_delete": Access(STAFF, post_only=True),
    # Every member makes their own API tokens; the walked one is the mentor's.
    "tokens:list": Access(EMPLOYEES),
    "tokens:create": Access(EMPLOYEES),
    "tokens:revoke": Access(frozenset({MENTOR, ADMIN})),
    # The Django admin: its index and every registered model's list (walked from the admin
    # site's registry by ``test_only_a_platform_operator_reaches_the_django_admin``).
    "admin/": Access(frozenset({SUPERUSER})),
}

# Words that only some roles may read, planted in the world (PRODUCT.md's privacy rules and
# issue 14's): no page or answer, whoever it admits, may show them to anyone else.
PRIVATE_NOTE = "Only Maya reads this."
MEETING_TOPICS = "Topics only the two of them read."
MENTEE_CHECKIN = "Martin tells the coordinator only."
MENTOR_CHECKIN = "Maya tells the coordinator only."
SAFETY_DETAILS = "Details only the coordinators read."
SAFETY_REPLY = "A reply for Martin only."
READERS: dict[str, frozenset[str]] = {
    PRIVATE_NOTE: frozenset({MENTOR}),
    MEETING_TOPICS: PAIR,
    MENTEE_CHECKIN: STAFF | {MENTEE},
    MENTOR_CHECKIN: STAFF | {MENTOR},
    SAFETY_DETAILS: STAFF | {MENTEE},
    SAFETY_REPLY: STAFF | {MENTEE},
}

# Patterns not walked by the URL walk: the Django admin (platform operators, its own
# permission system; walked from its registry below, with ``ACCESS["admin/"]``), static
# files, and the bearer-token protocols, which answer a session 401 whoever it is: the REST
# API runs this table against its tokens (tests/integrations/api/test_authorization.py) and
# SCIM has its own tenant tests (tests/integrations/scim/).
SKIPPED_PREFIXES = ("admin/", "static/", "media/", "__debug__/", "api/", "scim/v2/")


# -- the world ------------------------------------------------------------------------------


@dataclass
class World:
    ids: dict[str, Any]  # path parameter -> default value
    per_pattern: dict[str, dict[str, Any]]  # pattern -> path parameters of its own
    users: dict[str, User | None]
    media_root: Path  # where the pending import's file was written


def _program(organization: Organization, name: str, status: str, **fields: Any) -> Program:
    return Program.objects.create(
        organization=organization,
        name=name,
        goal="Leaders learn the tools their teams use.",
        status=status,
        agreement_text="We meet regularly and keep confidences.",
        **fields,
    )


def _enroll(program: Program, employee: Employee, role: str) -> Enrollment:
    return Enrollment.objects.create(
        program=program,
        employee=employee,
        role=role,
        status=EnrollmentStatus.ENROLLED,
        timezone="Europe/London",
        hours_per_month=4,
    )


def build_world() -> World:
    acme = OrganizationFactory(name="Acme Retail", slug="acme", email_domains=["acme.example"])
    other = OrganizationFactory(name="Other Corp", slug="other")

    def person(organization: Organization, name: str, level: int, role: str = Role.PARTICIPANT):
        return employee_with_login(
            organization=organization,
            first_name=name.title(),
            last_name="Walker",
            email=f"{name}@{organization.slug}.example",
            level=level,
            role=role,
        )

    people = {
        PARTICIPANT: person(acme, "pat", 4),
        MENTOR: person(acme, "maya", 2),
        MENTEE: person(acme, "martin", 9),
        COORDINATOR: person(acme, "cora", 6, Role.COORDINATOR),
        ADMIN: person(acme, "ada", 7, Role.ADMIN),
        OTHER_ADMIN: person(other, "olga", 7, Role.ADMIN),
    }
    spare_mentor = person(acme, "sid", 2)
    spare_mentee = person(acme, "sue", 8)
    coordinator_user = people[COORDINATOR].user

    programs = {
        status: _program(acme, f"Acme {status}", status, created_by=coordinator_user)
        for status in Status.values
    }
    active, matching = programs[Status.ACTIVE], programs[Status.MATCHING]
    choice = _program(
        acme,
        "Acme choice",
        Status.MATCHING,
        matching_mode=MatchingMode.CHOICE,
        enrollment_mode=EnrollmentMode.OPEN,
    )
    for program in (active, matching, choice):
        _enroll(program, people[MENTOR], EnrollmentRole.MENTOR)
        _enroll(program, people[MENTEE], EnrollmentRole.MENTEE)
    _enroll(matching, spare_mentor, EnrollmentRole.MENTOR)
    _enroll(matching, spare_mentee, EnrollmentRole.MENTEE)
    _enroll(choice, spare_mentor, EnrollmentRole.MENTOR)
    applicant = Enrollment.objects.create(
        program=programs[Status.RECRUITING],
        employee=spare_mentee,
        role=EnrollmentRole.MENTEE,
        status=EnrollmentStatus.APPLIED,
        timezone="Europe/London",
        hours_per_month=4,
    )
    Enrollment.objects.create(
        program=programs[Status.RECRUITING],
        employee=people[MENTEE],
        role=EnrollmentRole.MENTEE,
        status=EnrollmentStatus.INVITED,
        timezone="Europe/London",
    )
    pair = Pair.objects.create(
        program=active, mentor=people[MENTOR], mentee=people[MENTEE], source=PairSource.BULK
    )
    goal = Goal.objects.create(pair=pair, owner=people[MENTEE], title="Use AI at work")
    milestone = Milestone.objects.create(goal=goal, title="Try it once")
    shared_note = SharedNote.objects.create(pair=pair, body="Shared", author=people[MENTOR])
    action_item = ActionItem.objects.create(pair=pair, owner=people[MENTEE], title="Read it")
    private_note = PrivateNote(pair=pair, author=people[MENTOR])
    private_note.set_body(PRIVATE_NOTE)
    private_note.save()
    now = timezone.now()
    meeting = Meeting.objects.create(
        pair=pair,
        status=MeetingStatus.HELD,
        starts_at=now - timedelta(days=3),
        duration_minutes=45,
        timezone="Europe/London",
        agenda="Prompts",
        organizer=people[MENTEE],
        proposed_by=people[MENTEE],
        held_minutes=50,
        topics=MEETING_TOPICS,
        logged_by=people[MENTOR],
        logged_at=now - timedelta(days=2),
    )
    feed = CalendarFeed.objects.create(employee=people[MENTOR], key=new_feed_key())
    checkin = CheckIn.objects.create(
        pair=pair,
        employee=people[MENTEE],
        role=EnrollmentRole.MENTEE,
        kind=CheckInKind.REGULAR,
        status=CheckInStatus.OPEN,
        opened_at=now - timedelta(days=1),
        remind_at=now + timedelta(days=4),
        remind_again_at=now + timedelta(days=9),
        closes_at=now + timedelta(days=14),
    )
    checkin_question = CheckInQuestion.objects.create(
        program=active, text="What helped most?", kind=QuestionKind.TEXT
    )
    assessment = Assessment.objects.create(
        pair=pair,
        learner=people[MENTEE],
        rater=people[MENTEE],
        rater_role=RaterRole.SELF,
        phase=Phase.BEFORE,
        opened_at=now,
    )
    safety_request = SafetyRequest.objects.create(
        pair=pair,
        asked_by=people[MENTEE],
        wish=SafetyWish.END,
        reason=SafetyReason.FIT,
        details=SAFETY_DETAILS,
        status=SafetyStatus.ANSWERED,
    )
    SafetyReply.objects.create(
        request=safety_request, author=people[COORDINATOR], text=SAFETY_REPLY
    )
    for role, words in ((MENTEE, MENTEE_CHECKIN), (MENTOR, MENTOR_CHECKIN)):
        CheckIn.objects.create(
            pair=pair,
            employee=people[role],
            role=role,
            kind=CheckInKind.FIRST,
            status=CheckInStatus.ANSWERED,
            opened_at=now - timedelta(days=20),
            remind_at=now - timedelta(days=15),
            remind_again_at=now - timedelta(days=10),
            closes_at=now - timedelta(days=5),
            answered_at=now - timedelta(days=18),
            rating=2,
            fit=Fit.NO,
            comments=words,
            answers=[{"question": "How is it going?", "display": words}],
        )
    # A closed pair of the active program, whose people a coordinator rematches.
    closed_pair = Pair.objects.create(
        program=active,
        mentor=spare_mentor,
        mentee=spare_mentee,
        source=PairSource.BULK,
        status=PairStatus.CLOSED,
        ended_at=now - timedelta(days=1),
    )
    # A pair that ran its course, in the closed program: its mentor's certificate.
    completed_pair = Pair.objects.create(
        program=programs[Status.CLOSED],
        mentor=people[MENTOR],
        mentee=people[MENTEE],
        source=PairSource.BULK,
        status=PairStatus.CLOSED,
        started_at=now - timedelta(days=90),
        ended_at=now - timedelta(days=1),
        completed=True,
    )
    run = MatchRun.objects.create(
        program=matching, settings_snapshot={}, created_by=coordinator_user
    )
    proposal = ProposedPair.objects.create(
        run=run, mentor=spare_mentor, mentee=spare_mentee, score=0.8
    )
    request = MentorRequest.objects.create(
        program=choice,
        mentee=people[MENTEE],
        mentor=people[MENTOR],
        rank=1,
        expires_at=timezone.now() + timedelta(days=7),
    )
    question = Question.objects.create(
        program=programs[Status.RECRUITING], text="Why join?", kind=QuestionKind.TEXT
    )
    module = TrainingModule.objects.create(
        program=active, title="Feedback", content="How to give feedback.", estimated_minutes=15
    )
    resource = Resource.objects.create(
        organization=acme,
        title="Listening",
        summary="How to listen.",
        body="Listen.",
        created_by=coordinator_user,
    )
    batch, _ = import_batch_create(
        actor=people[ADMIN].user,
        organization=acme,
        file_name="people.csv",
        data=b"employee_id,first_name,last_name,email,level\nAC900,Nia,New,nia@acme.example,3\n",
    )

    # The other organisation's own objects, so that its admin's pages are not empty.
    theirs = _program(other, "Other active", Status.ACTIVE)
    their_mentor, their_mentee = person(other, "omar", 2), person(other, "oona", 9)
    Pair.objects.create(program=theirs, mentor=their_mentor, mentee=their_mentee)
    TrainingModule.objects.create(program=theirs, title="Theirs", content="x")
    Resource.objects.create(organization=other, title="Theirs", summary="x", body="x")

    superuser = UserFactory(email="root@platform.example", is_superuser=True, is_staff=True)
    users: dict[str, User | None] = {role: employee.user for role, employee in people.items()}
    users[ANONYMOUS] = None
    users[SUPERUSER] = superuser
    return World(
        ids={
            "program_pk": active.pk,
            "pair_pk": pair.pk,
            "employee_pk": people[MENTOR].pk,
            "enrollment_pk": applicant.pk,
            "question_pk": question.pk,
            "run_pk": run.pk,
            "proposal_pk": proposal.pk,
            "mentor_pk": spare_mentor.pk,
            "request_pk": request.pk,
            "module_pk": module.pk,
            "resource_pk": resource.pk,
            "token": batch.token,
            "step": "kickoff",
            "to": "closed",
            "uidb64": "MQ",
            "pk": active.pk,
            "goal_pk": goal.pk,
            "milestone_pk": milestone.pk,
            "note_pk": shared_note.pk,
            "item_pk": action_item.pk,
            "meeting_pk": meeting.pk,
            "checkin_pk": checkin.pk,
            "assessment_pk": assessment.pk,
            "slug": acme.slug,
            "service": ChatConnection.objects.create(
                organization=acme,
                service=Service.SLACK,
                secret_encrypted=chat_secrets.encrypt("xoxb-walk"),
                channel="#mentoring",
            ).service,
            "token_pk": token_create(
                actor=people[MENTOR].user,
                organization=acme,
                kind=TokenKind.API,
                name="Mentor's script",
                scopes=["pairs:read"],
            ).token.pk,
            "email_pk": OutgoingEmail.objects.create(
                organization=acme, recipient=people[MENTOR].email, subject="Hi", template="x/y"
            ).pk,
        },
        per_pattern={
            "enrollment:signup": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:invitation": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:withdraw": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:participants": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:promote_waitlist": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:participant_withdraw": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:applications": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:application_decide": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:nominate": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:invite_many": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:questions": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:question_edit": {"program_pk": programs[Status.RECRUITING].pk},
            "enrollment:question_delete": {"program_pk": programs[Status.RECRUITING].pk},
            "matching:preview": {"program_pk": matching.pk},
            "matching:preview_refresh": {"program_pk": matching.pk},
            "matching:run_progress": {"program_pk": matching.pk},
            "matching:run_cancel": {"program_pk": matching.pk},
            "matching:run_review": {"program_pk": matching.pk},
            "matching:run_start": {"program_pk": matching.pk},
            "matching:weights_update": {"program_pk": matching.pk},
            "matching:proposal_swap": {"program_pk": matching.pk},
            "matching:run_publish": {"program_pk": matching.pk},
            "matching:proposal_lock": {"program_pk": matching.pk},
            "matching:proposal_remove": {"program_pk": matching.pk},
            "matching:proposal_swap_search": {"program_pk": matching.pk},
            "matching:choose": {"program_pk": choice.pk},
            "matching:request_create": {"program_pk": choice.pk},
            "matching:inbox": {"program_pk": choice.pk},
            "matching:requests_overview": {"program_pk": choice.pk},
            "matching:nudge": {"program_pk": choice.pk},
            "programs:transition": {"program_pk": matching.pk, "to": "active"},
            "programs:setup": {"program_pk": programs[Status.DRAFT].pk, "step": "design"},
            "relationships:private_note_edit": {"note_pk": private_note.pk},
            "relationships:private_note_delete": {"note_pk": private_note.pk},
            "outcomes:program_export": {"export": "checkins", "fmt": "csv"},
            "outcomes:program_export_progress": {"export": "checkins", "fmt": "csv"},
            "outcomes:program_export_download": {
                "export": "checkins",
                "fmt": "csv",
                "token": _finished_job(people[COORDINATOR].user, active, "checkins:csv"),
            },
            "outcomes:report_pdf_download": {
                "token": _finished_job(people[COORDINATOR].user, active, "report:pdf")
            },
            "relationships:checkins:question_edit": {"question_pk": checkin_question.pk},
            "relationships:checkins:question_delete": {"question_pk": checkin_question.pk},
            "relationships:safety_request": {"request_pk": safety_request.pk},
            "relationships:safety_request_reply": {"request_pk": safety_request.pk},
            "relationships:safety_request_add": {"request_pk": safety_request.pk},
            "relationships:safety_request_resolve": {"request_pk": safety_request.pk},
            "relationships:safety_pair_close": {"request_pk": safety_request.pk},
            "relationships:calendar_feed_ics": {"token": feed_token(feed.key)},
            "outcomes:certificate": {"pair_pk": completed_pair.pk},
            "outcomes:certificate_pdf": {"pair_pk": completed_pair.pk},
            "outcomes:certificate_manager_note": {"pair_pk": completed_pair.pk},
            "matching:rematch": {"pair_pk": closed_pair.pk},
            "matching:rematch_create": {"pair_pk": closed_pair.pk},
        },
        users=users,
        media_root=Path(settings.MEDIA_ROOT),
    )


def _finished_job(user: User, program: Program, what: str) -> str:
    """A file the task worker wrote for ``user`` about ``program`` (an export, the report's
    PDF); returns the token of its download URL."""
    export = what.startswith("checkins")
    job = BackgroundJob.objects.create(
        organization=program.organization,
        requested_by=user,
        kind="outcomes.export" if export else "outcomes.report",
        subject=f"{program.pk}:{what}",
        params={"program": program.pk, "export": "checkins", "format": "csv"}
        if export
        else {"program": program.pk},
        token=f"walk-{what.replace(':', '-')}",
        status=JobStatus.DONE,
        file_name="walked.csv" if export else "walked.pdf",
        content_type="text/csv" if export else "application/pdf",
        expires_at=timezone.now() + timedelta(days=1),
        result={"rows": 1, "bytes": 3},
    )
    job.file.save(job.file_name, ContentFile(b"a,b"), save=True)
    return job.token


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """One set of objects for the whole module, rolled back at its end."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


# -- the walk ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Walked:
    key: str  # the pattern's name, namespaced, or its route when unnamed
    route: str
    parameters: tuple[str, ...]


def url_patterns(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Walked]:
    """Every URL pattern of the site, through every include."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern).removeprefix("^")
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from url_patterns(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            key = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or route)
            yield Walked(key, route, tuple(_parameters(route)))


def _parameters(route: str) -> list[str]:
    return [match.split(":")[-1] for match in re.findall(r"<([^>]+)>", route)]


def url_for(walked: Walked, world: World) -> str:
    values = {**world.ids, **world.per_pattern.get(walked.key, {})}
    kwargs = {name: values[name] for name in walked.parameters}
    if walked.key != walked.route:
        return reverse(walked.key, kwargs=kwargs)
    return "/" + re.sub(
        r"<([^>]+)>", lambda match: str(values[match[1].split(":")[-1]]), walked.route
    )


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def writes(queries: list[dict[str, Any]]) -> list[str]:
    """The statements that wrote to a table, but the session's own (a request may touch it)."""
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(WRITES) and "django_session" not in query["sql"]
    ]


def outcome(response: HttpResponse) -> str:
    login = resolve_url(settings.LOGIN_URL)
    if response.status_code in (301, 302, 303, 307, 308):
        return "login" if response["Location"].startswith(login) else "allowed"
    if 200 <= response.status_code < 300:
        return "allowed"
    return str(response.status_code)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def request(
    client: Client, method: str, url: str, data: dict[str, str] | None = None
) -> tuple[HttpResponse, list[str]]:
    """One request in a savepoint rolled back afterwards (the session cookie is kept, even
    through a sign-out), and the statements by which it wrote to the database."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, writes(captured.captured_queries)


# The load balancer's probe: a plain-text "ok" answered before every middleware, the ones
# that add the policies included (``remento.core.health``).
WITHOUT_POLICIES = frozenset({"health"})


def missing_policies(response: HttpResponse) -> str | None:
    """What is wrong with the page's Content-Security-Policy and Permissions-Policy (every
    answer carries both, allowed or refused, whatever its type), or None."""
    policy = response.get("Content-Security-Policy", "")
    if "script-src 'self'" not in policy or "unsafe-inline" in policy:
        return f"Content-Security-Policy {policy!r}"
    if "camera=()" not in response.get("Permissions-Policy", ""):
        return f"Permissions-Policy {response.get('Permissions-Policy')!r}"
    return None


def leaked(response: HttpResponse, role: str) -> list[str]:
    """The planted words (``READERS``) that the answer shows although ``role`` may not read
    them."""
    if getattr(response, "streaming", False):
        return []
    body = response.content.decode("utf-8", "replace")
    return [words for words, readers in READERS.items() if role not in readers and words in body]


def _said(response: HttpResponse) -> str:
    return f"{response.status_code} {response.get('Location', '')}".strip()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_admits_exactly_the_roles_of_the_access_table(
    role: str, world: World, db: None, settings: Any
) -> None:
    settings.MEDIA_ROOT = world.media_root
    walked = list(url_patterns())
    missing = sorted({w.key for w in walked} - ACCESS.keys())
    assert not missing, (
        "These URL patterns are not in ACCESS of tests/core/test_authorization_walk.py; add "
        f"each with the roles allowed to reach it: {missing}"
    )
    client = client_for(world.users[role])
    failures = []
    for page in walked:
        access = ACCESS[page.key]
        url = url_for(page, world)
        if role in access.allowed:
            method = "post" if access.post_only else "get"
            response, _ = request(client, method, url, access.data)
            wrong = page.key not in WITHOUT_POLICIES and missing_policies(response)
            if wrong:
                failures.append(f"{page.key}: {role}'s {method.upper()} {url} sent {wrong}")
            if shown := leaked(response, role):
                failures.append(f"{page.key}: {role}'s {method.upper()} {url} shows {shown}")
            reached = outcome(response) == access.allowed_outcome or (
                # An empty form posted to a POST-only view may be answered "bad request".
                access.post_only and response.status_code in (400, 422)
            )
            if not reached:
                failures.append(
                    f"{page.key}: {role} may {method.upper()} {url} but got {_said(response)}"
                )
            continue
        refused = {"login"} if role == ANONYMOUS or access.refused_to_sign_in else {"403", "404"}
        if access.protocol_step:
            refused = PROTOCOL_REFUSALS
        for method in ("post",) if access.post_only else ("get", "post"):
            response, written = request(client, method, url, access.data)
            wrong = page.key not in WITHOUT_POLICIES and missing_policies(response)
            if wrong:
                failures.append(f"{page.key}: {role}'s {method.upper()} {url} sent {wrong}")
            if outcome(response) not in refused:
                said = _said(response)
                failures.append(f"{page.key}: {role} must be refused {method} {url}, got {said}")
            if written:
                failures.append(
                    f"{page.key}: refused {role}'s {method.upper()} {url} wrote: {written[0]}"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("words", "role", "page"),
    [
        (PRIVATE_NOTE, MENTOR, "relationships:notes"),
        (MEETING_TOPICS, MENTEE, "relationships:meetings:list"),
        (MENTEE_CHECKIN, MENTEE, "relationships:checkins:list"),
        (MENTEE_CHECKIN, COORDINATOR, "relationships:checkins:list"),
        (MENTOR_CHECKIN, MENTOR, "relationships:checkins:list"),
        (SAFETY_DETAILS, COORDINATOR, "relationships:safety_request"),
        (SAFETY_REPLY, MENTEE, "relationships:safety_request"),
    ],
)
def test_the_planted_words_do_show_to_their_readers(
    words: str, role: str, page: str, world: World, db: None
) -> None:
    """The walk's ``leaked`` check proves something only while the words it looks for are
    on the pages at all: each shows to one who may read it."""
    walked = next(w for w in url_patterns() if w.key == page)
    response, _ = request(client_for(world.users[role]), "get", url_for(walked, world))

    assert response.status_code == 200
    assert words in response.content.decode()


# -- the calendar feed: its token is the only key -------------------------------------------


def test_the_calendar_feed_answers_only_its_current_token_of_a_person_still_here(
    world: World, db: None
) -> None:
    """``ACCESS`` lets everyone read the feed walked, since a calendar app holds no sign-in;
    so the token must be all that opens it: a wrong, forged, reset or departed person's one
    is a 404, whoever asks."""
    token = world.per_pattern["relationships:calendar_feed_ics"]["token"]
    key = token.partition(".")[0]
    feed = CalendarFeed.objects.select_related("employee").get(key=key)
    anonymous, staff = client_for(None), client_for(world.users[ADMIN])

    def status(client: Client, token: str) -> int:
        response, written = request(
            client, "get", reverse("relationships:calendar_feed_ics", args=[token])
        )
        assert written == []
        return response.status_code

    response, _ = request(
        anonymous, "get", reverse("relationships:calendar_feed_ics", args=[token])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content
    assert MEETING_TOPICS.encode() not in response.content  # never the topics
    forged = f"{key}.{'0' * 64}"
    unknown = feed_token(new_feed_key())
    for client in (anonymous, staff):
        for wrong in ("nope", key, forged, unknown, f"{token}x", f".{token}"):
            assert status(client, wrong) == 404, wrong

    with transaction.atomic():
        feed.key = new_feed_key()
        feed.save(update_fields=["key"])
        assert status(anonymous, token) == 404  # reset: the old address stops at once
        assert status(anonymous, feed_token(feed.key)) == 200
        transaction.set_rollback(True)

    with transaction.atomic():
        Employee.objects.filter(pk=feed.employee_id).update(is_active=False)
        assert status(anonymous, token) == 404  # the person left
        transaction.set_rollback(True)
    assert status(anonymous, token) == 200


# -- the Django admin -------------------------------------------------------------------------

# The Django admin is for platform operators only: its index and every registered model's
# list, walked from the admin site's registry (so a newly registered model is covered too).
ADMIN_ACCESS = ACCESS["admin/"]


def admin_pages() -> list[str]:
    from django.contrib import admin

    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_only_a_platform_operator_reaches_the_django_admin(
    role: str, world: World, db: None
) -> None:
    client = client_for(world.users[role])
    admin_login = reverse("admin:login")
    failures = []
    for url in admin_pages():
        response, written = request(client, "get", url)
        said = outcome(response)
        if role in ADMIN_ACCESS.allowed:
            if said != "allowed" or response.get("Location", "").startswith(admin_login):
                failures.append(f"{role} may GET {url} but got {_said(response)}")
        elif not (
            said in {"login", "403", "404"} or response.get("Location", "").startswith(admin_login)
        ):
            failures.append(f"{role} must be refused GET {url}, got {_said(response)}")
        if written:
            failures.append(f"{role}'s GET {url} wrote: {written[0]}")
        if wrong := missing_policies(response):
            failures.append(f"{role}'s GET {url} sent {wrong}")
    assert not failures, "\n".join(failures)

"""A pair's confidential content in the personal-data export.

The pair page keeps a pair's agreed goals, why it ended, the agreement as signed and the
goals on its goals page from staff until an admin states a reason (break-glass,
``remento/relationships/confidential.py``). The person's own export (from their profile)
holds all of it; an admin's copy (/people/<pk>/data/ and data.json) leaves it out and says,
where each field would be, where the person or an admin reads it. Exporting never opens the
break-glass step, and never records ``pair.confidential_viewed``.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone

from remento.core.models import AuditEvent, Organization
from remento.outcomes.assessments.models import (
    Assessment,
    AssessmentRating,
    AssessmentStatus,
    Phase,
    RaterRole,
)
from remento.outcomes.assessments.personal_data import RATER_ONLY
from remento.people.models import Employee
from remento.people.services.personal_export import personal_data_export
from remento.relationships.agreement import agreement_document, text_hash
from remento.relationships.confidential import CONFIDENTIAL_EXPORT_FIELDS, VERB
from remento.relationships.goals.models import Goal
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.models import AgreementSignature, Pair
from remento.relationships.notes.models import ActionItem
from remento.relationships.selectors import terms_of
from remento.relationships.services import pair_close
from tests.conftest import client_for
from tests.factories import SkillFactory, make_pair, make_program, user_of
from tests.relationships.builders import fill_terms

END_REASON = "He made remarks about my health; I do not want to meet him again."
GOALS = "Maya helps me through my burnout without telling anyone."
GOAL_TITLE = "Talk about my burnout once a month"
GOAL_DETAIL = "Nobody in my team knows."
SECRETS = (END_REASON, GOALS, GOAL_TITLE, GOAL_DETAIL, "burnout")
ACTION_TITLE = "Ask the doctor about sick leave for the burnout"
SELF_LEVEL, MENTOR_LEVEL = "2 · Elementary", "4 · Advanced"


@pytest.fixture
def ended_pair(organization: Organization, mentor: Employee, mentee: Employee) -> Pair:
    """A pair with confidential terms, signed, a goal on its goals page, ended by the mentee
    with a reason."""
    pair = make_pair(make_program(organization), mentor, mentee)
    fill_terms(pair, goals=GOALS)
    document = agreement_document(pair=pair, terms=terms_of(pair))
    AgreementSignature.objects.create(
        pair=pair, employee=mentee, text=document, text_sha256=text_hash(document)
    )
    Goal.objects.create(pair=pair, owner=mentee, title=GOAL_TITLE, detail=GOAL_DETAIL)
    pair_close(actor=user_of(mentee), pair=pair, reason=END_REASON)
    return Pair.objects.get(pk=pair.pk)


def _rate(pair: Pair, learner: Employee, rater: Employee, phase: str, level: int) -> None:
    """An answered assessment of ``learner`` by ``rater``, one skill at ``level``."""
    Assessment.objects.filter(pair=pair, learner=learner, rater=rater, phase=phase).delete()
    made = Assessment.objects.create(
        pair=pair,
        learner=learner,
        rater=rater,
        rater_role=RaterRole.SELF if rater == learner else RaterRole.MENTOR,
        phase=phase,
        status=AssessmentStatus.ANSWERED,
        opened_at=timezone.now(),
        answered_at=timezone.now(),
    )
    skill = SkillFactory(organization=pair.program.organization, name="Prompting AI")
    AssessmentRating.objects.create(assessment=made, skill=skill, level=level)


@pytest.fixture
def workspace(ended_pair: Pair, mentor: Employee, mentee: Employee) -> Pair:
    """``ended_pair`` with an action item of the mentee's, a held meeting with its place,
    link, agenda and topics, the mentee's self-assessment
    (2) and the mentor's assessment of the mentee (4), both answered."""
    ActionItem.objects.create(pair=ended_pair, owner=mentee, title=ACTION_TITLE)
    Meeting.objects.create(
        pair=ended_pair,
        starts_at=timezone.now() - dt.timedelta(days=3),
        duration_minutes=45,
        status=MeetingStatus.HELD,
        organizer=mentor,
        proposed_by=mentor,
        location="The café by the clinic",
        video_url="https://meet.example/burnout",
        agenda="The burnout, again",
        topics="Sick leave",
    )
    _rate(ended_pair, mentee, mentee, Phase.BEFORE, 2)
    _rate(ended_pair, mentee, mentor, Phase.AFTER, 4)
    return ended_pair


def _body(response: HttpResponseBase) -> str:
    """A page's or a download's text (a download may stream)."""
    return b"".join(response).decode()


def _my_data_address() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("people:my_data")


@pytest.mark.parametrize("url_name", ["people:person_data", "people:person_data_json"])
def test_an_admins_personal_data_export_does_not_bypass_break_glass(
    ended_pair: Pair, admin: Employee, mentee: Employee, url_name: str
) -> None:
    """Was a leak (tests/security/test_privacy_pass.py): the admin's export of either person
    printed the agreed goals and why the pair ended, with no reason asked, no
    ``pair.confidential_viewed`` and nothing shown to the pair."""
    client = client_for(admin)
    pair_page = client.get(reverse("relationships:pair_detail", args=[ended_pair.pk])).text
    # Break-glass holds on the pair page.
    assert END_REASON not in pair_page
    assert GOALS not in pair_page

    response = client.get(reverse(url_name, args=[mentee.pk]))
    body = _body(response)

    assert response.status_code == 200
    shown = [words for words in SECRETS if words in body]
    assert not shown, f"the admin read the pair's confidential words without break-glass: {shown}"
    assert not AuditEvent.objects.filter(verb=VERB).exists()
    # Where the fields would be, the copy says where they are read.
    assert _my_data_address() in body
    assert reverse("relationships:pair_detail", args=[ended_pair.pk]) in body
    assert "stating a reason" in body


def test_the_admins_copy_leaves_out_each_confidential_field_and_says_where_it_is(
    workspace: Pair, admin: Employee, mentee: Employee
) -> None:
    data = personal_data_export(actor=user_of(admin), employee=mentee)
    exported = data.as_json()

    assert not data.own
    pair_page = settings.SITE_URL.rstrip("/") + reverse(
        "relationships:pair_detail", args=[workspace.pk]
    )
    for section, fields in CONFIDENTIAL_EXPORT_FIELDS.items():
        rows = [row for row in exported[section] if row.get("ratings") != RATER_ONLY]
        assert rows, section
        for row in rows:
            for field, staff_read in fields.items():
                assert row[field].startswith("Left out of this copy"), (section, field)
                assert _my_data_address() in row[field]
                # Only where break-glass opens it does the notice send an admin there.
                assert (pair_page in row[field]) == (staff_read == "break-glass"), field
                assert ("stating a reason" in row[field]) == (staff_read == "break-glass")
    # What staff read anyway stays in the copy.
    pair_row = exported["pairs"][0]
    assert pair_row["status"] == "Closed"
    assert pair_row["days_between_meetings"] == 14
    assert exported["goals"][0]["milestones_done"] == "0 of 0"
    assert SECRETS[0] not in json.dumps(exported)


def test_the_admins_copy_says_nothing_is_left_out_where_nothing_is_held(
    organization: Organization, admin: Employee, mentor: Employee, mentee: Employee
) -> None:
    make_pair(make_program(organization), mentor, mentee)  # open, no terms yet

    row = personal_data_export(actor=user_of(admin), employee=mentee).as_json()["pairs"][0]

    assert row["why_it_ended"] == ""
    assert row["agreed_goals"] == ""


@pytest.mark.parametrize("url_name", ["people:my_data", "people:my_data_json"])
def test_the_persons_own_export_holds_their_pairs_confidential_content(
    ended_pair: Pair, mentee: Employee, url_name: str
) -> None:
    client = client_for(mentee)
    profile = client.get(reverse("people:profile_edit")).text
    assert reverse("people:my_data") in profile

    response = client.get(reverse(url_name))
    body = _body(response)

    assert response.status_code == 200
    for words in (END_REASON, GOALS, GOAL_TITLE, GOAL_DETAIL):
        assert words in body
    assert "Left out of this copy" not in body
    assert not AuditEvent.objects.filter(verb=VERB).exists()
    event = AuditEvent.objects.get(verb="person.exported")
    assert (event.target_id, event.actor_id, event.data) == (
        str(mentee.pk),
        mentee.user_id,
        {"own": True},
    )


def test_the_own_export_is_the_signed_in_persons_only(
    ended_pair: Pair, mentor: Employee, mentee: Employee
) -> None:
    exported = personal_data_export(actor=user_of(mentor), employee=mentor).as_json()
    assert exported["profile"][0]["email"] == mentor.email
    assert exported["pairs"][0]["why_it_ended"] == END_REASON
    # A partner is no admin: the other's export stays refused.
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        personal_data_export(actor=user_of(mentor), employee=mentee)


def test_breaking_the_glass_on_the_pair_page_does_not_open_the_export(
    ended_pair: Pair, admin: Employee, mentee: Employee
) -> None:
    """One break-glass flow: the pair page. The export stays without the content even in
    the session that opened it there."""
    client = client_for(admin)
    unlock = reverse("relationships:pair_confidential_unlock", args=[ended_pair.pk])
    assert client.post(unlock, {"reason": "Complaint HR-2291 about the pair."}).status_code == 302
    assert GOALS in client.get(reverse("relationships:pair_detail", args=[ended_pair.pk])).text

    body = _body(client.get(reverse("people:person_data_json", args=[mentee.pk])))

    assert GOALS not in body
    assert END_REASON not in body


def test_an_admin_in_the_pair_exports_their_own_data_whole(
    ended_pair: Pair, mentee: Employee
) -> None:
    Employee.objects.filter(pk=mentee.pk).update(role="admin")
    mentee.refresh_from_db()

    exported = personal_data_export(actor=user_of(mentee), employee=mentee).as_json()

    assert exported["pairs"][0]["agreed_goals"] == GOALS
    assert exported["agreement_signatures"][0]["text_signed"].count(GOALS) == 1


def test_the_own_export_leaves_out_the_levels_a_partner_gave(
    ended_pair: Pair, admin: Employee, mentor: Employee, mentee: Employee
) -> None:
    """Only the rater reads an assessment's levels: the learner's own copy says so in place
    of their mentor's ratings of them."""
    Assessment.objects.get_or_create(
        pair=ended_pair,
        learner=mentee,
        rater=mentor,
        phase=Phase.AFTER,
        defaults={"rater_role": RaterRole.MENTOR, "opened_at": timezone.now()},
    )

    def given_by_mentor(employee: Employee) -> list[object]:
        exported = personal_data_export(actor=user_of(employee), employee=employee).as_json()
        rows = exported["skill_assessments"]
        return [row["ratings"] for row in rows if row["rated_by"] == mentor.display_name]

    assert given_by_mentor(mentee) == [RATER_ONLY]
    assert given_by_mentor(mentor) == [{}]  # the rater's own copy keeps them (none yet)


@pytest.mark.parametrize("url_name", ["people:person_data", "people:person_data_json"])
def test_an_admins_copy_leaves_out_action_items_and_rater_only_levels(
    workspace: Pair, admin: Employee, mentee: Employee, url_name: str
) -> None:
    """Was a leak: staff never read a pair's action items nor an assessment's levels in the
    app (not even through break-glass), yet the admin's export printed them."""
    body = _body(client_for(admin).get(reverse(url_name, args=[mentee.pk])))

    for words in (ACTION_TITLE, "sick leave", SELF_LEVEL, MENTOR_LEVEL, "Advanced"):
        assert words not in body, words
    assert not AuditEvent.objects.filter(verb=VERB).exists()


def test_the_admins_copy_says_truly_where_action_items_and_levels_are_read(
    workspace: Pair, admin: Employee, mentor: Employee, mentee: Employee
) -> None:
    """The notice in place of what staff never read does not send an admin to the pair
    page (break-glass does not open it): the person downloads it from their profile. The
    levels their mentor gave them are in no copy of theirs: only the rater reads them."""
    exported = personal_data_export(actor=user_of(admin), employee=mentee).as_json()

    [item] = exported["action_items"]
    by_self, by_mentor = sorted(
        exported["skill_assessments"], key=lambda r: r["phase"] != "Before (at the start)"
    )
    for notice in (item["action"], by_self["ratings"]):
        assert notice.startswith("Left out of this copy"), notice
        assert _my_data_address() in notice
        assert "pair's page" not in notice
        assert "stating a reason" not in notice
        assert reverse("relationships:pair_detail", args=[workspace.pk]) not in notice
    assert by_mentor["ratings"] == RATER_ONLY
    # What staff read anyway stays.
    assert item["program"] == workspace.program.name
    assert (by_self["status"], by_mentor["rated_by"]) == ("Answered", mentor.display_name)

    # The mentor's levels of the mentee are theirs only: out of the admin's copy of the mentor.
    [given] = personal_data_export(actor=user_of(admin), employee=mentor).as_json()[
        "skill_assessments"
    ]
    assert MENTOR_LEVEL not in json.dumps(given)
    assert given["ratings"].startswith("Left out of this copy")


def test_the_persons_own_copy_keeps_their_action_items_and_the_levels_they_gave(
    workspace: Pair, mentor: Employee, mentee: Employee
) -> None:
    mine = personal_data_export(actor=user_of(mentee), employee=mentee).as_json()

    assert [item["action"] for item in mine["action_items"]] == [ACTION_TITLE]
    ratings = {row["rated_by"]: row["ratings"] for row in mine["skill_assessments"]}
    assert ratings == {
        mentee.display_name: {"Prompting AI": SELF_LEVEL},
        mentor.display_name: RATER_ONLY,
    }
    given = personal_data_export(actor=user_of(mentor), employee=mentor).as_json()
    assert [row["ratings"] for row in given["skill_assessments"]] == [
        {"Prompting AI": MENTOR_LEVEL}
    ]

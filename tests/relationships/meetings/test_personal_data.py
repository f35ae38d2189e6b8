"""A person's meetings in their personal data export: when and how, and the pair's words in
the person's own copy only."""

from __future__ import annotations

from remento.people.models import Employee
from remento.people.services.personal_export import personal_data_export
from remento.relationships.meetings.models import Meeting, MeetingStatus
from remento.relationships.meetings.services import calendar_feed_reset
from remento.relationships.models import Pair
from tests.factories import user_of
from tests.relationships.meetings.conftest import past_meeting


def test_export_lists_meetings_without_agenda_topics_or_feed_address(
    active_pair: Pair, admin: Employee
) -> None:
    held = past_meeting(active_pair, status=MeetingStatus.HELD)
    Meeting.objects.filter(pk=held.pk).update(
        held_minutes=35, topics="Very private topics", agenda="Private agenda", location="Café"
    )
    feed = calendar_feed_reset(actor=user_of(active_pair.mentee))
    data = personal_data_export(actor=user_of(admin), employee=active_pair.mentee)
    sections = {section.key: section for section in data.sections}
    [row] = sections["meetings"].rows
    assert row["partner"] == "Maya Junior"
    assert row["status"] == "Held"
    assert row["real_length_minutes"] == 35
    text = repr([section.rows for section in data.sections])
    for secret in ("Very private topics", "Private agenda", "Café", feed.key):
        assert secret not in text
    assert len(sections["calendar_feed"].rows) == 1


def test_the_person_s_own_copy_holds_what_the_pair_wrote_about_each_meeting(
    active_pair: Pair,
) -> None:
    held = past_meeting(active_pair, status=MeetingStatus.HELD)
    Meeting.objects.filter(pk=held.pk).update(
        topics="Our first post", agenda="Hashtags", location="Café", video_url="https://v.example"
    )
    mentee = active_pair.mentee
    data = personal_data_export(actor=user_of(mentee), employee=mentee)
    [row] = {section.key: section for section in data.sections}["meetings"].rows
    assert (row["place"], row["video_link"], row["agenda"], row["topics"]) == (
        "Café",
        "https://v.example",
        "Hashtags",
        "Our first post",
    )

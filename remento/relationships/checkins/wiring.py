"""What check-ins register with the lower apps, called once from ``RelationshipsConfig.ready``:
the home page's steps, the personal data export and the erasure of a person's words."""

from __future__ import annotations


def connect() -> None:
    from remento.core.next_steps import register_home_source
    from remento.people.lifecycle import person_erasing, person_exporting
    from remento.relationships.checkins.next_steps import checkins_home
    from remento.relationships.checkins.personal_data import export_checkins
    from remento.relationships.checkins.services import erase_checkin_answers

    register_home_source("relationships.checkins", checkins_home, participants_only=True)
    person_exporting.connect(export_checkins, dispatch_uid="checkins_export")
    person_erasing.connect(erase_checkin_answers, dispatch_uid="checkins_erase")

"""What confidential requests register with the lower apps, called once from
``RelationshipsConfig.ready``: the home page's steps, the personal data export and the
erasure of a person's words."""

from __future__ import annotations


def connect() -> None:
    from remento.core.next_steps import register_home_source
    from remento.people.lifecycle import person_erasing, person_exporting
    from remento.relationships.safety.next_steps import safety_home
    from remento.relationships.safety.personal_data import (
        erase_safety_requests,
        export_safety_requests,
    )

    register_home_source("relationships.safety", safety_home)
    person_exporting.connect(export_safety_requests, dispatch_uid="safety_requests_export")
    person_erasing.connect(erase_safety_requests, dispatch_uid="safety_requests_erase")

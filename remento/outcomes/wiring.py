"""What the outcomes app registers on the lower apps' hooks and signals, in one place."""

from __future__ import annotations


def connect() -> None:
    """Register the outcomes app's receivers (called once, from ``OutcomesConfig.ready``)."""
    from remento.core.next_steps import register_home_source
    from remento.outcomes.assessments import next_steps as assessment_steps
    from remento.outcomes.assessments import opening as assessment_opening
    from remento.outcomes.assessments import personal_data as assessment_data
    from remento.people.lifecycle import people_leaving, person_erasing, person_exporting
    from remento.relationships.overview import register_member_lines
    from remento.relationships.signals import pair_closed, pair_started

    # Skill assessments: opened when a pair starts and ends, shown where a person looks.
    pair_started.connect(assessment_opening.open_before, dispatch_uid="assessments_before")
    pair_closed.connect(assessment_opening.open_after, dispatch_uid="assessments_after")
    people_leaving.connect(
        assessment_opening.cancel_for_leavers, dispatch_uid="assessments_leavers"
    )
    person_exporting.connect(assessment_data.export_assessments, dispatch_uid="assessments_export")
    person_erasing.connect(assessment_data.erase_assessments, dispatch_uid="assessments_erase")
    register_home_source(
        "outcomes.assessments", assessment_steps.assessments_home, participants_only=True
    )
    register_member_lines("outcomes.assessments", assessment_steps.assessment_lines)
    # Mentors' certificates: on their home page and their completed pair's page.
    from remento.outcomes.certificates import next_steps as certificate_steps

    register_home_source(
        "outcomes.certificates", certificate_steps.certificates_home, participants_only=True
    )
    register_member_lines("outcomes.certificates", certificate_steps.certificate_next_up)
    # Dashboards: a coordinator's home points to the results of a program that closed lately.
    from remento.outcomes.dashboards import next_steps as dashboard_steps

    register_home_source("outcomes.dashboards", dashboard_steps.results_home)
    # Kept figures: a program's results are kept again when one of its pairs starts or ends.
    from remento.outcomes.kept import refresh as kept_refresh

    pair_started.connect(kept_refresh.on_pair_started, dispatch_uid="kept_results_started")
    pair_closed.connect(kept_refresh.on_pairs_closed, dispatch_uid="kept_results_closed")

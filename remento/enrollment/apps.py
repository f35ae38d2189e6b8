from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "remento.enrollment"
    label = "enrollment"

    def ready(self) -> None:
        from remento.core.next_steps import register_home_source
        from remento.enrollment import next_steps, personal_data, receivers
        from remento.enrollment.models import Enrollment
        from remento.people.lifecycle import (
            people_leaving,
            people_leaving_preview,
            person_erasing,
            person_exporting,
        )
        from remento.people.sort_names import register_sort_name_copy
        from remento.programs import hooks
        from remento.programs.lifecycle import register_guards
        from remento.programs.models import Status

        people_leaving.connect(
            personal_data.end_enrollments_of_leavers, dispatch_uid="enrollment_leaving"
        )
        people_leaving_preview.connect(
            personal_data.enrollments_of_leavers_preview, dispatch_uid="enrollment_leaving_preview"
        )
        person_erasing.connect(personal_data.erase_answers, dispatch_uid="enrollment_erasing")
        person_exporting.connect(personal_data.export_enrollments, dispatch_uid="enrollment_export")
        register_sort_name_copy(
            "enrollment", model=Enrollment, person_field="employee", copy_field="sort_name"
        )
        register_home_source("enrollment", next_steps.enrollment_home, participants_only=True)
        register_home_source("enrollment-applications", next_steps.applications_home)
        register_guards(Status.RECRUITING, "enrollment", receivers.recruiting_guards)
        hooks.register_program_count("mentors_enrolled", receivers.enrolled_mentors)
        hooks.register_program_count("mentees_enrolled", receivers.enrolled_mentees)
        hooks.register_enrolled_roles("enrollment", receivers.enrolled_roles)
        hooks.register_waiting_applications("enrollment", receivers.waiting_applications)
        hooks.register_participant_rule("enrollment", receivers.takes_part)
        hooks.register_about_source("enrollment", receivers.about_place)

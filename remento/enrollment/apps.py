from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "remento.enrollment"
    label = "enrollment"

    def ready(self) -> None:
        from remento.core.next_steps import register_home_source
        from remento.enrollment import next_steps, personal_data
        from remento.people.lifecycle import people_leaving, person_erasing, person_exporting

        people_leaving.connect(
            personal_data.end_enrollments_of_leavers, dispatch_uid="enrollment_leaving"
        )
        person_erasing.connect(personal_data.erase_answers, dispatch_uid="enrollment_erasing")
        person_exporting.connect(personal_data.export_enrollments, dispatch_uid="enrollment_export")
        register_home_source("enrollment", next_steps.enrollment_home)
        register_home_source("enrollment-applications", next_steps.applications_home)

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "remento.training"
    label = "training"

    def ready(self) -> None:
        from remento.core.next_steps import register_home_source
        from remento.people.lifecycle import person_exporting
        from remento.people.sort_names import register_sort_name_copy
        from remento.programs.hooks import register_about_source
        from remento.training import next_steps, personal_data, receivers
        from remento.training.models import TrainingStanding

        person_exporting.connect(personal_data.export_training, dispatch_uid="training_export")
        register_home_source("training", next_steps.training_home, participants_only=True)
        register_about_source("training", receivers.about_training)
        register_sort_name_copy(
            "training_standing",
            model=TrainingStanding,
            person_field="employee",
            copy_field="sort_name",
        )

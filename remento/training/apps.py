from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "remento.training"
    label = "training"

    def ready(self) -> None:
        from remento.core.next_steps import register_home_source
        from remento.people.lifecycle import person_exporting
        from remento.programs.hooks import register_about_source
        from remento.training import next_steps, personal_data, receivers

        person_exporting.connect(personal_data.export_training, dispatch_uid="training_export")
        register_home_source("training", next_steps.training_home)
        register_about_source("training", receivers.about_training)

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "remento.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from remento.outcomes import wiring

        wiring.connect()

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo's commands (``remento demo``, ``remento seed-demo``); it has no models."""

    name = "remento.demo"
    label = "demo"
    verbose_name = "Remento demo"

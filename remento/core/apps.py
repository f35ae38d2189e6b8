from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "remento.core"
    label = "core"
    verbose_name = "Remento core"

    def ready(self) -> None:
        # Sign-ins and Django admin changes write audit events (signal receivers).
        from remento.core import admin_audit, signin  # noqa: F401

        admin_audit.install()

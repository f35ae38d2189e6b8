from typing import Any

from django.apps import AppConfig


class ScimConfig(AppConfig):
    name = "remento.integrations.scim"
    label = "scim"
    verbose_name = "SCIM provisioning"

    def ready(self) -> None:
        # People sit below integrations: erasing a person tells this app through the signal.
        from remento.people.lifecycle import person_erasing

        person_erasing.connect(_forget_on_erasure, dispatch_uid="scim_user_forget")


def _forget_on_erasure(sender: Any, **kwargs: Any) -> None:
    # Imported here: the SCIM models library costs a fifth of a second to import, which
    # every process (each command, each worker) would pay at start-up for nothing.
    from remento.integrations.scim.services import scim_user_forget

    scim_user_forget(sender, **kwargs)

from django.apps import AppConfig


class ScimConfig(AppConfig):
    name = "remento.integrations.scim"
    label = "scim"
    verbose_name = "SCIM provisioning"

from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "remento.integrations.tokens"
    label = "integration_tokens"
    verbose_name = "API and SCIM tokens"

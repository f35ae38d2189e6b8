from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "remento.integrations.chat"
    label = "chat"
    verbose_name = "Slack and Teams notifications"

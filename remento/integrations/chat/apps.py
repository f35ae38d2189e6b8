from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "remento.integrations.chat"
    label = "chat"
    verbose_name = "Slack and Teams notifications"

    def ready(self) -> None:
        # Core cannot import integrations: chat registers itself as a delivery channel.
        from remento.core.notifications import DELIVERY_CHANNELS
        from remento.integrations.chat.delivery import chat_channel

        if chat_channel not in DELIVERY_CHANNELS:
            DELIVERY_CHANNELS.append(chat_channel)

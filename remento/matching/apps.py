from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "remento.matching"
    label = "matching"

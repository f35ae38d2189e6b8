from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "remento.training"
    label = "training"

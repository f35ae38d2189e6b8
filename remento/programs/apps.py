from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "remento.programs"
    label = "programs"

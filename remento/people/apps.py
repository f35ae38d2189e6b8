from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "remento.people"
    label = "people"
    verbose_name = "People"

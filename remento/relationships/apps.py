from django.apps import AppConfig


class RelationshipsConfig(AppConfig):
    name = "remento.relationships"
    label = "relationships"

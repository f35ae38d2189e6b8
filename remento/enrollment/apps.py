from django.apps import AppConfig


class EnrollmentConfig(AppConfig):
    name = "remento.enrollment"
    label = "enrollment"

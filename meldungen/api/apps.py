from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "meldungen.api"
    label = "api"
    verbose_name = "API"

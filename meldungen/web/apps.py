from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "meldungen.web"
    label = "web"
    verbose_name = "Portal"

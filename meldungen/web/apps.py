from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "meldungen.web"
    label = "web"
    verbose_name = "Portal"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the page cache's receivers

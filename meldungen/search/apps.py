from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "meldungen.search"
    label = "search"
    verbose_name = "Suche"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers

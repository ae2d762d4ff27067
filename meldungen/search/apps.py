from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "meldungen.search"
    label = "search"
    verbose_name = "Suche"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers

from django.apps import AppConfig


class FollowConfig(AppConfig):
    name = "meldungen.follow"
    label = "follow"
    verbose_name = "Folgen und Benachrichtigungen"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - alerts and hub notifications after each commit

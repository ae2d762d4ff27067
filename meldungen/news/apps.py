from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "meldungen.news"
    label = "news"
    verbose_name = "Meldungen"
    default_auto_field = "django.db.models.BigAutoField"

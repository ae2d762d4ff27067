from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "meldungen.news"
    label = "news"
    verbose_name = "Meldungen"

"""`manage.py search_reindex`: rebuild the full-text index from the stored articles."""

from django.core.management.base import BaseCommand

from meldungen.news.models import Article
from meldungen.news.signals import content_changed
from meldungen.search.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from all stored articles."

    def handle(self, *args, **options) -> None:
        n = rebuild_index()
        content_changed.send(sender=Article)  # cached search pages and feeds show the old index
        self.stdout.write(f"indexed {n} articles")

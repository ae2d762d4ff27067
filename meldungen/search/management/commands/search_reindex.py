"""`manage.py search_reindex`: rebuild the full-text index from the stored articles."""

from django.core.management.base import BaseCommand

from meldungen.search.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index from all stored articles."

    def handle(self, *args, **options) -> None:
        n = rebuild_index()
        self.stdout.write(f"indexed {n} articles")

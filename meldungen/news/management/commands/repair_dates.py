"""`meldungen repair_dates`: moves stored times that no time zone can show (near year 1 or
9999, written before the storage boundary refused them or straight into the database) into
the range pages can show (news/daterepair.py); one line per field changed, then the total."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Move stored times near year 1 or 9999 (pages answer 500 for them) into range."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, dry_run: bool, **opts):
        from meldungen.news.daterepair import repair_dates
        from meldungen.news.models import Article
        from meldungen.news.signals import content_changed

        changed = repair_dates(apps.get_app_config("news").get_models(), dry_run=dry_run)
        verb = "would change" if dry_run else "changed"
        for field, rows in changed.items():
            self.stdout.write(f"{field}: {rows} {verb}")
        if changed and not dry_run:
            content_changed.send(sender=Article)  # every cached page may have shown one
        self.stdout.write(f"repaired={0 if dry_run else sum(changed.values())}")

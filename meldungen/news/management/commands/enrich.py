"""`meldungen enrich --all` (or `--since DATE`, or ids): re-run enrichment on stored articles,
so a new model or new editorial choices apply to the archive. With `--all`, first a person's
topic takes in the topic of the bare surname an earlier article made (``topics.absorb_surnames``,
which new articles do as they come)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from tqdm import tqdm

from meldungen.news.enrichment import editorial_rules, enrich_article
from meldungen.news.models import Article
from meldungen.news.signals import content_changed
from meldungen.news.topics import absorb_all_surnames


class Command(BaseCommand):
    help = "Re-enrich stored articles (entities, tags, Ressort)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="article ids")
        parser.add_argument("--all", action="store_true", help="every stored article")
        parser.add_argument("--since", help="articles published since (ISO date/time)")

    def handle(self, *args, ids, all, since, **opts):
        qs = Article.objects.order_by("pk")
        if ids:
            qs = qs.filter(pk__in=ids)
        elif since:
            when = parse_datetime(since) or parse_datetime(f"{since}T00:00:00+00:00")
            if when is None:
                raise CommandError(f"not a date: {since}")
            qs = qs.filter(published__gte=when)
        elif not all:
            raise CommandError("say which articles: ids, --since DATE or --all")
        if all:  # topics of a bare surname stored before a person's full name came
            absorb_all_surnames()
        rules = editorial_rules()
        done = failed = 0
        bar = tqdm(
            qs.iterator(),
            total=qs.count(),
            unit="article",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        )
        for article in bar:
            try:
                with transaction.atomic():
                    enrich_article(article, rules)
                done += 1
            except Exception as exc:
                failed += 1
                self.stderr.write(f"#{article.pk}: {exc.__class__.__name__}: {exc}")
        # tag lines changed: cached pages and feeds must revalidate (meldungen.web.signals)
        content_changed.send(sender=Article)
        self.stdout.write(f"enriched={done} failed={failed}")

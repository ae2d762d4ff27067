"""`meldungen enrich --all` (or `--since DATE`, or ids): re-run enrichment on stored articles,
so a new model or new editorial choices apply to the archive. With `--all`, first a person's
topic takes in the topic of the bare surname an earlier article made (``topics.absorb_surnames``,
which new articles do as they come). A correction notice told by its headline
(``ingest/corrections.py``) that was stored before such notices were told is marked as one.
Each article's kind (news or service traffic, ``ingest/kind.py``) is decided again by the
current markers from its stored draft (``news/rejudge.py``): an item that is service traffic
now leaves the lists, one that is news again comes back; a kind an editor chose stays. The
admin's "Neu anreichern" does the same to the selected articles (``news/reenrich.py``)."""

from __future__ import annotations

import sys
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from tqdm import tqdm

from meldungen.news.enrichment import editorial_rules
from meldungen.news.models import Article
from meldungen.news.reenrich import enrich_again
from meldungen.news.signals import content_changed
from meldungen.news.topics import absorb_all_surnames


def since_date(text: str) -> datetime:
    """``--since``: an ISO date or date and time; without a zone, the portal's (Berlin)."""
    try:
        when = parse_datetime(text.strip())
    except ValueError:  # well-formed but impossible: 2026-13-45
        when = None
    if when is None:
        raise CommandError(
            f"--since {text!r} is not a date: use e.g. 2026-12-01 or 2026-12-01T08:00"
        )
    return when if timezone.is_aware(when) else timezone.make_aware(when)


class Command(BaseCommand):
    help = "Re-enrich stored articles (entities, tags, Ressort, correction notices, kinds)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="article ids")
        parser.add_argument("--all", action="store_true", help="every stored article")
        parser.add_argument("--since", help="articles published since (ISO date/time)")

    def handle(self, *args, ids, all, since, **opts):
        qs = Article.objects.order_by("pk")
        if ids:
            qs = qs.filter(pk__in=ids)
            unknown = sorted(set(ids) - set(qs.values_list("pk", flat=True)))
            if unknown:
                listed = ", ".join(f"#{pk}" for pk in unknown)
                if len(unknown) == len(set(ids)):
                    raise CommandError(f"no such article: {listed}")
                self.stderr.write(f"no such article: {listed}")
        elif since:
            qs = qs.filter(published__gte=since_date(since))
        elif not all:
            raise CommandError("say which articles: ids, --since DATE or --all")
        if all:  # topics of a bare surname stored before a person's full name came
            absorb_all_surnames()
        rules = editorial_rules()
        done = failed = marked = hidden = listed = 0
        bar = tqdm(
            qs.iterator(),
            total=qs.count(),
            unit="article",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
        )
        for article in bar:
            try:
                again = enrich_again(article, rules)
            except Exception as exc:
                failed += 1
                self.stderr.write(f"#{article.pk}: {exc.__class__.__name__}: {exc}")
                continue
            done += 1
            marked += again.marked
            hidden += again.hidden
            listed += again.listed
        if marked:
            self.stdout.write(f"marked {marked} correction notice(s) told by their headline")
        if hidden:
            self.stdout.write(f"re-judged {hidden} news item(s) as service traffic (not listed)")
        if listed:
            self.stdout.write(f"re-judged {listed} item(s) as news again (listed)")
        # tag lines, correction notes and kinds changed: cached pages, feeds and the stored
        # "Weitere Meldungen" must revalidate (meldungen.web.signals)
        content_changed.send(sender=Article)
        self.stdout.write(f"enriched={done} failed={failed}")

"""`meldungen sources add|list|remove|import|export`."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from meldungen.ingest.opml import OpmlError, read_opml, write_opml
from meldungen.news.models import Source
from meldungen.news.sourceurls import check_source_url, normalized_source_url

MAX_INTERVAL = 365 * 24 * 60  # minutes; a longer one overflowed the next poll's time


class Command(BaseCommand):
    help = "Manage the polled sources (feeds and pages)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a feed or page URL")
        add.add_argument("url")
        # Options default to None: adding a URL again changes only what is given.
        add.add_argument("--name", default=None)
        add.add_argument("--ressort", default=None)
        add.add_argument(
            "--interval", type=int, default=None, help="minutes between polls (default 15)"
        )
        add.add_argument(
            "--full-text",
            action="store_true",
            default=None,
            help="fetch the article page of teaser-only items",
        )
        add.add_argument(
            "--page", action="store_true", default=None, help="the URL is an article page"
        )
        sub.add_parser("list", help="name, URL, last fetch, HTTP status, last error, items")
        rm = sub.add_parser("remove", help="remove a source (by id, name or URL)")
        rm.add_argument("source")
        imp = sub.add_parser("import", help="import an OPML file")
        imp.add_argument("file")
        sub.add_parser("export", help="write all sources as OPML to stdout")
        poll = sub.add_parser("poll", help="poll sources now (all due, or one)")
        poll.add_argument("source", nargs="?")

    def handle(self, *args, action: str, **opts):
        getattr(self, f"do_{action}")(**opts)

    def do_add(self, url, name, ressort, interval, full_text, page, **_):
        url = normalized_source_url(url)  # as checked and found: "HTTP://Example.org/…" too
        self._check_add(url, name, ressort, interval)
        check = check_source_url(url)
        if check.error:
            raise CommandError(check.error)
        if check.warning:
            self.stderr.write(f"warning: {check.warning}")
        given = {
            "name": name.strip() if name is not None else None,
            "ressort": ressort.strip() if ressort is not None else None,
            "interval_minutes": interval,
            "full_text": full_text,
            "kind": Source.Kind.PAGE if page else None,
        }
        given = {key: value for key, value in given.items() if value is not None}
        source = Source.objects.filter(url=url).first()
        created = source is None
        if created:  # a new source: the defaults for what is not given
            given.setdefault("name", url.split("//", 1)[1].split("/", 1)[0])
            source = Source(url=url)
        for key, value in given.items():  # an existing one keeps what is not given
            setattr(source, key, value)
        source.active = True
        source.save()
        self.stdout.write(f"{'added' if created else 'updated'} #{source.pk} {source.name} {url}")

    def _check_add(self, url, name, ressort, interval) -> None:
        """What the database would refuse (PostgreSQL) or polling could not use, as one line."""
        from meldungen.enrich.ressort import RESSORTS, map_section

        if any(c.isspace() for c in url):
            raise CommandError(f"the URL contains a space (write it as %20): {url!r}")
        limits = (("URL", url, 2000), ("--name", name, 200), ("--ressort", ressort, 50))
        for what, value, longest in limits:
            if value is not None and len(value.strip()) > longest:
                raise CommandError(f"{what} is {len(value.strip())} characters; at most {longest}")
        if name is not None and not name.strip():
            raise CommandError("--name is empty")
        if interval is not None and not 1 <= interval <= MAX_INTERVAL:
            raise CommandError(
                f"--interval must be at least 1 minute and at most {MAX_INTERVAL} (a year)"
            )
        if ressort and not map_section(ressort):
            self.stderr.write(
                f"warning: --ressort {ressort!r} names no Ressort of the portal "
                f"({', '.join(RESSORTS)}): its items are filed by their text"
            )

    def do_list(self, **_):
        rows = [("ID", "NAME", "URL", "LAST FETCH", "HTTP", "ITEMS", "ERROR")]
        for s in Source.objects.order_by("pk"):
            fetched = (
                timezone.localtime(s.last_fetch_at).strftime("%d.%m.%Y %H:%M")
                if s.last_fetch_at
                else "never"
            )
            rows.append(
                (
                    str(s.pk),
                    s.name,
                    s.url,
                    fetched,
                    str(s.last_status or "-"),
                    str(s.articles.count()),
                    error_line(s),
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        for r in rows:
            cells = (c.ljust(w) for c, w in zip(r, widths, strict=False))
            self.stdout.write("  ".join(cells) + "  " + r[-1])

    def _find(self, ref: str) -> Source:
        qs = Source.objects.filter(pk=int(ref)) if ref.isdigit() else Source.objects.none()
        named = list(Source.objects.filter(name=ref).order_by("pk")[:10])
        source = qs.first() or Source.objects.filter(url=normalized_source_url(ref)).first()
        if source is None and len(named) > 1:  # never the first of several by chance
            ids = ", ".join(f"#{s.pk} {s.url}" for s in named)
            raise CommandError(f"several sources are named {ref!r} ({ids}): say which by id or URL")
        source = source or (named[0] if named else None)
        if source is None:
            raise CommandError(f"no such source: {ref}")
        return source

    def do_remove(self, source, **_):
        s = self._find(source)
        s.delete()
        self.stdout.write(f"removed {s.name} {s.url}")

    def do_import(self, file, **_):
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        added = 0
        try:
            outlines = read_opml(data)
        except OpmlError as exc:
            raise CommandError(str(exc)) from exc
        for o in outlines:
            url = normalized_source_url(o.url)
            if not url.startswith(("http://", "https://")):
                self.stderr.write(f"skipped (not http): {url}")
                continue
            check = check_source_url(url)  # a URL too long to store is one it refuses
            if check.error:
                self.stderr.write(f"skipped: {check.error}")
                continue
            _, created = Source.objects.get_or_create(
                url=url, defaults={"name": o.name[:200], "ressort": o.ressort[:50]}
            )
            added += created
        self.stdout.write(f"imported {added} new sources")

    def do_export(self, **_):
        self.stdout.write(write_opml(Source.objects.order_by("name")), ending="")

    def do_poll(self, source=None, **_):
        from meldungen.news.polling import due_sources, poll_source
        from meldungen.news.services import totals, totals_line

        targets = [self._find(source)] if source else list(due_sources())
        if not targets:  # it said nothing at all
            count = Source.objects.count()
            self.stdout.write(
                f"no source is due (of {count}; `meldungen sources poll S` polls one now)"
                if count
                else "no sources: add one with `meldungen sources add URL`"
            )
        for s in targets:
            results = poll_source(s)
            status = error_line(s) if s.last_error else totals_line(totals(results))
            self.stdout.write(f"{s.name}: {status}")


def error_line(source: Source) -> str:
    """The last error for the list: the German message, then the technical text."""
    if not source.last_error:
        return "-"
    detail = source.last_error.splitlines()[0][:80]
    message = source.last_error_message
    return message if message == source.last_error else f"{message} ({detail})"

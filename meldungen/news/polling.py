"""Polling sources: conditional GET, backoff on repeated errors, full-text fetch for
teaser-only items, every outcome recorded against the source."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.ingest.errors import stored_code
from meldungen.ingest.fetch import FetchResult, fetch, sendable

from .default_sources import default_sources
from .models import FetchLog, PortalState, Source
from .services import ItemResult, store_results, totals
from .signals import source_fetched
from .source_names import own_source_name

log = logging.getLogger("meldungen.poll")

MAX_BACKOFF = timedelta(hours=6)
MAX_SERVER_DELAY = timedelta(hours=24)  # the longest pause a server's headers can ask for


def _fetch(url: str, **kwargs) -> FetchResult:
    conf = settings.MELDUNGEN
    return fetch(
        url,
        timeout=conf["FETCH_TIMEOUT"],
        max_bytes=conf["FETCH_MAX_BYTES"],
        allow_private=conf["ALLOW_PRIVATE_FETCH"],
        **kwargs,
    )


def _validator(value: str, field: str) -> str:
    """A validator to store, or "" when it could not be stored whole (a cut one would never
    match, and PostgreSQL refuses the save) or sent back (``fetch.sendable``)."""
    if not value or len(value) > Source._meta.get_field(field).max_length:
        return ""
    return value if sendable(value) else ""


def next_fetch_after_error(source: Source, now) -> object:
    """Exponential backoff: interval x 2^(errors-1), capped."""
    base = timedelta(minutes=source.interval_minutes)
    delay = min(base * (2 ** min(source.error_count - 1, 10)), MAX_BACKOFF)
    return now + max(delay, base)


def respect_server(result: FetchResult, planned, now):
    """The next poll no sooner than the server asked: ``Retry-After`` (429, 503 or any error
    answer that sends it) or, for a feed that answered, its freshness (``Cache-Control:
    max-age``, ``Expires``); bounded to ``MAX_SERVER_DELAY`` and never sooner than ``planned``
    (the interval or the backoff)."""
    asked = result.retry_after if result.error else result.max_age
    if not asked:
        return planned
    seconds = min(asked, MAX_SERVER_DELAY.total_seconds())  # no overflow on huge values
    return max(planned, now + timedelta(seconds=seconds))


MAX_PAGES_PER_POLL = 50  # article pages one poll of a full-text source fetches at most
PAGES_BUDGET_SECONDS = 120.0  # and the time it spends on them


def complete_teasers(items: list, source: Source) -> tuple[list, bool]:
    """For a full-text source, replace teaser-only items by their extracted article page.

    An item this source already stored at this version is not fetched again (it would be
    "unchanged" anyway), unless the feed edited its headline or teaser (``feed_edits``); a
    poll fetches at most ``MAX_PAGES_PER_POLL`` pages within ``PAGES_BUDGET_SECONDS``, and the
    items it did not reach are left for the next poll.
    Returns the items to store and whether some were left.
    """
    from meldungen.ingest.page import extract_article, with_full_text

    from .feed_edits import EDIT_FIELDS, edits
    from .models import Article, owner_key

    wanted = {
        id(item): item
        for item in items
        if isinstance(item, ArticleDraft) and not item.full_text and item.url and source.full_text
    }
    if not wanted:
        return items, False
    stored = {
        article.guid: article
        for article in Article.objects.filter(
            owner=owner_key(source), guid__in={item.guid.strip() for item in wanted.values()}
        ).only(*EDIT_FIELDS)
    }
    pairs = [(item, stored.get(item.guid.strip())) for item in wanted.values()]
    edited = {id(item) for (item, _), edit in zip(pairs, edits(pairs), strict=True) if edit}
    stop = time.monotonic() + PAGES_BUDGET_SECONDS
    fetched, left = 0, False
    out = []
    for item in items:
        known = stored.get(item.guid.strip())
        if id(item) not in wanted or (
            known and known.version >= item.version and id(item) not in edited
        ):
            out.append(item)
            continue
        if fetched >= MAX_PAGES_PER_POLL or time.monotonic() > stop:
            left = True  # stored teaser-only it would never be completed: next poll
            continue
        fetched += 1
        page = _fetch(item.url, deadline=max(1.0, min(60.0, stop - time.monotonic())))
        if not page.error and page.content:
            extracted = extract_article(page.content, page.final_url or item.url, page.content_type)
            item = with_full_text(item, extracted)
        out.append(item)
    return out, left


def poll_source(source: Source) -> list[ItemResult]:
    """Fetch one source once and store what it brings."""
    from meldungen.ingest.detect import parse

    started = time.monotonic()
    now = timezone.now()
    result = _fetch(
        source.url, etag=source.etag or None, last_modified=source.last_modified or None
    )
    source.last_fetch_at = now
    source.last_status = result.status or None
    entry = FetchLog(source=source, at=now, status=result.status or None)
    items: list[ItemResult] = []
    if result.error:
        source.error_count += 1
        source.last_error = result.error
        source.last_error_code = entry.error_code = stored_code(result.code)
        source.next_fetch_at = next_fetch_after_error(source, now)
        entry.error = result.error
    else:
        source.error_count = 0
        source.last_error = source.last_error_code = ""
        # A 304 need not repeat the validators (Apache's leaves out Last-Modified): keep ours.
        keep = result.not_modified
        source.etag = _validator(result.etag, "etag") or (source.etag if keep else "")
        source.last_modified = _validator(result.last_modified, "last_modified") or (
            source.last_modified if keep else ""
        )
        source.next_fetch_at = now + timedelta(minutes=source.interval_minutes)
        if not result.not_modified:
            parsed = parse(
                result.content, url=result.final_url or source.url, content_type=result.content_type
            )
            source.name = own_source_name(source, parsed) or source.name
            for item in parsed:
                if isinstance(item, ArticleDraft):
                    if source.ressort and source.ressort not in item.ressort_hints:
                        item.ressort_hints.insert(0, source.ressort)
                    item.source = item.source or source.name
            parsed, pages_left = complete_teasers(parsed, source)
            items = store_results(parsed, source.url, source)
            # The database was busy, or pages are left: the next poll must read the feed again.
            if pages_left or any(i.transient for i in items):
                source.etag = source.last_modified = ""
            counts = totals(items)
            entry.new, entry.updated, entry.rejected = (
                counts["new"],
                counts["updated"],
                counts["rejected"],
            )
            if parsed and all(isinstance(i, Rejected) for i in parsed):
                source.last_error = parsed[0].reason
                source.last_error_code = stored_code(parsed[0].code)
    source.next_fetch_at = respect_server(result, source.next_fetch_at, now)
    entry.duration_ms = int((time.monotonic() - started) * 1000)
    source_fetched.send(Source, source=source, result=result)  # WebSub (meldungen.follow)
    with transaction.atomic():
        source.save()
        entry.save()
    return items


def due_sources(now=None):
    now = now or timezone.now()
    return Source.objects.filter(active=True, kind__in=[Source.Kind.FEED, Source.Kind.PAGE]).filter(
        next_fetch_at__isnull=True
    ) | Source.objects.filter(
        active=True, kind__in=[Source.Kind.FEED, Source.Kind.PAGE], next_fetch_at__lte=now
    )


def seed_default_sources() -> int:
    """Add the default feeds once per installation; a later removal is respected."""
    if PortalState.objects.filter(key="default_sources_seeded").exists():
        return 0
    added = 0
    with transaction.atomic():
        for name, url, ressort in default_sources():
            _, created = Source.objects.get_or_create(
                url=url, defaults={"name": name, "ressort": ressort, "kind": Source.Kind.FEED}
            )
            added += created
        PortalState.objects.create(key="default_sources_seeded", value=timezone.now().isoformat())
    return added

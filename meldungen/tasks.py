"""Background work, run by the database task worker (`meldungen worker`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

log = logging.getLogger("meldungen.tasks")


@task()
def poll_source_task(source_id: int, claim: str = "") -> dict:
    """Poll one claimed source. ``claim`` is the lease end the scheduler wrote into
    ``next_fetch_at``; a task whose claim was superseded (lease expired and re-claimed, or the
    source polled meanwhile) does nothing, so a source is polled once per claim."""
    from meldungen.news.models import Source
    from meldungen.news.polling import poll_source
    from meldungen.news.services import totals

    with source_lock(source_id) as locked:
        if not locked:
            log.info("source %s: another worker is polling it, skipped", source_id)
            return {}
        source = Source.objects.filter(pk=source_id, active=True).first()
        if source is None:
            return {}
        if claim and source.next_fetch_at != datetime.fromisoformat(claim):
            log.info("source %s: claim superseded, skipped", source_id)
            return {}
        log.info("polling %s (%s)", source.name, source_id)
        counts = totals(poll_source(source))
    if source.last_error:
        log.warning("polled %s: %s", source.name, source.last_error)
    else:
        log.info("polled %s: %s", source.name, counts)
    return counts


@contextmanager
def source_lock(source_id: int) -> Iterator[bool]:
    """Hold a PostgreSQL session advisory lock on the source while it is polled: two workers
    never poll one source at once, and a killed worker's lock ends with its connection.
    On SQLite (one machine, one writer) this yields True."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield True
        return
    key = (_LOCK_SPACE << 32) | (source_id & 0xFFFFFFFF)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s)", [key])
        locked = bool(cur.fetchone()[0])
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", [key])


_LOCK_SPACE = 0x4D4C  # "ML": keeps our advisory lock keys apart from others'


def schedule_due_sources(limit: int = 50) -> int:
    """Claim up to ``limit`` due sources and enqueue a poll for each, in one transaction.

    A claim moves ``next_fetch_at`` to the end of a lease (``POLL_LEASE_SECONDS``): the poll
    then sets the real next fetch; a worker killed mid-fetch leaves the lease to expire, and
    the source becomes due again. On PostgreSQL the due rows are locked with
    ``FOR UPDATE SKIP LOCKED``, so schedulers on several machines claim disjoint sources; the
    conditional update keeps the claim exclusive on SQLite as well."""
    from django.conf import settings
    from django.db import transaction

    from meldungen.news.polling import due_sources

    now = timezone.now()
    lease = timedelta(seconds=settings.MELDUNGEN.get("POLL_LEASE_SECONDS", 600))
    claims = []
    with transaction.atomic():
        due = list(
            due_sources(now)
            .order_by("next_fetch_at", "pk")
            .select_for_update(skip_locked=True)[:limit]
        )
        for i, source in enumerate(due):
            # Distinct lease ends make each claim recognisable by its task.
            until = now + lease + timedelta(microseconds=i)
            claimed = (
                type(source)
                .objects.filter(pk=source.pk, next_fetch_at=source.next_fetch_at)
                .update(next_fetch_at=until)
            )
            if claimed:
                claims.append((source.pk, until.isoformat()))
    # Enqueued after the claims commit: the immediate backend then polls outside the claim's
    # transaction; a crash in between only leaves the lease to expire.
    for pk, until in claims:
        poll_source_task.enqueue(pk, until)
    return len(claims)


PICTURE_PRIORITY = -10  # after polls and other work (default 0): see worker.TASKS_PER_ROUND


@task(priority=PICTURE_PRIORITY)
def fetch_picture_task(url: str) -> str:
    """Fetch one picture into the image cache (web/images.py); "cached" or the reason not."""
    from meldungen.web.images import fetch_into_cache, register

    image, needed = register(url)
    if not needed:
        return "cached" if image.path else "skipped"
    try:
        path = fetch_into_cache(image)
    except Exception as exc:  # a broken picture must never fail the worker's batch
        log.warning("picture %s: %s", url, exc)
        return f"failed: {exc.__class__.__name__}"
    return "cached" if path is not None else f"refused: {image.error}"


def schedule_picture(url: str) -> bool:
    """Register a stored item's picture and queue its fetch unless cached or failed recently.

    Off when ``MELDUNGEN["FETCH_PICTURES"]`` is false (the test default: no network)."""
    from django.conf import settings

    from meldungen.web.images import register

    if not url or not settings.MELDUNGEN.get("FETCH_PICTURES", True):
        return False
    if not url.startswith(("http://", "https://")):
        return False
    _, needed = register(url)
    if needed:
        fetch_picture_task.enqueue(url)
    return needed


@task()
def refresh_related_task(article_id: int) -> int:
    """Compute and store "Weitere Meldungen" of a stored, updated or withdrawn article and of
    its best neighbours (web/relatedstore.py); how many lists were computed."""
    from meldungen.web.relatedstore import refresh

    return refresh(article_id)


def schedule_related(article_id: int) -> None:
    """Queue the refresh of an article's "Weitere Meldungen" (and its neighbours') once the
    current transaction commits (at once outside one)."""
    from django.db import transaction

    transaction.on_commit(lambda: refresh_related_task.enqueue(article_id))


@task()
def re_enrich_task(article_ids: list[int]) -> int:
    """Enrich stored articles again as `meldungen enrich` does (``news/reenrich.py``: entities,
    tags, Ressort, correction notices, kinds), one transaction each; the admin's action hands a
    large selection to the worker. How many were enriched (an id deleted meanwhile is
    skipped)."""
    from meldungen.news.enrichment import editorial_rules
    from meldungen.news.models import Article
    from meldungen.news.reenrich import enrich_again
    from meldungen.news.signals import content_changed

    rules, done = editorial_rules(), 0
    for article in Article.objects.filter(pk__in=article_ids).order_by("pk").iterator():
        enrich_again(article, rules)
        done += 1
    content_changed.send(sender=Article)
    return done

"""Background work, run by the database task worker (`meldungen worker`)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

log = logging.getLogger("meldungen.tasks")


@task()
def poll_source_task(source_id: int) -> dict:
    from meldungen.news.models import Source
    from meldungen.news.polling import poll_source
    from meldungen.news.services import totals

    source = Source.objects.filter(pk=source_id, active=True).first()
    if source is None:
        return {}
    counts = totals(poll_source(source))
    if source.last_error:
        log.warning("polled %s: %s", source.name, source.last_error)
    else:
        log.info("polled %s: %s", source.name, counts)
    return counts


def schedule_due_sources() -> int:
    """Enqueue a poll for every due source and move its next fetch forward, so a source is
    never queued twice while its poll waits."""
    from datetime import timedelta

    from meldungen.news.polling import due_sources

    now = timezone.now()
    n = 0
    for source in due_sources(now):
        # Claim it: only the scheduler that moves next_fetch_at enqueues the poll.
        claimed = (
            type(source)
            .objects.filter(pk=source.pk, next_fetch_at=source.next_fetch_at)
            .update(next_fetch_at=now + timedelta(minutes=max(source.interval_minutes, 1)))
        )
        if claimed:
            poll_source_task.enqueue(source.pk)
            n += 1
    return n


@task()
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

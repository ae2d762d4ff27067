"""Storing parsed items in batches: one write transaction per batch (``news/batch.py``), and
each item of a batch that could not be stored as a whole on its own (``services.store_draft``)."""

from __future__ import annotations

import logging
import time

from django.db import OperationalError

from meldungen.ingest.bounds import bound_draft, clean_text
from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.ingest.urls import with_safe_urls

from . import batch
from .afterstore import schedule_related
from .enrichment import entity_cache
from .models import Source, owner_key
from .services import (
    BATCH_SIZE,
    LOCK_RETRY_FIRST_DELAY,
    WRITE_ATTEMPTS,
    ItemResult,
    _is_locked,
    _schedule_picture,
    _store_one,
    record_rejection,
    refresh_planner_statistics,
)

log = logging.getLogger("meldungen.store")


def store_entries(
    entries: list[tuple[ArticleDraft | Rejected, str]],
    source: Source | None = None,
    owner: str = "",
    batch_size: int = BATCH_SIZE,
) -> list[ItemResult]:
    """Store parsed items, each with its origin, in batches of one write transaction each
    (``news/batch.py``); the results are those of storing them one by one, in order."""
    out: list[ItemResult] = []
    with entity_cache():  # entity look-ups are remembered for this call only
        for start in range(0, len(entries), batch_size):
            out.extend(_store_batch(entries[start : start + batch_size], source, owner))
    if any(r.outcome == "new" for r in out):
        refresh_planner_statistics()
    return out


def _store_batch(
    entries: list[tuple[ArticleDraft | Rejected, str]], source: Source | None, owner: str
) -> list[ItemResult]:
    out: list[ItemResult | None] = [None] * len(entries)
    items: list[batch.Item] = []
    for i, (item, origin) in enumerate(entries):
        bounded = item if isinstance(item, Rejected) else bound_draft(item)
        if isinstance(bounded, Rejected):  # the parser's or the bounds' reason
            out[i] = _store_one(item, origin, source, owner)
            continue
        draft = with_safe_urls(bounded)  # only http(s) links and pictures are stored
        items.append(batch.Item(i, draft, draft.headline or draft.guid))
    written = _write_batch(items, source, owner or owner_key(source)) if items else {}
    for item in items:
        draft, origin = entries[item.index]
        if isinstance(written, OperationalError):  # the lock never freed: offer them again
            reason = f"could not store: {written.__class__.__name__}: {written}"
            record_rejection(reason, origin, source, draft.guid)
            label = clean_text(draft.headline or draft.guid)
            out[item.index] = ItemResult("rejected", label, reason=reason, transient=True)
            continue
        done = written.get(item.index) if written is not None else None
        if done is None:  # the batch failed and stored nothing: this item on its own
            out[item.index] = _store_one(draft, origin, source, owner)
            continue
        result = ItemResult(done.outcome, item.label, done.reason, done.article_id)
        out[item.index] = result
        if result.outcome in ("new", "updated") and draft.picture and draft.picture.url:
            _schedule_picture(draft.picture.url, origin)
        schedule_related(result.outcome, result.article_id, origin)
    return out


def _write_batch(items, source: Source | None, owner: str) -> dict | OperationalError | None:
    """The batch's outcomes by position, or None when it could not be stored as a whole (then
    nothing of it was written). A busy lock is waited out with backoff, as in ``store_draft``;
    one that never frees is returned (storing item by item would wait as long for each)."""
    delay = LOCK_RETRY_FIRST_DELAY
    try:
        batch.prepare(items, source, owner)
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return batch.write(items, source, owner)
            except OperationalError as error:
                if _is_locked(error) and attempt == WRITE_ATTEMPTS:
                    log.warning("database busy, a batch of %d not stored", len(items))
                    return error
                if not _is_locked(error):
                    raise
                log.info("database busy, retrying a batch of %d in %.1f s", len(items), delay)
                time.sleep(delay)
                delay = min(delay * 2, 10.0)
    except Exception as exc:  # rolled back whole: its items are stored one by one instead
        log.info("batch of %d stored item by item: %s: %s", len(items), type(exc).__name__, exc)
    return None

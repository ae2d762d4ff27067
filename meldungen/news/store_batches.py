"""Storing parsed items in batches: one write transaction per batch (``news/batch.py``), and
each item of a batch that could not be stored as a whole on its own (``services.store_draft``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator

from django.db import OperationalError

from meldungen.enrich.parallel import pool
from meldungen.ingest.bounds import bound_draft, clean_text
from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.ingest.errors import RejectCode
from meldungen.ingest.urls import with_safe_urls

from . import batch
from .afterstore import schedule_related
from .analysis_pool import Ahead
from .batch_lookups import stored_originals
from .enrichment import AnalysisInput, analysis_input, entity_cache
from .models import Article, Source, owner_key
from .resends import resend_differences
from .services import (
    BATCH_SIZE,
    LOCK_RETRY_FIRST_DELAY,
    WRITE_ATTEMPTS,
    ItemResult,
    _is_locked,
    _schedule_picture,
    _store_one,
    content_hash,
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
    for results in store_stream(entries, source, owner, batch_size):
        out.extend(results)
    return out


def store_stream(
    entries: Iterable[tuple[ArticleDraft | Rejected, str]],
    source: Source | None = None,
    owner: str = "",
    batch_size: int = BATCH_SIZE,
) -> Iterator[list[ItemResult]]:
    """``store_entries`` for items that arrive one after another (files being read): the
    results of each batch as soon as it is stored. The next batch is taken one step ahead, and
    its analysis (``analysis_pool``) runs in worker processes while this batch is written."""
    any_new = False
    ahead = Ahead()
    seen: set[str] = set()  # content hashes of this call's earlier items (copies: no analysis)
    chunks = _chunks(entries, batch_size)
    with entity_cache():  # entity look-ups are remembered for this call only
        current = next(chunks, None)
        bounded = _bound_all(current)
        if current is not None and pool.usable():
            seen.update(content_hash(d) for d in bounded if not isinstance(d, Rejected))
        while current is not None:
            following = next(chunks, None)
            bounded_next = _bound_all(following)

            def analyse_next(bounded_next=bounded_next) -> None:
                ahead.forget()  # the current batch has taken its analyses
                if bounded_next and pool.usable():
                    ahead.submit(_likely_analysed(bounded_next, source, seen))

            results = _store_batch(current, source, owner, ahead, analyse_next, bounded)
            any_new = any_new or any(r.outcome == "new" for r in results)
            yield results
            current, bounded = following, bounded_next
    if any_new:
        refresh_planner_statistics()


def _chunks(entries: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _bounded(item: ArticleDraft | Rejected) -> ArticleDraft | Rejected:
    """The draft as it is stored (bounded, only http(s) links), or why it is not."""
    bounded = item if isinstance(item, Rejected) else bound_draft(item)
    return bounded if isinstance(bounded, Rejected) else with_safe_urls(bounded)


def _bound_all(entries) -> list[ArticleDraft | Rejected]:
    return [_bounded(item) for item, _origin in entries or ()]


def _likely_analysed(
    bounded: list[ArticleDraft | Rejected], source: Source | None, seen: set[str]
) -> list[AnalysisInput]:
    """The analysis inputs the next batch will most likely ask for (``batch.prepare``),
    guessed before the current batch is written: its drafts whose text is neither stored nor
    earlier in this call (those are copies). A wrong guess costs a worker's time, never a
    result: an analysis is used only for an equal input."""
    drafts = []
    for draft in bounded:
        if isinstance(draft, Rejected):
            continue
        h = content_hash(draft)
        if h not in seen:
            seen.add(h)
            drafts.append((h, draft))
    stored = {r.content_hash for r in stored_originals(h for h, _ in drafts).values()}
    requests = []
    for h, draft in drafts:
        if h in stored:
            continue
        article = Article(
            guid=draft.guid,
            source=source,
            headline=draft.headline,
            format=draft.format,
            teaser=draft.teaser,
            body=draft.body,
            keywords=list(draft.keywords),
            ressort_hints=list(draft.ressort_hints),
            language=draft.language,  # as stated: the worker identifies it (``_apply`` takes it)
        )
        requests.append(analysis_input(article))
    return requests


def _store_batch(
    entries: list[tuple[ArticleDraft | Rejected, str]],
    source: Source | None,
    owner: str,
    ahead: Ahead | None = None,
    prepared=None,
    bounded: list[ArticleDraft | Rejected] | None = None,
) -> list[ItemResult]:
    out: list[ItemResult | None] = [None] * len(entries)
    items: list[batch.Item] = []
    repeats: list[tuple[batch.Item, ItemResult, str]] = []  # found unchanged
    notices: list[tuple[int, ArticleDraft, str]] = []
    bounded = bounded if bounded is not None else _bound_all(entries)
    for i, ((item, origin), draft) in enumerate(zip(entries, bounded, strict=True)):
        if isinstance(draft, Rejected):  # the parser's or the bounds' reason
            out[i] = _store_one(item, origin, source, owner)
            continue
        if draft.is_bare_withdrawal:  # rare: withdraws the stored text, once the batch is
            notices.append((i, draft, origin))  # written (it may hold the item it withdraws)
            continue
        items.append(batch.Item(i, draft, draft.headline or draft.guid))
    written = (
        _write_batch(items, source, owner or owner_key(source), ahead, prepared) if items else {}
    )
    if prepared is not None and not items:
        prepared()
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
        if result.outcome == "unchanged":
            repeats.append((item, result, origin))
        if result.outcome in ("new", "updated") and draft.picture and draft.picture.url:
            _schedule_picture(draft.picture.url, origin)
        schedule_related(result.outcome, result.article_id, origin)
    _name_changed_repeats(repeats, source)
    for i, draft, origin in notices:
        out[i] = _store_one(draft, origin, source, owner)
    return out


def _name_changed_repeats(repeats: list, source: Source | None) -> None:
    """Items found unchanged whose stored version of the same number had another text or
    status (``resends``): the reason on their result, recorded against the source."""
    reasons = resend_differences([(item.draft, r.article_id) for item, r, _origin in repeats])
    for (item, result, origin), reason in zip(repeats, reasons, strict=True):
        if reason:
            result.reason = reason
            record_rejection(reason, origin, source, item.draft.guid, RejectCode.SAME_VERSION)


def _write_batch(
    items, source: Source | None, owner: str, ahead: Ahead | None = None, prepared=None
) -> dict | OperationalError | None:
    """The batch's outcomes by position, or None when it could not be stored as a whole (then
    nothing of it was written). A busy lock is waited out with backoff, as in ``store_draft``;
    one that never frees is returned (storing item by item would wait as long for each).
    ``prepared`` is called once the batch is prepared, before it is written."""
    delay = LOCK_RETRY_FIRST_DELAY
    try:
        try:
            batch.prepare(items, source, owner, ahead)
        finally:
            if prepared is not None:
                prepared()
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

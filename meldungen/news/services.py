"""Storing drafts: one transaction per batch of items (``news/batch.py``), or per item when a
batch fails; upsert by guid and version, every version kept.

This is the only place that writes articles, so the rules live here:
- a new guid is stored (or, when its text is already stored under another guid, kept as a
  duplicate of that article and hidden from listings);
- an item is its guid within its owner (``models.owner_key``: source, token provider or
  file); another owner's item with the same guid is another item (a copy if its text is);
- the same guid from the same owner with a higher version updates the article in place and
  keeps the earlier version in ArticleVersion; the same or a lower version changes nothing;
- withdrawn/canceled (from the owner only) hides the article (410); another sender's copy of
  its text stays readable, the first one taking its place as the original.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from meldungen.enrich.language import decide as decide_language
from meldungen.enrich.pipeline import article_text
from meldungen.ingest.bounds import bound_draft, clean_text, not_ahead
from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.ingest.errors import RejectCode
from meldungen.ingest.kind import classify
from meldungen.ingest.limits import MAX_ANALYSIS_CHARS
from meldungen.ingest.urls import with_safe_urls
from meldungen.text import html_to_text
from meldungen.text.recent import Recent

from .afterstore import schedule_related
from .changed_copies import copies_after_update
from .enrichment import (
    ComputedEnrichment,
    apply_enrichment,
    compute_enrichment,
    copy_enrichment,
)
from .families import copy_original, takes_over, took_over
from .feed_edits import as_edit
from .models import Article, ArticleVersion, Rejection, Source, owner_key
from .resends import resend_differences
from .source_names import source_name
from .stories import assign_copy, assign_story
from .withdrawals import UNKNOWN_WITHDRAWAL, originals_of, withdrawn_as_stored

log = logging.getLogger("meldungen.store")

WRITE_ATTEMPTS = 6  # a busy lock is retried with backoff 0.5, 1, 2, 4, 8 s (on top of its timeout)
LOCK_RETRY_FIRST_DELAY = 0.5
OUTCOMES = ("new", "updated", "unchanged", "duplicate", "withdrawn", "rejected")


@dataclass
class ItemResult:
    outcome: str  # one of OUTCOMES
    label: str  # headline or guid, for the per-item line
    reason: str = ""
    article_id: int | None = None
    transient: bool = False  # the database was busy: the source must offer the item again

    def line(self) -> str:
        if self.outcome == "rejected":
            return (
                f"rejected: {self.reason} ({self.label})"
                if self.label
                else f"rejected: {self.reason}"
            )
        if self.outcome == "unchanged" and self.reason:  # sent again with another text
            return f"unchanged: {self.label} ({self.reason})"
        return f"{self.outcome}: {self.label}"


def content_hash(draft: ArticleDraft) -> str:
    """Hash of the normalised headline and text: equal for byte-different copies of one item."""
    if len(draft.body) > _HASHES_CACHED_UP_TO:  # the cache keeps its keys: no 10 MB bodies
        return _hash_of(draft.headline, draft.teaser, draft.body)
    return _content_hash(draft.headline, draft.teaser, draft.body)


_HASHES_CACHED_UP_TO = 20_000


@lru_cache(maxsize=512)
def _content_hash(headline: str, teaser: str, body: str) -> str:
    """Batch ingest asks twice for an item (before the batch before it is written, and when
    it is prepared): the second time is a look-up."""
    return _hash_of(headline, teaser, body)


def _hash_of(headline: str, teaser: str, body: str) -> str:
    text = f"{headline}\n{teaser}\n{html_to_text(body)}".lower()
    text = re.sub(r"\W+", " ", text).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _draft_json(draft: ArticleDraft) -> dict:
    """The draft as stored in ArticleVersion: ``dataclasses.asdict`` with its times as ISO
    strings, built field by field (asdict deep-copies every string: a batch writes a thousand)."""
    return {name: _json_value(getattr(draft, name)) for name in _DRAFT_FIELDS}


_DRAFT_FIELDS = [f.name for f in dataclasses.fields(ArticleDraft)]
_SHARED = (str, int, float, bool, type(None))  # immutable: asdict's copy is the value itself


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if type(value) in _SHARED:
        return value
    if type(value) is list and all(type(v) in _SHARED for v in value):
        return list(value)
    return dataclasses.asdict(_Holder(value))["value"]  # a picture: what asdict makes of it


@dataclass
class _Holder:
    value: object


def item_language(draft: ArticleDraft) -> str:
    """The stated language unless the text clearly is another one (enrich/language.py).

    ``decide_language`` depends on the stated language and the text only, and the text on the
    draft's headline, teaser and body: copies of one item ask once, and a language a worker
    process decided (``remember_language``) is not identified again. The look-up is by those
    fields (a digest), so the text need not be built to find it."""
    key = _language_key(draft)
    found = _languages.get(key)
    if found is None:
        head = dataclasses.replace(draft, body=draft.body[:MAX_ANALYSIS_CHARS])  # bounded cost
        found = decide_language(draft.language, article_text(head)[0])
        _languages.put(key, found)
    return found


_languages = Recent(512)  # (stated language, digest of the text fields) -> language


def _language_key(draft: ArticleDraft) -> tuple[str, bytes]:
    """The stated language and a digest of the text's fields: 512 kept keys hold no texts (a
    hostile batch of 100,000-character bodies would otherwise keep 50 million characters)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (draft.headline, draft.teaser, draft.body[:MAX_ANALYSIS_CHARS]):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return draft.language, digest.digest()


def remember_language(draft: ArticleDraft, language: str) -> None:
    """What ``decide_language`` gave for this draft's stated language and whole text (a worker
    analysed it); a body longer than the analysed part is identified here, on its head."""
    if len(draft.body) <= MAX_ANALYSIS_CHARS:
        _languages.put(_language_key(draft), language)


def _apply(
    article: Article, draft: ArticleDraft, source: Source | None, known: Article | None = None
) -> None:
    """Set the article's fields from the draft. ``known``: the same draft applied before the
    write transaction (``_prepare``), whose derived fields (language, content hash) are reused
    instead of being computed a second time."""
    now = timezone.now()
    article.version = draft.version
    article.source = source
    article.source_name = source_name(draft, source)
    article.format = draft.format
    article.url = draft.url[:2000]
    article.language = known.language if known is not None else item_language(draft)
    article.kicker = draft.kicker[:500]
    article.headline = draft.headline
    article.teaser = draft.teaser
    article.body = draft.body
    article.byline = draft.byline[:500]
    article.dateline = draft.dateline[:500]
    article.credit = draft.credit[:300]
    article.copyright = draft.copyright[:500]
    article.licence = draft.licence[:500]
    pic = draft.picture
    article.picture_url = pic.url[:2000] if pic else ""
    article.picture_caption = pic.caption if pic else ""
    article.picture_credit = pic.credit[:500] if pic else ""
    article.picture_width = pic.width if pic else None
    article.picture_height = pic.height if pic else None
    article.published = not_ahead(draft.published, draft.embargo, now) or article.published or now
    article.updated = draft.updated
    article.ressort_hints = list(draft.ressort_hints)
    article.keywords = list(draft.keywords)
    article.pubstatus = draft.pubstatus or "usable"
    article.is_correction = draft.is_correction
    article.embargo = draft.embargo
    article.full_text = draft.full_text
    if not article.kind_by_editor:  # an editor's choice in the admin stands
        article.kind = classify(draft)[0]
    article.content_hash = known.content_hash if known is not None else content_hash(draft)
    article.modified_at = now


LEGACY_OWNER = "legacy"  # rows stored before owners, without a source (migration 0004)


def find_existing(owner: str, guid: str, *, lock: bool = False) -> Article | None:
    """The owner's stored item with this guid (the one identity lookup; ``lock`` inside the
    write transaction). Another owner's guid is not ours: only the owner updates, corrects or
    withdraws an item. A row from before owners that had no source is adopted by the first
    file ingest or token push of its guid, never by a source.
    """
    rows = Article.objects.select_for_update() if lock else Article.objects
    found = rows.filter(owner=owner, guid=guid).first()
    if found is None and not owner.startswith("source:"):
        found = rows.filter(owner=LEGACY_OWNER, guid=guid).first()
    return found


@dataclass
class Prepared:
    """The slow part of storing an item, done before the write transaction begins."""

    article: Article  # unsaved, every field from the draft
    enrichment: ComputedEnrichment | None  # None: an exact copy of ``copy_of`` (not enriched)
    copy_of: int | None = None


class _Reprepare(Exception):
    """An item prepared as an exact copy is no longer one inside the write transaction."""


def _prepare(draft: ArticleDraft, source: Source | None, *, may_copy: bool = False) -> Prepared:
    article = Article(guid=draft.guid)
    _apply(article, draft, source)
    if may_copy and not draft.is_withdrawn:
        original = copy_original(article.content_hash)
        if original is not None:  # the same text is stored: its enrichment is reused
            return Prepared(article=article, enrichment=None, copy_of=original.pk)
    enrichment = compute_enrichment(article, language_decided=True)  # decided by ``_apply``
    return Prepared(article=article, enrichment=enrichment)


def _is_locked(error: OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text or "deadlock" in text


def store_draft(draft: ArticleDraft, source: Source | None = None, owner: str = "") -> ItemResult:
    """Store one draft in its own short transaction. Never half-writes.

    ``owner`` is whose item it is (``owner_key``); by default the source's, or "file".
    Enrichment runs before the transaction (it is the slow part), so one large item never
    holds the write lock. A lock that stays busy is waited out with backoff; a concurrent
    insert of the same item (a unique violation) is re-read and reported as what it is.
    """
    bounded = bound_draft(draft)
    if isinstance(bounded, Rejected):
        label = clean_text(draft.headline or draft.guid)[:200]
        return ItemResult("rejected", label, reason=bounded.reason)
    draft = with_safe_urls(bounded)  # only http(s) links and pictures are stored
    label = draft.headline or draft.guid
    owner = owner or owner_key(source)
    bare = draft.is_bare_withdrawal  # withdraws what is stored under its guid
    prepared: list[Prepared] = []  # computed once, kept across attempts
    may_copy = True  # an exact copy of a stored article reuses its enrichment and story
    delay = LOCK_RETRY_FIRST_DELAY
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            existing = find_existing(owner, draft.guid)
            draft = as_edit(draft, existing)  # a feed item edited under its guid
            if bare and existing is None:
                return ItemResult("rejected", label, reason=UNKNOWN_WITHDRAWAL)
            if existing is not None and draft.version <= existing.version:
                return _unchanged(draft, label, existing.pk)
            if bare:
                draft, bare = withdrawn_as_stored(draft, existing), False
                label = draft.headline
            if not prepared:
                prepared.append(
                    _prepare(
                        draft,
                        source or (existing and existing.source),
                        may_copy=may_copy and existing is None,
                    )
                )
            return _write(draft, source, owner, prepared[0], label)
        except _Reprepare:  # nothing was written; enrich it as a new item after all
            prepared.clear()
            may_copy = False
        except IntegrityError:
            if attempt == WRITE_ATTEMPTS:
                raise
            # Another writer stored this guid (or an entity) between our read and our insert:
            # the transaction was rolled back whole, so simply decide again on fresh data.
        except OperationalError as error:
            if not _is_locked(error) or attempt == WRITE_ATTEMPTS:
                raise
            log.info("database busy, retrying %s in %.1f s", draft.guid, delay)
            time.sleep(delay)
            delay = min(delay * 2, 10.0)
    raise AssertionError("unreachable")


def _write(
    draft: ArticleDraft, source: Source | None, owner: str, prepared: Prepared, label: str
) -> ItemResult:
    with transaction.atomic():
        existing = find_existing(owner, draft.guid, lock=True)
        if existing is not None:
            if draft.version <= existing.version:
                return _unchanged(draft, label, existing.pk)
            if prepared.enrichment is None:
                raise _Reprepare
            existing.owner = owner
            text_before = existing.content_hash
            _apply(existing, draft, source or existing.source, known=prepared.article)
            existing.save()
            ArticleVersion.objects.create(
                article=existing, version=draft.version, data=_draft_json(draft)
            )
            apply_enrichment(existing, prepared.enrichment)
            copies_after_update(existing.pk, text_before, draft.is_withdrawn)
            outcome = "withdrawn" if draft.is_withdrawn else "updated"
            return ItemResult(outcome, label, article_id=existing.pk)

        article = Article(guid=draft.guid, owner=owner)
        _apply(article, draft, source, known=prepared.article)
        # another owner's item with the same text (and maybe guid) is the original, unless
        # readers never see it for its kind and this item is news (``families``)
        original = originals_of(article.content_hash).first()
        heir = bool(original) and not draft.is_withdrawn and takes_over(article.kind, original.kind)
        if original is not None and not heir:
            article.duplicate_of = original
        if prepared.enrichment is None and (
            original is None
            or original.pk != prepared.copy_of
            or original.story_id is None
            or original.is_withdrawn
        ):
            raise _Reprepare  # the original changed since preparing (rolled back whole)
        article.save()
        ArticleVersion.objects.create(
            article=article, version=draft.version, data=_draft_json(draft)
        )
        if prepared.enrichment is None:  # an exact copy: the original's entities and story
            copy_enrichment(article, original)
            if not assign_copy(article, original):
                assign_story(article)
        else:
            apply_enrichment(article, prepared.enrichment)
            if not draft.is_withdrawn:
                assign_story(article)  # a near-copy of a stored article gets duplicate_of here
        if heir:  # the original and its copies become this report's copies
            took_over(article, original.pk)
    if draft.is_withdrawn:
        return ItemResult("withdrawn", label, article_id=article.pk)
    if article.duplicate_of_id is not None:
        reason = f"copy of #{article.duplicate_of_id}"
        return ItemResult("duplicate", label, reason=reason, article_id=article.pk)
    return ItemResult("new", label, article_id=article.pk)


def _unchanged(draft: ArticleDraft, label: str, article_id: int) -> ItemResult:
    """Nothing stored; the reason says when the stored version had another text or status."""
    [reason] = resend_differences([(draft, article_id)])
    return ItemResult("unchanged", label, reason=reason, article_id=article_id)


def record_rejection(
    reason: str, origin: str, source: Source | None = None, guid: str = "", code: str = ""
) -> None:
    """`code`: the RejectCode (ingest/errors.py) when the parser gave one."""
    Rejection.objects.create(
        source=source,
        origin=clean_text(origin)[:2000],
        guid=clean_text(guid)[:500],
        reason=clean_text(reason),
        code=code,
    )


BATCH_SIZE = 100  # items per write transaction


def store_results(
    results: list[ArticleDraft | Rejected],
    origin: str,
    source: Source | None = None,
    owner: str = "",
) -> list[ItemResult]:
    """Store every parsed item; a bad or failing item is recorded and the batch goes on."""
    from .store_batches import store_entries

    return store_entries([(item, origin) for item in results], source, owner)


def _store_one(
    item: ArticleDraft | Rejected, origin: str, source: Source | None, owner: str
) -> ItemResult:
    if isinstance(item, Rejected):
        record_rejection(item.reason, origin, source, item.guid, item.code or "")
        return ItemResult("rejected", item.guid or origin, reason=item.reason)
    try:
        result = store_draft(item, source, owner)
        if result.outcome == "rejected":
            record_rejection(result.reason, origin, source, item.guid)
        elif result.outcome == "unchanged" and result.reason:  # not a true repeat
            record_rejection(result.reason, origin, source, item.guid, RejectCode.SAME_VERSION)
    except Exception as exc:
        # The item's transaction was rolled back whole; record it and go on.
        reason = f"could not store: {exc.__class__.__name__}: {exc}"
        log.warning("%s: %s", origin, reason, exc_info=not isinstance(exc, IntegrityError))
        record_rejection(reason, origin, source, item.guid)
        transient = isinstance(exc, OperationalError) and _is_locked(exc)
        label = clean_text(item.headline or item.guid)
        return ItemResult("rejected", label, reason=reason, transient=transient)
    if result.outcome in ("new", "updated") and item.picture and item.picture.url:
        _schedule_picture(item.picture.url, origin)
    schedule_related(result.outcome, result.article_id, origin)
    return result


def refresh_planner_statistics() -> None:
    """SQLite plans by the statistics ANALYZE keeps, and it never gathers them by itself: without
    them it reads the one-entry-per-story lists through the wrong index (a scan of every article
    for every entry: 50 ms instead of 1 ms at 400 articles, growing with the square). A sampled
    ANALYZE after each batch that stored something costs a few milliseconds. PostgreSQL's
    autovacuum keeps its own statistics."""
    if connection.vendor != "sqlite":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
    except OperationalError as exc:  # busy: the next batch tries again
        log.info("planner statistics not refreshed: %s", exc)


def _schedule_picture(url: str, origin: str) -> None:
    """Queue the background fetch of a stored item's picture; never fails the batch."""
    from meldungen.tasks import schedule_picture

    try:
        schedule_picture(url)
    except Exception as exc:
        log.warning("%s: picture %s not queued: %s", origin, url, exc)


def parse_bytes(
    data: bytes, *, source: Source | None = None, url: str = "", content_type: str = ""
) -> list[ArticleDraft | Rejected]:
    """Parse bytes of any supported format; a source's Ressort and name fill the items' own."""
    from meldungen.ingest.detect import parse

    results = parse(data, url=url, content_type=content_type)
    if source is not None:
        for item in results:
            if isinstance(item, ArticleDraft):
                if source.ressort and source.ressort not in item.ressort_hints:
                    item.ressort_hints.insert(0, source.ressort)
                if not item.source:
                    item.source = source.name
    return results


def ingest_bytes(
    data: bytes,
    origin: str,
    *,
    source: Source | None = None,
    url: str = "",
    content_type: str = "",
    owner: str = "",
) -> list[ItemResult]:
    """Parse bytes of any supported format and store every item."""
    results = parse_bytes(data, source=source, url=url, content_type=content_type)
    return store_results(results, origin, source, owner)


def totals(results: list[ItemResult]) -> dict[str, int]:
    counts = dict.fromkeys(OUTCOMES, 0)
    for r in results:
        counts[r.outcome] += 1
    return counts


def totals_line(counts: dict[str, int]) -> str:
    return " ".join(f"{k}={counts[k]}" for k in OUTCOMES)

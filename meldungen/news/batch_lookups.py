"""What a batch of ingest reads of the stored articles before it decides (``news/batch.py``):
the articles its guids name, and the originals its texts are exact copies of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .models import Article, ArticleEntity
from .story_index import _chunks


@dataclass
class Original:
    """What the content-hash look-up needs of an article (stored, or of this batch)."""

    pk: int
    content_hash: str
    published: object
    story_id: str | None
    withdrawn: bool
    duplicate_of_id: int | None = None
    kind: str = "news"  # ``ingest/kind.py``: news originals come first (``families``)


def existing_by_guid(owner: str, guids: list[str], *, lock: bool = False) -> dict[str, Article]:
    """``services.find_existing`` for many guids at once (a source never adopts legacy rows)."""
    from .services import LEGACY_OWNER

    rows = Article.objects.select_related("source")
    if lock:
        rows = rows.select_for_update(of=("self",))
    found: dict[str, Article] = {}
    for chunk in _chunks(list(dict.fromkeys(guids))):
        found.update((a.guid, a) for a in rows.filter(owner=owner, guid__in=chunk))
    missing = [g for g in dict.fromkeys(guids) if g not in found]
    if missing and not owner.startswith("source:"):
        for chunk in _chunks(missing):
            for a in rows.filter(owner=LEGACY_OWNER, guid__in=chunk).order_by("pk"):
                found.setdefault(a.guid, a)
    return found


def stored_originals(hashes) -> dict[int, Original]:
    out: dict[int, Original] = {}
    for chunk in _chunks(list(dict.fromkeys(hashes))):
        rows = Article.objects.filter(content_hash__in=chunk, duplicate_of__isnull=True)
        for pk, h, published, story_id, status, kind in rows.values_list(
            "pk", "content_hash", "published", "story_id", "pubstatus", "kind"
        ):
            withdrawn = status in ("withdrawn", "canceled")
            out[pk] = Original(pk, h, published, story_id, withdrawn, kind=kind)
    return out


def first_original(recs: dict[int, Original], content_hash: str) -> Original | None:
    """The first stored article with this text that is no copy itself and not withdrawn, news
    before service traffic (``services._write``, ``withdrawals.originals_of``)."""
    found = [
        r
        for r in recs.values()
        if r.content_hash == content_hash and r.duplicate_of_id is None and not r.withdrawn
    ]
    return min(found, key=lambda r: (r.kind != "news", r.published, r.pk), default=None)


class LinkedEntity(NamedTuple):
    """What a story assignment reads of a linked entity."""

    key: str
    blocked: bool


class StoredLink(NamedTuple):
    """A stored entity link as a batch's copies reuse it: ``ArticleEntity``'s values (what
    the batch reads and writes of a link), without a model instance per row."""

    entity_id: int
    salience: float
    mentions: int
    is_tag: bool
    rank: int
    entity: LinkedEntity


def stored_links(ids) -> dict[int, dict[int, StoredLink]]:
    """The entity links of these stored articles: article id -> entity id -> link, in the
    order of ``ArticleEntity.objects.filter(article_id__in=ids).select_related("entity")``."""
    out: dict[int, dict[int, StoredLink]] = {pk: {} for pk in ids}
    if not out:
        return out
    rows = ArticleEntity.objects.filter(article_id__in=list(out)).values_list(
        "article_id",
        "entity_id",
        "salience",
        "mentions",
        "is_tag",
        "rank",
        "entity__key",
        "entity__blocked",
    )
    for article_id, entity_id, salience, mentions, is_tag, rank, key, blocked in rows:
        entity = LinkedEntity(key, blocked)
        out[article_id][entity_id] = StoredLink(entity_id, salience, mentions, is_tag, rank, entity)
    return out

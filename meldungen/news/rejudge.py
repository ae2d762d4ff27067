"""A stored article's kind again (news or service traffic, ``ingest/kind.py``), by the markers
as they are now: ``meldungen enrich`` applies a new service title or genre code to the archive.

The decision is ingest's own (``kind.classify``), on what ingest stored of the item: the wire's
metadata (genres, item type, notes) is kept only in the draft of each version
(``ArticleVersion.data``), not on the row, so it is read from the draft of the article's
current version; the text (headline, teaser, body) is the row's, which is the draft's unless an
editor edited it in the admin. A draft stored before kinds existed has no metadata at all: it is
judged by its headline, as a feed's item is.

Both ways: an item that is service traffic by the current markers leaves the lists, and one
whose kind the same rules decided before and that is news by the current markers comes back
(a marker the editors removed as wrong); the copies of its text follow (``families.settle``: a
news copy of an original that is service traffic now is listed in its place). Left alone:
- an article whose kind an editor chose in the admin (``Article.kind_by_editor``, set by the
  admin when an editor changes the kind; migration news.0017 read earlier choices from the
  admin's change log): the editor's word stands over the markers, either way, as it does over
  the item's next versions (``services._apply``);
- a withdrawn article: shown nowhere, and its stored draft may be a wire's bare withdrawal,
  made without the wire's metadata (``withdrawals.withdrawn_as_stored``);
- an article without a stored draft of its version (added in the admin): no rule decided it.
"""

from __future__ import annotations

from django.utils import timezone

from meldungen.ingest import kind as kinds
from meldungen.ingest.draft import ArticleDraft

from .families import settle
from .models import Article, ArticleVersion
from .visibility import HIDDEN_STATUSES


def _texts(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def stored_item(article: Article, data: dict) -> ArticleDraft:
    """What ``kind.classify`` reads of a stored article: the row's text and the metadata of
    its stored draft ``data`` (none in a draft stored before kinds existed)."""
    item_type = data.get("item_type")
    return ArticleDraft(
        guid=article.guid,
        headline=article.headline,
        format=article.format,
        teaser=article.teaser,
        body=article.body,
        genres=_texts(data.get("genres")),
        item_type=item_type if isinstance(item_type, str) else "",
        notes=_texts(data.get("notes")),
    )


def rejudge_kind(article: Article) -> tuple[str, str] | None:
    """Set the article's kind by the current markers; (kind before, kind now) when it changed,
    else None. A kind an editor chose (``Article.kind_by_editor``) is left alone."""
    if article.kind_by_editor or article.pubstatus in HIDDEN_STATUSES:
        return None
    data = (
        ArticleVersion.objects.filter(article_id=article.pk, version=article.version)
        .values_list("data", flat=True)
        .first()
    )
    if not isinstance(data, dict):
        return None
    kind = kinds.classify(stored_item(article, data))[0]
    if kind == article.kind:
        return None
    before, article.kind = article.kind, kind
    Article.objects.filter(pk=article.pk).update(kind=kind, modified_at=timezone.now())
    settle([article.pk])  # news is hidden only behind a report readers see (``families``)
    return before, kind

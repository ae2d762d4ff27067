""" "Weitere Meldungen" for an article page: the stories core's learned relatedness ranking
(salient terms, shared canonical entities, place, time; one entry per story; a threshold) over
visible articles, with candidates from the story index and, when it gives too few, the search
index. The ranked list is stored when the article is stored (``web/relatedstore.py``); the page
reads it with one query, filtered by what readers may see now, and computes it (and stores it)
only when none is stored or it no longer holds."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from django.db import DatabaseError
from django.db.models import F, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from meldungen.news.models import Article, RelatedList
from meldungen.search.models import ContentVersion

from .prepared import Prepared
from .queries import listed_languages, story_leads, visible_articles

SEARCH_CANDIDATES = 50
# what an entry of the list shows (headline, teaser, time, Ressort, link, its story's size)
ENTRY_FIELDS = ("id", "headline", "teaser", "published", "ressort", "story_id", "language")
log = logging.getLogger(__name__)


def search_candidates(terms: list[str]) -> list[int]:
    """Ids the search index finds for an article's salient terms ("more like this")."""
    if not terms:
        return []
    from meldungen.search.service import SearchParams, match_ids

    try:
        _, rows, _ = match_ids(
            SearchParams(q=" OR ".join(terms)), limit=SEARCH_CANDIDATES, count=False
        )
    except (DatabaseError, ValueError) as exc:  # no index yet, or a query it cannot run
        log.warning("related: search candidates for %s failed: %s", terms, exc)
        return []
    return [int(pk) for pk, _ in rows]


def _version():
    return Coalesce(Subquery(ContentVersion.objects.filter(pk=1).values("version")[:1]), 0)


def _holds(now, prefix: str = "") -> Q:
    """The stored list (its head reached through ``prefix``) is current: computed at this
    content version, before the next embargo passed."""
    return Q(**{f"{prefix}version": _version()}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gt": now})
    )


def _entries(now, pk, limit):
    """The stored list's entries, visible now: the article page's one query (``Prepared``)."""
    return (
        visible_articles(now)
        .select_related(None)
        .only(*ENTRY_FIELDS)
        .filter(  # one filter: every condition on the same entry and its list's head
            _holds(now, "related_in__owner__"),
            related_in__owner_id=pk,
            related_in__owner__capacity__gte=limit,
        )
        .annotate(
            rel_rank=F("related_in__rank"),
            rel_why=F("related_in__why"),
            rel_score=F("related_in__score"),
        )
        .order_by("rel_rank")
    )


def _head(now, pk, limit):
    return RelatedList.objects.filter(_holds(now), article_id=pk, capacity__gte=limit).values(
        "article_id"
    )


_KINDS = {"now": datetime, "pk": int, "limit": int}
ENTRIES = Prepared(_entries, _KINDS, key=lambda: tuple(listed_languages()))
HEAD = Prepared(_head, _KINDS)


def _why(value) -> tuple[str, ...]:
    if isinstance(value, str):  # the JSON text, as an annotation comes from the database
        value = json.loads(value)
    return tuple(value or ())


def stored_related(article: Article, limit: int) -> list[Article] | None:
    """The stored list, visible entries only, one per story, at most ``limit``; None when no
    current list is stored. One query (a second only when it shows nothing)."""
    now = timezone.now()
    out: list[Article] = []
    stories: set[str] = set()
    for item in ENTRIES.raw(Article, now=now, pk=article.pk, limit=limit):
        if item.story_id and item.story_id in stories:
            continue  # one entry per story, should two reports of one story have come in
        stories.add(item.story_id)
        item.shared_tags = _why(item.rel_why)
        item.related_score = item.rel_score
        out.append(item)
        if len(out) >= limit:
            break
    if out:
        return out
    return [] if HEAD.rows(now=now, pk=article.pk, limit=limit) else None


def related_for(article: Article, limit: int | None = None, full: bool = False) -> list[Article]:
    """Related articles, best first; each carries ``shared_tags`` (entity names, or the shared
    theme terms) saying why. The stored list when one holds, else computed now and stored.
    A stored list's articles carry only what the page shows (``ENTRY_FIELDS``); ``full``
    reads them whole, with their source (the API)."""
    from .relatedstore import compute_and_store, related_limit

    limit = related_limit() if limit is None else limit
    if limit <= 0:
        return []
    try:
        stored = stored_related(article, limit)
    except DatabaseError as exc:  # e.g. the table is not there yet: compute as before
        log.warning("related: stored list of %s not read: %s", article.pk, exc)
        stored = None
    if stored is not None:
        return _whole(stored) if full else stored
    out = []
    for item, shared in compute_and_store(article, limit, quick=True)[:limit]:
        item.shared_tags = shared
        out.append(item)
    return out


# how many of its Ressort's newest stories an article without related news shows at most
RESSORT_NEWS = 5


def ressort_news(article: Article, limit: int = RESSORT_NEWS) -> list[Article]:
    """What "Weitere Meldungen" shows when nothing is related enough to show (``related_for``
    gave none): the newest stories of the article's Ressort (of all news when it has none), one
    entry per story, the article's own story left out. The page says so ("Neu im Ressort
    Ausland"): they are further news, never passed off as related. None when the portal shows
    no related news at all (the setting ``MELDUNGEN["RELATED_LIMIT"]`` 0)."""
    from .relatedstore import related_limit

    limit = min(limit, related_limit())
    if limit <= 0:
        return []
    qs = visible_articles().filter(ressort=article.ressort).exclude(pk=article.pk)
    if article.story_id is not None:
        qs = qs.exclude(story_id=article.story_id)
    rows = story_leads(qs).select_related(None).only(*ENTRY_FIELDS)
    return list(rows.order_by("-published", "-pk")[:limit])


def _whole(items: list[Article]) -> list[Article]:
    found = Article.objects.select_related("source").in_bulk([a.pk for a in items])
    out = []
    for item in items:
        whole = found.get(item.pk)
        if whole is not None:
            whole.shared_tags, whole.related_score = item.shared_tags, item.related_score
            out.append(whole)
    return out

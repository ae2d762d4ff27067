""" "Weitere Meldungen", stored: each article's ranked list is computed in the background when
it is stored (``tasks.refresh_related_task``, queued by ingest) and kept in ``RelatedList`` /
``RelatedEntry``; the article page reads it with one query (``web/related.py``).

A new, updated or withdrawn article also has the lists of its best neighbours computed again
(the articles its own list shows, and every list that shows it or a report of its story), so
an older article's list gets the newer reports (one per story, the newest full report). A list
holds while the portal's content version is the one it was computed at (editors' merges,
renames, blocks and re-enrichment bump it) and until the next embargo passes; otherwise, and
when none is stored (a fresh article, an archive loaded without lists), the page computes it as
before and stores it. A list that changes bumps its article's page in the page cache.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from meldungen.news.models import Article, RelatedEntry, RelatedList
from meldungen.news.stories import related_for as ranked_related

from . import pagecache
from .contentversion import current_content_version
from .queries import visible_articles

STORED_MIN = 12  # entries kept per list (at least twice the shown limit): withdrawn ones drop out
MAX_NEIGHBOURS = 24  # other lists computed again when an article is stored
QUICK_WRITE_MS = 250  # a page's own store waits at most this long for SQLite's write lock
log = logging.getLogger(__name__)


def related_limit() -> int:
    return settings.MELDUNGEN["RELATED_LIMIT"]


def capacity_for(limit: int) -> int:
    return max(STORED_MIN, 2 * limit)


def next_embargo(now: datetime) -> datetime | None:
    """The next embargo to pass: an article then becomes visible and may join lists."""
    return pagecache.embargo_window(now)[1]


def compute(article: Article, limit: int, search=None) -> tuple[list, int, datetime | None]:
    """(ranked (article, why) pairs up to ``capacity_for(limit)``, content version, valid until):
    the ranking of ``news.related`` over the articles visible now, exactly as a page without a
    stored list shows it (the page shows the first ``limit``)."""
    from .related import search_candidates

    version = current_content_version()[0]  # read first: a bump meanwhile makes it stale
    now = timezone.now()
    ranked = ranked_related(
        article,
        visible_articles(now),
        limit=capacity_for(limit),
        search=search or search_candidates,
    )
    return ranked, version, next_embargo(now)


def _entries(ranked) -> list[tuple[int, float, list[str]]]:
    return [
        (item.pk, float(getattr(item, "related_score", 0.0)), list(why)) for item, why in ranked
    ]


def save(article_id: int, ranked, version: int, valid_until, capacity: int, *, bump: bool) -> bool:
    """Replace the article's stored list in one transaction; True when what it shows changed
    (or none was stored). ``bump``: then its cached page is renewed after the commit."""
    new = _entries(ranked)
    head = {
        "computed": timezone.now(),
        "version": version,
        "valid_until": valid_until,
        "capacity": capacity,
    }
    with transaction.atomic():
        found = RelatedList.objects.select_for_update().filter(article_id=article_id)
        if found.update(**head):
            old = list(
                RelatedEntry.objects.filter(owner_id=article_id)
                .order_by("rank")
                .values_list("related_id", "score", "why")
            )
            if old == new:
                return False
            RelatedEntry.objects.filter(owner_id=article_id).delete()
            changed = [(pk, why) for pk, _, why in old] != [(pk, why) for pk, _, why in new]
        else:
            RelatedList.objects.create(article_id=article_id, **head)
            changed = True
        RelatedEntry.objects.bulk_create(
            RelatedEntry(owner_id=article_id, rank=i, related_id=pk, score=score, why=why)
            for i, (pk, score, why) in enumerate(new)
        )
        if changed and bump:
            pagecache.bump_on_commit({f"article:{article_id}"})
    return changed


@contextmanager
def _quick_writes():
    """On SQLite, a page's store gives up after ``QUICK_WRITE_MS`` instead of queueing behind a
    long write (the list is computed again next time); PostgreSQL writes do not block reads."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cur:
        cur.execute(f"PRAGMA busy_timeout = {QUICK_WRITE_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            timeout = connection.settings_dict.get("OPTIONS", {}).get("timeout", 5)
            cur.execute(f"PRAGMA busy_timeout = {int(float(timeout) * 1000)}")


def compute_and_store(article: Article, limit: int, *, bump: bool = False, quick=False) -> list:
    """The article's ranked list (up to the stored capacity), computed now and stored. A store
    that fails (a busy database, a concurrent store of the same list) leaves the list to the
    next request: the page still shows what was computed."""
    ranked, version, valid_until = compute(article, limit)
    try:
        if quick:
            with _quick_writes():
                save(article.pk, ranked, version, valid_until, capacity_for(limit), bump=bump)
        else:
            save(article.pk, ranked, version, valid_until, capacity_for(limit), bump=bump)
    except DatabaseError as exc:
        log.info("related list of %s not stored: %s", article.pk, exc)
    return ranked


def _readable(pks) -> list[Article]:
    """Those of ``pks`` whose page shows a list (visible now), in the given order."""
    found = {
        a.pk: a for a in visible_articles().filter(pk__in=list(pks)).select_related("duplicate_of")
    }
    return [found[pk] for pk in pks if pk in found]


def _embargoed(article: Article) -> bool:
    """Under an embargo, and visible once it passes."""
    if article.embargo is None or article.embargo <= timezone.now():
        return False
    return visible_articles(article.embargo).filter(pk=article.pk).exists()


def refresh(article_id: int, neighbours: bool = True) -> int:
    """Compute again the stored list of a stored, updated or withdrawn article and, with
    ``neighbours``, the lists of its best neighbours and every list showing it or its story.
    Returns how many lists were computed."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0
    limit = related_limit()
    if limit <= 0:
        return 0
    targets: list[int] = []
    if neighbours:
        showing = Q(related_id=article_id)
        if article.story_id:
            showing |= Q(related__story_id=article.story_id)
        targets += list(
            RelatedEntry.objects.filter(showing)
            .order_by("-owner_id")
            .values_list("owner_id", flat=True)[: 4 * MAX_NEIGHBOURS]
        )
    done = 0
    if _readable([article_id]):
        ranked = compute_and_store(article, limit, bump=True)
        done += 1
        targets = [item.pk for item, _ in ranked] + targets
    elif _embargoed(article):
        # Not shown yet: its own list is ready for its page, and the lists it will join hold
        # only until its embargo passes (they are computed again then, with it).
        ranked = compute_and_store(article, limit)
        RelatedList.objects.filter(article_id__in=[item.pk for item, _ in ranked]).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=article.embargo)
        ).update(valid_until=article.embargo)
        return done + 1
    else:  # withdrawn, a copy, not news: no page shows its list
        RelatedList.objects.filter(article_id=article_id).delete()
    if not neighbours:
        return done
    others = [pk for pk in dict.fromkeys(targets) if pk != article_id][:MAX_NEIGHBOURS]
    for other in _readable(others):
        compute_and_store(other, limit, bump=True)
        done += 1
    return done

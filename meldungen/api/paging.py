"""One page of /api/articles: one entry per story, the story's newest report in the list, on
whichever cursor page it falls, so a later page never brings back an older report of a story an
earlier page showed (the portal's lists fold the same way, ``web.queries.story_leads``)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from meldungen.news.models import Article
from meldungen.search.service import SearchParams, filtered, match_ids
from meldungen.web.queries import story_leads

MAX_MATCH_ROWS = 2000  # matches read for one page of a search (a story's reports fold into one)


def after(cursor: tuple[datetime, int] | None) -> Q:
    """Articles listed after the cursor (newest first: older, or as old with a lower id)."""
    if cursor is None:
        return Q()
    published, pk = cursor
    return Q(published__lt=published) | Q(published=published, pk__lt=pk)


def listed_page(
    params: SearchParams,
    base: QuerySet[Article],
    cursor: tuple[datetime, int] | None,
    limit: int,
    *,
    fold: bool = True,
) -> list[Article]:
    """Up to ``limit + 1`` articles after ``cursor`` (the extra one says there is a next page).
    ``fold``: one per story (a story's own list, ``?story=``, shows every report)."""
    if params.q:
        return _matched_page(params, base, cursor, limit, fold=fold)
    listed = filtered(params, base)
    if fold:
        listed = story_leads(listed)  # the newest of each story in the whole list, then paged
    return list(listed.filter(after(cursor))[: limit + 1])


def _story_key(article: Article) -> str:
    return f"s:{article.story_id}" if article.story_id else f"a:{article.pk}"


def _matched_page(
    params: SearchParams,
    base: QuerySet[Article],
    cursor: tuple[datetime, int] | None,
    limit: int,
    *,
    fold: bool,
) -> list[Article]:
    """A search's page, newest first: the matches after the cursor, less those whose story has
    a newer match (shown on this page already, or on an earlier one). Read in batches, each
    after the last match read (a backend may answer fewer rows than asked: PostgreSQL ranks a
    window of the newest matches), until the page is full or no match is left."""
    page: list[Article] = []
    shown: set[str] = set()
    position, read = cursor, 0
    while len(page) <= limit and read < MAX_MATCH_ROWS:
        _, rows, _ = match_ids(
            params, limit=limit + 1, count=False, base=base.filter(after(position))
        )
        by_id = Article.objects.select_related("source").in_bulk([i for i, _ in rows])
        matches = [by_id[i] for i, _ in rows if i in by_id]
        if not matches:
            break
        read += len(matches)
        position = (matches[-1].published, matches[-1].pk)
        if not fold:
            page += matches
            continue
        shown |= _shown_before(matches, shown, params, base, cursor)
        for article in matches:
            key = _story_key(article)
            if key not in shown:
                shown.add(key)
                page.append(article)
    return page[: limit + 1]


def _shown_before(
    matches: list[Article],
    known: set[str],
    params: SearchParams,
    base: QuerySet[Article],
    cursor: tuple[datetime, int] | None,
) -> set[str]:
    """The stories of ``matches`` (not yet ``known``) with a match before the cursor: an
    earlier page showed them."""
    stories = {a.story_id for a in matches if a.story_id and f"s:{a.story_id}" not in known}
    if cursor is None or not stories:
        return set()
    before = base.filter(story_id__in=stories).exclude(after(cursor))
    _, rows, _ = match_ids(params, limit=MAX_MATCH_ROWS, count=False, base=before)
    ids = [i for i, _ in rows]
    return {f"s:{s}" for s in Article.objects.filter(pk__in=ids).values_list("story_id", flat=True)}

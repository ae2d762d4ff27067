"""Feed items edited under the same guid: RSS and Atom state no versions (every item is
version 1), so a feed that re-sends an item with another headline or text under its guid was
"unchanged" for ever. Such an edit is the stored article's next version, as a wire's higher
version is; a re-send with the same text stays unchanged, and one dated before the stored
version (a cache or a mirror serving the old entry) changes nothing. Nor does a text the
article had before (any stored version's): most feeds date no edits, and a stale mirror or
cache of such a feed, polled in turn with the feed, would flip the article between its old and
its new text on every poll. Only an item dated after the stored version may bring an earlier
text back (the editors' revert).

What is compared is what the feed says: a teaser-only item of a full-text source was stored
with its article page's text, so only its headline and teaser are compared with the stored
ones (and its page is fetched again when they changed, ``polling.complete_teasers``).

An article page polled as a source (``sources add URL --page``) states no versions either,
but what is read of it is what the extraction kept of a whole page, and two fetches of an
unedited page can differ in it (a sentence that counts readers or shares moves with every
request). So a page's other text is an edit only when the page says it was modified after
the stored version (``article:modified_time`` or JSON-LD ``dateModified``, the draft's
``updated``); a page that states no such time stays as first stored."""

from __future__ import annotations

import dataclasses

from meldungen.ingest.draft import ArticleDraft

FEED_FORMATS = {"rss", "atom", "page"}  # formats that state no versions of an item
DATED_EDITS_ONLY = {"page"}  # of these, an edit must be dated after the stored version
# what ``is_edit`` reads of the stored article
EDIT_FIELDS = ("guid", "version", "updated", "full_text", "content_hash", "headline", "teaser")


def _said(headline: str, teaser: str, body: str) -> str:
    from .services import content_hash  # the one notion of "the same text"

    return content_hash(
        ArticleDraft(guid="", headline=headline, format="", teaser=teaser, body=body)
    )


def _same(draft: ArticleDraft, headline: str, teaser: str, text_hash: str, full_text: bool):
    """Whether the draft says what a stored text (its headline, teaser, content hash and
    whether its body came from the article page) said."""
    if draft.full_text or not full_text:
        return _said(draft.headline, draft.teaser, draft.body) == text_hash
    teaser = teaser if draft.teaser else ""  # a teaser the page gave is not the feed's
    return _said(draft.headline, draft.teaser, "") == _said(headline, teaser, "")


def is_edit(draft: ArticleDraft, stored, earlier=()) -> bool:
    """Whether this feed item, at the stored version or below, carries another text than the
    stored article (``stored``: an Article, or anything with its fields) and is not older.
    ``earlier``: the texts of its stored versions (``earlier_texts``); one of them again is an
    edit only when dated after the stored version."""
    if draft.format not in FEED_FORMATS or stored is None or draft.version > stored.version:
        return False
    if draft.updated and stored.updated and draft.updated < stored.updated:
        return False  # an older state of the item
    later = draft.updated and (not stored.updated or draft.updated > stored.updated)
    if draft.format in DATED_EDITS_ONLY and not later:
        return False  # a page modified at the stored time (or undated): not edited
    if _same(draft, stored.headline, stored.teaser, stored.content_hash, stored.full_text):
        return False
    if later and stored.updated:
        return True  # dated after the stored version: also a revert to an earlier text
    return not any(_same(draft, *text) for text in earlier)


def earlier_texts(article_ids) -> dict[int, list[tuple[str, str, str, bool]]]:
    """The texts of these articles' stored versions (as ``_same`` reads them), one query."""
    from .models import ArticleVersion

    out: dict[int, list[tuple[str, str, str, bool]]] = {}
    rows = ArticleVersion.objects.filter(article_id__in=list(article_ids))
    for pk, data in rows.values_list("article_id", "data"):
        if isinstance(data, dict):
            headline, teaser = str(data.get("headline") or ""), str(data.get("teaser") or "")
            text_hash = _said(headline, teaser, str(data.get("body") or ""))
            out.setdefault(pk, []).append(
                (headline, teaser, text_hash, bool(data.get("full_text")))
            )
    return out


def edits(pairs: list[tuple[ArticleDraft, object]]) -> list[bool]:
    """``is_edit`` of each (draft, stored article or None), with the texts of their stored
    versions read at once for those whose text is not the stored one."""
    found = [is_edit(draft, stored) for draft, stored in pairs]
    ids = {stored.pk for (_, stored), edit in zip(pairs, found, strict=True) if edit}
    if not ids:
        return found
    texts = earlier_texts(ids)
    return [
        edit and is_edit(draft, stored, texts.get(stored.pk, ()))
        for (draft, stored), edit in zip(pairs, found, strict=True)
    ]


def as_edits(drafts: list[ArticleDraft], stored: dict) -> list[ArticleDraft]:
    """Each draft as its stored article's next version when it is an edit (``stored``: the
    articles by guid), else unchanged."""
    pairs = [(draft, stored.get(draft.guid)) for draft in drafts]
    return [
        dataclasses.replace(draft, version=article.version + 1) if edit else draft
        for (draft, article), edit in zip(pairs, edits(pairs), strict=True)
    ]


def as_edit(draft: ArticleDraft, stored) -> ArticleDraft:
    """The draft as the stored article's next version when it is an edit, else unchanged."""
    [draft] = as_edits([draft], {draft.guid: stored} if stored is not None else {})
    return draft

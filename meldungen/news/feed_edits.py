"""Feed items edited under the same guid: RSS and Atom state no versions (every item is
version 1), so a feed that re-sends an item with another headline or text under its guid was
"unchanged" for ever. Such an edit is the stored article's next version, as a wire's higher
version is; a re-send with the same text stays unchanged, and one dated before the stored
version (a cache or a mirror serving the old entry) changes nothing.

What is compared is what the feed says: a teaser-only item of a full-text source was stored
with its article page's text, so only its headline and teaser are compared with the stored
ones (and its page is fetched again when they changed, ``polling.complete_teasers``)."""

from __future__ import annotations

import dataclasses

from meldungen.ingest.draft import ArticleDraft

FEED_FORMATS = {"rss", "atom"}  # formats that state no versions of an item
# what ``is_edit`` reads of the stored article
EDIT_FIELDS = ("guid", "version", "updated", "full_text", "content_hash", "headline", "teaser")


def _said(headline: str, teaser: str, body: str) -> str:
    from .services import content_hash  # the one notion of "the same text"

    return content_hash(
        ArticleDraft(guid="", headline=headline, format="", teaser=teaser, body=body)
    )


def is_edit(draft: ArticleDraft, stored) -> bool:
    """Whether this feed item, at the stored version or below, carries another text than the
    stored article (``stored``: an Article, or anything with its fields) and is not older."""
    if draft.format not in FEED_FORMATS or stored is None or draft.version > stored.version:
        return False
    if draft.updated and stored.updated and draft.updated < stored.updated:
        return False  # an older state of the item
    if draft.full_text or not stored.full_text:
        return _said(draft.headline, draft.teaser, draft.body) != stored.content_hash
    teaser = stored.teaser if draft.teaser else ""  # a teaser the page gave is not the feed's
    return _said(draft.headline, draft.teaser, "") != _said(stored.headline, teaser, "")


def as_edit(draft: ArticleDraft, stored) -> ArticleDraft:
    """The draft as the stored article's next version when it is an edit, else unchanged."""
    if is_edit(draft, stored):
        return dataclasses.replace(draft, version=stored.version + 1)
    return draft

"""A wire's bare withdrawal (``ArticleDraft.is_bare_withdrawal``: id, version and status, no
text) applied to what is stored under its id: the stored article as a draft, withdrawn."""

from __future__ import annotations

from django.utils import timezone

from meldungen.ingest.draft import ArticleDraft, Picture

from .models import Article


def withdrawn_as_stored(notice: ArticleDraft, stored: Article) -> ArticleDraft:
    """The stored article as a draft (``_apply`` read backwards), withdrawn or cancelled by a
    wire's bare notice (``ArticleDraft.is_bare_withdrawal``): its version, status and time."""
    picture = None
    if stored.picture_url or stored.picture_caption:
        picture = Picture(
            url=stored.picture_url, caption=stored.picture_caption, credit=stored.picture_credit,
            width=stored.picture_width, height=stored.picture_height,
        )  # fmt: skip
    return ArticleDraft(
        guid=stored.guid, headline=stored.headline, format=stored.format,
        version=notice.version, url=stored.url, source=stored.source_name,
        language=stored.language, kicker=stored.kicker, teaser=stored.teaser, picture=picture,
        body=stored.body, byline=stored.byline, dateline=stored.dateline, credit=stored.credit,
        copyright=stored.copyright, licence=stored.licence, published=stored.published,
        updated=notice.updated or timezone.now(), ressort_hints=list(stored.ressort_hints),
        keywords=list(stored.keywords), pubstatus=notice.pubstatus,
        signal="correction" if stored.is_correction else "", embargo=stored.embargo,
        full_text=stored.full_text,
    )  # fmt: skip


# why a bare withdrawal of a guid this owner never stored is refused (nothing to withdraw)
UNKNOWN_WITHDRAWAL = "withdrawal of an item never stored here: nothing to withdraw"

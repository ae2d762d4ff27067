"""A wire's bare withdrawal (``ArticleDraft.is_bare_withdrawal``: id, version and status, no
text) applied to what is stored under its id: the stored article as a draft, withdrawn."""

from __future__ import annotations

from django.db.models import Case, Value, When
from django.utils import timezone

from meldungen.ingest.draft import ArticleDraft, Picture

from .models import Article
from .visibility import HIDDEN_STATUSES


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


def news_first():
    """An order that puts news before the kinds readers never see (``ingest/kind.py``)."""
    return Case(When(kind="news", then=Value(0)), default=Value(1))


def originals_of(content_hash: str):
    """The stored articles an item with this text is a copy of, first first: no copy itself,
    and not withdrawn (a withdrawn report is no original of a text that arrives after it: that
    item is the report readers see); news before service traffic (a news item takes over from
    an original readers do not see for its kind: ``families.takes_over``)."""
    return (
        Article.objects.filter(content_hash=content_hash, duplicate_of__isnull=True)
        .exclude(pubstatus__in=HIDDEN_STATUSES)
        .order_by(news_first(), "published", "id")
    )


def pass_on_copies(withdrawn_ids, article=Article, record=None) -> list[int]:
    """A withdrawal removes what its id contributed, not another sender's copy of the same
    text: the first copy of each withdrawn original that is not withdrawn itself becomes the
    original (listed, in the lists and on the story page), the other copies its copies. The
    copies' ids that became originals (their pages and lists change). ``article`` and
    ``record``: the models (a migration's own)."""
    heirs = [hand_on(pk, article, record) for pk in withdrawn_ids]
    return [heir for heir in heirs if heir is not None]


def hand_on(
    pk: int, article=Article, record=None, content_hash: str | None = None, keep=()
) -> int | None:
    """The copies of article ``pk`` (only those with this ``content_hash`` when given, and not
    those in ``keep``) that are not withdrawn go on without it: the first becomes the original
    (the first news copy, when there is one: a copy is hidden only behind a report readers can
    see), the others its copies, on the articles and on their story-index records. The new
    original's id, None without copies."""
    from .models import StoryArticle

    record = record or StoryArticle
    copies = article.objects.filter(duplicate_of_id=pk).exclude(pubstatus__in=HIDDEN_STATUSES)
    if content_hash is not None:
        copies = copies.filter(content_hash=content_hash)
    if keep:
        copies = copies.exclude(pk__in=list(keep))
    ids = list(copies.order_by(news_first(), "published", "id").values_list("pk", flat=True))
    if not ids:
        return None
    heir, rest = ids[0], ids[1:]
    article.objects.filter(pk=heir).update(duplicate_of=None)
    article.objects.filter(pk__in=rest).update(duplicate_of=heir)
    record.objects.filter(article_id=heir).update(copy_of=None)
    record.objects.filter(article_id__in=rest).update(copy_of=str(heir))
    return heir


def listed_original(copy_of: str | None) -> bool:
    """Whether a near-copy the story index found (``Assignment.copy_of``) is hidden as a copy
    of that article: not when it is withdrawn or no news (the near-copy is another sender's
    report, or a news item with the text of service traffic)."""
    if not copy_of:
        return False
    found = Article.objects.filter(pk=int(copy_of), kind="news")
    return found.exclude(pubstatus__in=HIDDEN_STATUSES).exists()

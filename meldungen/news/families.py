"""Which report of a text readers see. Items with one text (an exact copy: the same content
hash, or a near-copy the story index found) are a family: the original is listed, its copies
are hidden behind it (their pages redirect to it, the story page names them as its sources).

A copy is hidden only behind an original readers can see. An original readers do not see for
its kind (``ingest/kind.py``: a wire's "Vorschau" or "Achtung", a test item, another sender's
service note with the same text) hides no news:
- a news item with the text of such an original takes over as the original of the family
  (``takes_over``): it reuses the original's enrichment and story, and the original and its
  copies become its copies (readers see the news once, in the same story);
- when the kind of a stored article changes (``meldungen enrich`` judging it again, an editor in
  the admin, a wire's next version), ``settle`` mends its family: an original that is no news
  any more hands it on to its first news copy, as a withdrawal does (``withdrawals.hand_on``),
  and a copy that is news now takes over from an original that is not.
A withdrawn original stays as it is (``withdrawals``: its copies were handed on when it was
withdrawn, or go with it when an editor withdrew it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from meldungen.ingest.kind import NEWS

from .models import Article, StoryArticle
from .visibility import HIDDEN_STATUSES


def takes_over(item_kind: str, original_kind: str) -> bool:
    """Whether a new item of ``item_kind`` with the text of an original of ``original_kind``
    takes over as the original: news after an original readers never see for its kind."""
    return item_kind == NEWS and original_kind != NEWS


def copy_original(content_hash: str) -> Article | None:
    """The stored original an item with this text reuses the entities and story of (as its
    exact copy, or taking over from it): not withdrawn, and already in a story."""
    from .withdrawals import originals_of

    original = originals_of(content_hash).first()
    if original is None or original.story_id is None:
        return None
    return original


def took_over(article: Article, old: int) -> None:
    """``take_over`` by an item the single store just wrote: the pages, lists and search
    entries of the articles that became its copies change with them."""
    from .signals import articles_stored

    taken = take_over(article.pk, old)
    article.duplicate_of_id = None
    articles_stored.send(Article, article_ids=taken, state={})


def take_over(heir: int, old: int, article=Article, record=None) -> list[int]:
    """Article ``heir`` becomes the original of ``old``'s family: ``old`` and its copies become
    its copies, on the articles and on their story-index records. The ids that became copies
    of ``heir``. ``article`` and ``record``: the models (a migration's own)."""
    record = record or StoryArticle
    family = article.objects.filter(Q(pk=old) | Q(duplicate_of_id=old)).exclude(pk=heir)
    moved = list(family.values_list("pk", flat=True))
    article.objects.filter(pk=heir).update(duplicate_of=None)
    article.objects.filter(pk__in=moved).update(duplicate_of=heir)
    record.objects.filter(article_id=heir).update(copy_of=None)
    record.objects.filter(article_id__in=moved).update(copy_of=str(heir))
    return moved


def settle(ids: Iterable[int], article=Article, record=None) -> list[int]:
    """Mend the families of these articles after their kind may have changed: a news copy of
    an original readers do not see for its kind takes over; an original that is no news hands
    its family on to its first news copy. Withdrawn articles and originals are left alone. The
    ids of the articles that became originals (their pages and lists change)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    visible = article.objects.exclude(pubstatus__in=HIDDEN_STATUSES)
    wrong = visible.filter(pk__in=ids).filter(
        Q(duplicate_of__isnull=True, duplicates__kind=NEWS) & ~Q(kind=NEWS)
        | Q(kind=NEWS, duplicate_of__isnull=False) & ~Q(duplicate_of__kind=NEWS)
    )
    heirs: list[int] = []
    order = {pk: n for n, pk in enumerate(ids)}
    for pk in sorted(set(wrong.values_list("pk", flat=True)), key=order.__getitem__):
        row = visible.filter(pk=pk).values("kind", "duplicate_of_id").first()  # as mended so far
        if row is None:
            continue
        if row["duplicate_of_id"] is None and row["kind"] != NEWS:  # hands its family on
            copies = visible.filter(duplicate_of_id=pk, kind=NEWS).order_by("published", "id")
            heir, old = copies.values_list("pk", flat=True).first(), pk
        elif row["kind"] == NEWS and row["duplicate_of_id"] is not None:  # takes over
            original = visible.filter(pk=row["duplicate_of_id"]).exclude(kind=NEWS)
            heir, old = (pk if original.exists() else None), row["duplicate_of_id"]
        else:
            continue
        if heir is not None:
            take_over(heir, old, article, record)
            heirs.append(heir)
    return heirs

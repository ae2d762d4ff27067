"""Copies whose text is no longer their original's. An exact copy (another sender's item, or
the same text under another id: same content hash) is hidden as a copy of the first report
of that text. When either is updated with another text (a wire's next version, an edited feed
item), the copy is no longer the same report: it becomes a report of its own in the same story
(listed once with it, shown on the story page as another source). Of several copies of the
original's old text, the first is the original of the others (``withdrawals.hand_on``, as a
withdrawal passes them on); an item of the update's batch that arrives after it is decided
against the new text, as stored one by one (a copy of it stays its copy). Near-copies the
story index found (another hash from the start) stay copies of their original: an update of
a report keeps the bulk of its text."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from .families import settle
from .models import Article, StoryArticle
from .withdrawals import hand_on, pass_on_copies


def release_changed(
    changed: Iterable[tuple[int, str]], later: Mapping[int, Collection[int]] | None = None
) -> list[int]:
    """``changed``: (article id, its content hash before the update) of updated articles, in
    the order of the updates; ``later``: for an updated article, the articles of its batch
    that arrived after its update (decided against its new text, a copy of it stays one). The
    ids of the copies that became reports of their own."""
    later = later or {}
    changed = [(pk, old) for pk, old in changed if old]
    if not changed:
        return []
    rows = Article.objects.filter(pk__in={pk for pk, _ in changed}).only(
        "content_hash", "duplicate_of_id"
    )
    now = {a.pk: a for a in rows}
    originals = dict(
        Article.objects.filter(
            pk__in={a.duplicate_of_id for a in now.values() if a.duplicate_of_id}
        ).values_list("pk", "content_hash")
    )
    released: list[int] = []
    for pk, old in changed:
        article = now.get(pk)
        if article is None or article.content_hash == old:
            continue
        if article.duplicate_of_id is None:  # an original: its copies of the old text go on
            heir = hand_on(pk, content_hash=old, keep=later.get(pk, ()))
            if heir is not None:
                released.append(heir)
            continue
        original_text = originals.get(article.duplicate_of_id)
        if original_text == old and article.content_hash != original_text:  # was an exact copy
            Article.objects.filter(pk=pk).update(duplicate_of=None)
            StoryArticle.objects.filter(article_id=pk).update(copy_of=None)
            article.duplicate_of_id = None
            released.append(pk)
    return released


def arrived_after_update(steps: Iterable[tuple[str, int]]) -> dict[int, set[int]]:
    """``steps``: (action: new, update or unchanged; article id) of a batch's items in order.
    For each article the batch updated, its new articles after the first update: stored one
    by one, they were decided against its new text, so they are not among the copies of its
    old text that the update hands on (``release_changed``'s ``later``)."""
    later: dict[int, set[int]] = {}
    for action, pk in steps:
        if action == "new":
            for ids in later.values():
                ids.add(pk)
        elif action == "update":
            later.setdefault(pk, set())
    return later


def copies_changed(
    withdrawn_ids: list[int],
    texts_before: list[tuple[int, str]],
    later: Mapping[int, Collection[int]] | None = None,
) -> list[int]:
    """After a batch's updates: the copies of its withdrawn originals passed on
    (``withdrawals.pass_on_copies``), the copies whose text is no longer their original's
    released (``texts_before``: each updated article's content hash before; ``later``: as for
    ``release_changed``), and the families of those whose kind changed mended
    (``families.settle``). The ids of the copies that became reports of their own."""
    gone = set(withdrawn_ids)
    reports = pass_on_copies(withdrawn_ids)
    changed = [(pk, text) for pk, text in texts_before if pk not in gone]
    reports += release_changed(changed, later)
    reports += settle(pk for pk, _ in changed)
    return list(dict.fromkeys(reports))


def copies_after_update(article_id: int, text_before: str, withdrawn: bool) -> list[int]:
    """``copies_changed`` for one update of the single store, with the signal a batch sends:
    the copies' pages, lists and search entries change."""
    from .signals import articles_stored

    reports = copies_changed([article_id] if withdrawn else [], [(article_id, text_before)])
    if reports:
        articles_stored.send(Article, article_ids=reports, state={})
    return reports

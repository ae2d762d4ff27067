"""Enriching stored articles again: what `meldungen enrich` (ids, ``--since``, ``--all``) and
the admin's "Neu anreichern" (at once for a small selection, in the worker for a large one:
``tasks.re_enrich_task``) do to each article, in one place, so new editorial choices reach the
archive whichever way an editor asks:
- entities, tags and Ressort (``enrichment.enrich_article``);
- a correction notice told by its headline (``ingest/corrections.py``) that was stored before
  notices were told is marked as one (never unmarked: a wire's signal is not kept on the row);
- its kind judged again by the current service markers (``rejudge.rejudge_kind``; its copies
  follow, ``families.settle``), a kind an editor chose in the admin left alone."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from meldungen.ingest.corrections import is_correction_headline
from meldungen.ingest.kind import NEWS

from .enrichment import enrich_article
from .models import Article
from .rejudge import rejudge_kind


@dataclass
class Again:
    """What enriching an article again changed besides its entities, tags and Ressort."""

    marked: bool = False  # marked as a correction notice
    kind: tuple[str, str] | None = None  # (kind before, kind now) when judged otherwise

    @property
    def hidden(self) -> bool:
        """News before, service traffic (or another kind readers never see) now."""
        return self.kind is not None and self.kind[0] == NEWS

    @property
    def listed(self) -> bool:
        return self.kind is not None and self.kind[1] == NEWS


def enrich_again(article: Article, rules) -> Again:
    """Enrich one stored article again, in one transaction. ``rules``: the editorial rules
    (``enrichment.editorial_rules``, read once for many articles)."""
    with transaction.atomic():
        enrich_article(article, rules)
        marked = mark_notice(article)
        kind = rejudge_kind(article)
    return Again(marked, kind)


def mark_notice(article: Article) -> bool:
    """Mark the article as a correction when its headline says it is one (True). Never
    unmarks: a wire's correction signal is not kept on the row."""
    if article.is_correction or not is_correction_headline(article.headline):
        return False
    Article.objects.filter(pk=article.pk).update(is_correction=True, modified_at=timezone.now())
    article.is_correction = True
    return True

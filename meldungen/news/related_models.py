"""Stored "Weitere Meldungen": each article's ranked related articles, computed in the
background when an article is stored (``web/relatedstore.py``) and read with one query by the
article page. Imported by ``models.py``, so Django registers them with the news app."""

from __future__ import annotations

from django.db import models

from .models import Article


class RelatedList(models.Model):
    """The head of an article's stored list: when it was computed and until when it holds.

    ``version`` is the portal's global content version when it was computed (editors' merges,
    renames, blocks and re-enrichment bump it, and a list of another version is computed
    again); ``valid_until`` is the next embargo to pass at that time (an embargoed article may
    then join the list); ``capacity`` is how many entries were asked for: a list shorter than
    that holds every related article above the model's threshold."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="related_list"
    )
    computed = models.DateTimeField()
    version = models.BigIntegerField(default=0)
    valid_until = models.DateTimeField(null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "gespeicherte Liste „Weitere Meldungen“"


class RelatedEntry(models.Model):
    """One entry of a stored list: the related article, its rank (0 first), P(related), and
    why it is there (the shared entities' names, or the shared theme terms)."""

    owner = models.ForeignKey(RelatedList, on_delete=models.CASCADE, related_name="entries")
    rank = models.PositiveSmallIntegerField()
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_in")
    score = models.FloatField()
    why = models.JSONField(default=list)

    class Meta:
        verbose_name = "Eintrag „Weitere Meldungen“"
        constraints = [
            models.UniqueConstraint(fields=["owner", "rank"], name="unique_related_rank")
        ]  # ``related`` is indexed as a foreign key: which lists show an article

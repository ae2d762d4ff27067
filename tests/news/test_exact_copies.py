"""An exact copy (same text under another guid) reuses its original's entities and story
instead of being enriched and clustered again, with the same outcomes as before."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from storehelp import fernwaerme_wire

from meldungen.ingest.draft import ArticleDraft
from meldungen.news import enrichment, services, stories
from meldungen.news.models import (
    Article,
    ArticleEntity,
    Story,
    StoryArticle,
    StoryBand,
    TermFrequency,
)

pytestmark = [pytest.mark.django_db, pytest.mark.db]

PARAGRAPHS = [
    "Die Stadtwerke Magdeburg erhöhen zum ersten April die Preise für Fernwärme deutlich.",
    "Ein Haushalt zahlt nach Angaben des Versorgers künftig rund 18 Euro mehr im Monat.",
    "Als Grund nennt das Unternehmen gestiegene Kosten für Erdgas und den Ausbau des Netzes.",
    "Der Mieterverein Magdeburg kritisierte die Erhöhung und kündigte eine Prüfung an.",
]


def wire(**kw) -> ArticleDraft:
    return fernwaerme_wire(PARAGRAPHS, **{"keywords": ["Energie"], **kw})


def copy_draft(n: int = 2, **kw) -> ArticleDraft:
    return wire(
        guid=f"urn:test:fernwaerme-kopie-{n}",
        source="Beispiel-Portal",
        published=datetime(2025, 3, 3, 9, 30 + n, tzinfo=UTC),
        **kw,
    )


def refuse(*args, **kwargs):
    raise AssertionError("an exact copy must not be enriched or clustered again")


def test_an_exact_copy_reuses_the_originals_entities_and_story(monkeypatch):
    first = services.store_draft(wire())  # the original is enriched as usual
    original = Article.objects.get(pk=first.article_id)
    assert original.story_id and ArticleEntity.objects.filter(article=original).exists()
    n_before = Story.objects.get(id=original.story_id).n_articles

    monkeypatch.setattr(enrichment, "enrich", refuse)  # the NER and the whole pipeline
    monkeypatch.setattr(services, "compute_enrichment", refuse)
    monkeypatch.setattr(services, "assign_story", refuse)
    result = services.store_draft(copy_draft())

    assert result.outcome == "duplicate" and result.reason == f"copy of #{original.pk}"
    copy = Article.objects.get(pk=result.article_id)
    assert copy.duplicate_of_id == original.pk
    assert copy.story_id == original.story_id
    assert copy.ressort == original.ressort
    links = set(ArticleEntity.objects.filter(article=copy).values_list("entity_id", "is_tag"))
    assert links == set(
        ArticleEntity.objects.filter(article=original).values_list("entity_id", "is_tag")
    )
    record = StoryArticle.objects.get(article=copy)
    assert record.copy_of == str(original.pk) and record.story_id == original.story_id
    assert StoryBand.objects.filter(article=copy).count() == (
        StoryBand.objects.filter(article=original).count()
    )
    assert Story.objects.get(id=original.story_id).n_articles == n_before + 1
    assert TermFrequency.objects.get(term="").df == 2  # counted as full assignment does
    # re-ingest changes nothing
    assert services.store_draft(copy_draft()).outcome == "unchanged"
    assert Article.objects.count() == 2


def test_a_later_copy_still_finds_the_family_through_the_story_index():
    first = services.store_draft(wire())
    services.store_draft(copy_draft(2))
    # a near copy (one sentence dropped) is clustered the full way and finds the original
    near = services.store_draft(
        wire(
            guid="urn:test:fernwaerme-gekuerzt",
            source="Anderes Portal",
            headline="Fernwärme wird teurer",
            body="".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3]),
            published=datetime(2025, 3, 3, 11, 0, tzinfo=UTC),
        )
    )
    assert near.outcome == "duplicate"
    stored = Article.objects.get(pk=near.article_id)
    assert stored.duplicate_of_id == first.article_id
    assert stored.story_id == Article.objects.get(pk=first.article_id).story_id


def test_copy_shows_on_the_story_page_and_in_the_api(client):
    first = services.store_draft(wire())
    copy = services.store_draft(copy_draft())
    original = Article.objects.get(pk=first.article_id)
    page = client.get(f"/story/{original.story_id}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fernwärme in Magdeburg wird teurer" in text and "Beispiel-Portal" in text
    assert "2 Meldungen aus 2 Quellen" in text  # the copy counts, as in the lists' "2 Quellen"
    assert "Übernommen von: Beispiel-Portal (" in text  # the portal that copied the dpa text
    data = client.get(f"/api/articles/{first.article_id}").json()
    assert copy.article_id in [a["id"] for a in data["other_sources"]]
    assert data["entities"]


def test_the_story_page_shows_the_tags_of_its_reports_not_every_name_they_mention(client):
    long_text = [
        *PARAGRAPHS,
        "Am Rande der Sitzung sprach der Bürgermeister auch über ein Konzert in Leipzig, "
        "einen Besuch aus Halle und die Partnerstadt Braunschweig. Zuletzt hatte Anna Müller "
        "von der Verbraucherzentrale Sachsen-Anhalt die Preise kritisiert.",
    ]
    first = services.store_draft(wire(body="".join(f"<p>{p}</p>" for p in long_text)))
    services.store_draft(copy_draft(body="".join(f"<p>{p}</p>" for p in long_text)))
    original = Article.objects.get(pk=first.article_id)
    links = ArticleEntity.objects.filter(article=original).select_related("entity")
    tags = [link.entity.display for link in links.filter(is_tag=True).order_by("rank")]
    others = {link.entity.display for link in links.filter(is_tag=False)} - set(tags)
    assert tags and others  # the text names more than its tag line shows
    html = client.get(f"/story/{original.story_id}/").content.decode()
    line = html.split('<p class="tags">', 1)[1].split("</p>", 1)[0]
    shown = re.findall(r">([^<]+)</a>", line)
    assert shown == tags  # in the tag line's order: both reports carry the same tags
    assert not others & set(shown)


def test_a_withdrawn_original_makes_the_copy_take_the_full_way(monkeypatch):
    first = services.store_draft(wire())
    Article.objects.filter(pk=first.article_id).update(pubstatus="withdrawn")
    calls = []
    real = services.compute_enrichment
    monkeypatch.setattr(
        services, "compute_enrichment", lambda a, *r, **kw: calls.append(a) or real(a, *r, **kw)
    )
    result = services.store_draft(copy_draft())
    # no copy of a withdrawn report: it is the report readers see (test_withdrawn_copies.py)
    assert result.outcome == "new" and calls
    assert Article.objects.get(pk=result.article_id).is_visible()


def test_an_original_that_changes_before_the_write_is_enriched_after_all(monkeypatch):
    first = services.store_draft(wire())
    real_prepare = services._prepare

    def prepare_then_withdraw(*args, **kwargs):
        prepared = real_prepare(*args, **kwargs)
        Article.objects.filter(pk=first.article_id).update(pubstatus="withdrawn")
        return prepared

    monkeypatch.setattr(services, "_prepare", prepare_then_withdraw)
    spy = []
    real_copy = stories.assign_copy
    monkeypatch.setattr(services, "assign_copy", lambda *a: spy.append(a) or real_copy(*a))
    result = services.store_draft(copy_draft())
    assert result.outcome == "new"  # the withdrawn original is no original of it
    assert not spy  # the copy path was abandoned whole, nothing half-written
    copy = Article.objects.get(pk=result.article_id)
    assert ArticleEntity.objects.filter(article=copy).exists()
    assert Article.objects.count() == 2

"""An editor's merge of one topic into another holds: a later item carrying the merged-away
name (as a wire keyword, or as a name the tagger finds in the text) is filed under the topic
it was merged into, whatever the kind of key it comes as; the old topic is not made again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, Entity, Source
from meldungen.news.services import store_draft, store_results
from meldungen.news.topics import merge

pytestmark = [pytest.mark.django_db, pytest.mark.db]

WHEN = datetime(2025, 3, 10, 9, tzinfo=UTC)


def _item(n: int, keywords: list[str], text: str) -> ArticleDraft:
    return ArticleDraft(
        guid=f"urn:test:merge:{n}", headline=f"Meldung {n}: {text[:40]}", format="digitalwires",
        body=f"<p>{text}</p>", keywords=keywords, published=WHEN + timedelta(hours=n),
    )  # fmt: skip


def _topic_of(article_id: int) -> set[str]:
    return {e.slug for e in Article.objects.get(pk=article_id).entities.all()}


@pytest.mark.parametrize("way", ["single", "batch"])
def test_a_merged_keyword_keeps_resolving_to_its_merged_topic(client, way):
    cache.clear()
    source = Source.objects.create(name="Agentur", url="https://agentur.example/w", kind="wire")
    store = (
        (lambda d: store_draft(d, source))
        if way == "single"
        else (lambda d: store_results([d], "w", source)[0])
    )
    text = "Die Bundesregierung berät über neue Regeln für den Klimaschutz in Deutschland."
    first = store(_item(1, ["Ampel-Koalition"], text))
    second = store(_item(2, [], text.replace("berät", "streitet")))
    old = Entity.objects.get(slug="ampel-koalition")
    target = Entity.objects.get(slug="bundesregierung")
    merge(target, [old])
    assert "ampel-koalition" not in _topic_of(first.article_id)
    for n, keywords, body in [
        (3, ["Ampel-Koalition"], "Der Bundestag stimmt am Freitag über das Gesetz ab."),
        (5, [], "Die Ampel-Koalition will schneller werden. Die Ampel-Koalition streitet."),
    ]:
        later = store(_item(n, keywords, body))
        assert later.outcome == "new", later
        slugs = _topic_of(later.article_id)
        assert not any(s.startswith("ampel") for s in slugs), (n, slugs)
        if keywords:
            assert "bundesregierung" in slugs, (n, slugs)
    unmerged = Entity.objects.filter(merged_into__isnull=True, name__iexact="Ampel-Koalition")
    assert not unmerged.exists(), list(unmerged.values("key", "slug"))
    assert client.get("/thema/ampel-koalition/").status_code == 301
    page = client.get("/thema/bundesregierung/")
    assert page.status_code == 200
    assert f"/artikel/{later.article_id}/" in page.content.decode() or not keywords
    assert second.outcome == "new"

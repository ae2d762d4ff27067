"""Topics: German slugs from one slug function, one entity one topic, old slugs redirect."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.enrichment import entity_for
from meldungen.news.models import Article, ArticleEntity, Entity, TopicSlug
from meldungen.news.services import store_draft
from meldungen.text import slug
from meldungen.web.ressorts import ressort_slug

migration = importlib.import_module("meldungen.news.migrations.0006_topic_slugs")


def test_slug_transliterates_german_and_other_scripts():
    assert slug("Großbritannien") == "grossbritannien"
    assert slug("Österreich") == "oesterreich"
    assert slug("Gerhard Schröder") == "gerhard-schroeder"
    assert slug("Hugo Chávez") == "hugo-chavez"
    assert slug("Москва") == "moskva"
    assert slug("  !! ") == ""
    assert ressort_slug("Außenpolitik") == "aussenpolitik"  # Ressorts use the same function


@pytest.mark.django_db
@pytest.mark.db
def test_keyword_and_ner_entity_of_one_name_are_one_topic():
    keyword = entity_for("tag:eu", "EU", "EU", "KW")
    ner = entity_for("org:eu", "EU", "EU", "ORG")
    place = entity_for("loc:usa", "USA", "USA", "LOC")
    org = entity_for("org:usa", "USA", "USA", "ORG")
    assert ner == keyword and org == place
    assert Entity.objects.get(key="org:eu").merged_into == keyword
    assert keyword.slug == "eu" and place.slug == "usa"


@pytest.mark.django_db
@pytest.mark.db
def test_two_people_with_one_surname_get_their_full_names_as_slugs():
    first = entity_for("per:bill-clinton", "Bill Clinton", "Clinton", "PER")
    second = entity_for("per:hillary-clinton", "Hillary Clinton", "Clinton", "PER")
    umlaut = entity_for("per:gerhard-schroeder", "Gerhard Schröder", "Schröder", "PER")
    assert (first.slug, second.slug, umlaut.slug) == ("clinton", "hillary-clinton", "schroeder")


def _article(n: int, headline: str) -> Article:
    draft = ArticleDraft(
        guid=f"urn:test:topic:{n}",
        headline=headline,
        format="rss",
        teaser="Die USA und die EU verhandeln.",
        body="<p>Die USA und die EU verhandeln in Brüssel über Zölle.</p>",
        published=datetime(2025, 5, 5, 10, n, tzinfo=UTC),
    )
    return Article.objects.get(pk=store_draft(draft).article_id)


@pytest.mark.django_db
@pytest.mark.db
def test_migration_merges_same_name_topics_and_keeps_old_slugs(client):
    a, b = _article(1, "Zollstreit"), _article(2, "Zollstreit geht weiter")
    ArticleEntity.objects.all().delete()
    Entity.objects.all().delete()
    # Rows as the old code stored them: umlauts dropped, one name under two keys.
    old_uk = Entity.objects.create(
        key="loc:grossbritannien",
        name="Großbritannien",
        display="Großbritannien",
        type="LOC",
        slug="grobritannien",
        article_count=1,
    )
    usa = Entity.objects.create(
        key="loc:usa", name="USA", display="USA", type="LOC", slug="usa", article_count=2
    )
    usa2 = Entity.objects.create(
        key="org:usa", name="USA", display="USA", type="ORG", slug="usa-2", article_count=1
    )
    eu = Entity.objects.create(
        key="tag:eu", name="EU", display="EU", type="KW", slug="eu", article_count=2
    )
    for art in (a, b):
        ArticleEntity.objects.create(article=art, entity=usa, is_tag=True, rank=0)
        ArticleEntity.objects.create(article=art, entity=eu, is_tag=True, rank=1)
    ArticleEntity.objects.create(article=a, entity=usa2, is_tag=True, rank=2)
    ArticleEntity.objects.create(article=b, entity=usa2, is_tag=True, rank=2)
    ArticleEntity.objects.create(article=a, entity=old_uk, is_tag=True, rank=3)

    migration.one_topic_per_entity(apps, None)

    old_uk.refresh_from_db()
    usa2.refresh_from_db()
    assert old_uk.slug == "grossbritannien"
    assert TopicSlug.objects.get(slug="grobritannien").entity == old_uk
    assert usa2.merged_into == usa and not ArticleEntity.objects.filter(entity=usa2).exists()
    response = client.get("/thema/grobritannien/")
    assert response.status_code == 301 and response["Location"] == "/thema/grossbritannien/"
    response = client.get("/thema/usa-2/")
    assert response.status_code == 301 and response["Location"] == "/thema/usa/"
    html = client.get("/thema/eu/").content.decode()
    together = html[html.index("seen-with") :]
    assert together.count('href="/thema/usa/"') == 1  # "USA" listed once
    assert client.get("/thema/grobritannien-nie/").status_code == 404
    for feed in ("rss.xml", "atom.xml"):  # the old topic's feed keeps its subscribers
        response = client.get(f"/thema/grobritannien/{feed}")
        assert response.status_code == 200 and b"/thema/grossbritannien/" in response.content

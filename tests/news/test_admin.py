"""The editors' desk: admin pages answer, actions work, ingest health shows errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, Entity, FetchLog, Rejection, Source
from meldungen.news.services import store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.fixture
def stored():
    return store_draft(
        ArticleDraft(
            guid="urn:test:admin",
            headline="Merkel besucht Paris",
            format="digitalwires",
            body="<p>Angela Merkel ist in Paris mit Emmanuel Macron zusammengetroffen.</p>",
            published=datetime(2025, 5, 5, 10, 0, tzinfo=UTC),
        )
    )


def test_admin_pages_answer(admin_client, stored):
    source = Source.objects.create(
        name="Kaputte Quelle", url="https://x.test/feed", last_error="HTTP 500"
    )
    FetchLog.objects.create(source=source, status=500, error="HTTP 500")
    Rejection.objects.create(source=source, origin=source.url, reason="truncated XML at line 3")
    for url in [
        "/admin/",
        "/admin/news/article/",
        f"/admin/news/article/{stored.article_id}/change/",
        "/admin/news/entity/",
        "/admin/news/source/",
        "/admin/news/rejection/",
        "/admin/news/entitysplit/",
    ]:
        assert admin_client.get(url).status_code == 200, url
    health = admin_client.get("/admin/ingest/").content.decode()
    assert "Kaputte Quelle" in health and "HTTP 500" in health
    assert "truncated XML at line 3" in health


def test_ingest_health_needs_staff(client):
    assert client.get("/admin/ingest/").status_code == 302


def test_withdraw_action_hides_the_article(admin_client, client, stored):
    response = admin_client.post(
        "/admin/news/article/",
        {"action": "withdraw", "_selected_action": [stored.article_id]},
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=stored.article_id).pubstatus == "withdrawn"
    assert client.get(f"/artikel/{stored.article_id}/").status_code == 410


def test_renaming_an_entity_in_the_admin_sticks(admin_client, stored):
    merkel = Entity.objects.get(key__startswith="per:", display="Merkel")
    data = {
        "key": merkel.key,
        "name": merkel.name,
        "display": "Angela Merkel",
        "type": merkel.type,
        "slug": merkel.slug,
        "article_count": merkel.article_count,
    }
    response = admin_client.post(f"/admin/news/entity/{merkel.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    merkel.refresh_from_db()
    assert merkel.renamed and merkel.display == "Angela Merkel"

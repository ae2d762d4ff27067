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


def test_admin_speaks_german_and_links_ingest_health(admin_client, stored):
    index = admin_client.get("/admin/").content.decode()
    assert 'href="/admin/ingest/"' in index
    assert "Quellen" in index and "Meldungen" in index and "Entitäten" in index
    listing = admin_client.get("/admin/news/article/").content.decode()
    assert ">Überschrift<" in listing and ">Veröffentlicht<" in listing


def test_article_body_is_edited_as_plain_paragraphs(admin_client, stored):
    from meldungen.news.admin_forms import ArticleForm, body_as_text
    from meldungen.news.models import Article

    article = Article.objects.get(pk=stored.article_id)
    article.body = (
        '<p>Erster <a href="https://a.example/">Absatz</a>.</p><h2>Zwischen</h2><p>Zwei</p>'
    )
    article.save()
    page = admin_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert "&lt;p&gt;" not in page and "Erster Absatz.\n\nZwischen\n\nZwei" in page
    data = {**ArticleForm(instance=article).initial}
    data = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, list | dict)}
    unchanged = ArticleForm(data=data, instance=article)
    unchanged.is_valid()
    assert unchanged.cleaned_data["body"] == article.body  # links and subhead kept
    data["body"] = "Neuer erster Absatz <script>x()</script>\n\nZweiter & letzter"
    edited = ArticleForm(data=data, instance=article)
    edited.is_valid()
    assert edited.cleaned_data["body"] == (
        "<p>Neuer erster Absatz &lt;script&gt;x()&lt;/script&gt;</p><p>Zweiter &amp; letzter</p>"
    )
    assert body_as_text(edited.cleaned_data["body"]).startswith("Neuer erster Absatz <script>")


def test_bulk_actions_bump_the_content_version_through_the_news_signal(admin_client, stored):
    from meldungen.web.contentversion import current_content_version

    before = current_content_version()[0]
    response = admin_client.post(
        "/admin/news/article/",
        {"action": "mark_correction", "_selected_action": [stored.article_id]},
    )
    assert response.status_code == 302
    assert current_content_version()[0] == before + 1

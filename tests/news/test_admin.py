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


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_re_enrich_a_small_selection_at_once_a_large_one_in_the_background(
    admin_client, stored, monkeypatch
):
    """'Neu anreichern' of thousands of articles held the request for minutes (a proxy ends it
    after one): above INLINE_ENRICHMENTS the worker gets the ids in chunks."""
    from meldungen.news import admin as news_admin
    from meldungen.news.models import ArticleEntity

    ArticleEntity.objects.filter(article_id=stored.article_id).delete()
    data = {"action": "re_enrich", "_selected_action": [stored.article_id]}
    response = admin_client.post("/admin/news/article/", data, follow=True)
    assert "1 Meldungen neu angereichert" in _messages(response)
    assert ArticleEntity.objects.filter(article_id=stored.article_id, is_tag=True).exists()

    ArticleEntity.objects.filter(article_id=stored.article_id).delete()
    chunks = []
    real = news_admin.re_enrich_task

    class Queue:  # the task, its enqueued chunks recorded instead of run
        call = real.call

        def enqueue(self, ids):
            chunks.append(ids)

    monkeypatch.setattr(news_admin, "INLINE_ENRICHMENTS", 0)
    monkeypatch.setattr(news_admin, "re_enrich_task", Queue())
    response = admin_client.post("/admin/news/article/", data, follow=True)
    assert [m for m in _messages(response) if "im Hintergrund neu angereichert" in m]
    assert chunks == [[stored.article_id]]
    assert not ArticleEntity.objects.filter(article_id=stored.article_id).exists()
    real.enqueue(chunks[0])  # the worker's turn (the tests' task backend runs it at once)
    assert ArticleEntity.objects.filter(article_id=stored.article_id, is_tag=True).exists()


def test_poll_now_of_several_sources_goes_to_the_worker(admin_client, monkeypatch):
    """Each poll may take its fetch's deadline: one source is polled at once (its result is
    shown), several are handed to the worker."""
    from meldungen.news import polling

    polled = []
    monkeypatch.setattr(polling, "poll_source", lambda source: polled.append(source.name) or [])
    one = Source.objects.create(name="Eins", url="https://eins.test/feed")
    two = Source.objects.create(name="Zwei", url="https://zwei.test/feed")
    response = admin_client.post(
        "/admin/news/source/", {"action": "poll_now", "_selected_action": [one.pk]}, follow=True
    )
    assert polled == ["Eins"] and "Eins: ok" in _messages(response)
    polled.clear()
    response = admin_client.post(
        "/admin/news/source/",
        {"action": "poll_now", "_selected_action": [one.pk, two.pk]},
        follow=True,
    )
    assert [m for m in _messages(response) if m.startswith("2 Quellen werden im Hintergrund")]
    assert sorted(polled) == ["Eins", "Zwei"]  # the tests' task backend runs them at once

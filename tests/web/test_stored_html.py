"""Sanitized HTML is stored once and served as is: a page view never runs the sanitizer, and
every way a body is written (ingest, the editors' admin) sanitizes it."""

from __future__ import annotations

import pytest

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article
from meldungen.news.services import store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def test_article_page_does_not_sanitize_again(client, make_article, monkeypatch):
    article = make_article("Haushalt beschlossen", body="<p>Der Landtag hat <em>knapp</em> …</p>")
    import nh3

    def refuse(*args, **kwargs):
        raise AssertionError("the sanitizer ran during a page view")

    monkeypatch.setattr(nh3, "clean", refuse)
    response = client.get(f"/artikel/{article.pk}/")
    assert response.status_code == 200
    assert "Der Landtag hat <em>knapp</em>" in response.content.decode()


def test_a_draft_with_unsanitized_body_is_sanitized_when_stored():
    draft = ArticleDraft(
        guid="urn:test:roh",
        headline="Roher Text aus einer fremden Quelle",
        format="ninjs",
        body='<p onclick="x()">Text<script>alert(1)</script><a href="javascript:x">l</a></p>',
    )
    article = Article.objects.get(pk=store_draft(draft).article_id)
    assert "script" not in article.body and "onclick" not in article.body
    assert "javascript" not in article.body
    assert "Text" in article.body


def test_editors_html_is_sanitized_when_saved_in_the_admin(rf, admin_user, make_article):
    from django.contrib.admin.sites import site

    article = make_article("Bericht aus dem Rathaus")
    article.body = '<p>Neu</p><img src=x onerror="alert(1)"><script>alert(2)</script>'
    request = rf.post("/admin/")
    request.user = admin_user
    site._registry[Article].save_model(request, article, form=None, change=True)
    article.refresh_from_db()
    assert article.body == "<p>Neu</p>"

"""HTTP caching: validators on pages and feeds, 304 on revalidation, new validators after a
change, nothing public for the admin, writes or logged-in readers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django.utils.http import http_date

from meldungen.web.caching import CACHE_CONTROL

pytestmark = [pytest.mark.django_db, pytest.mark.db]

WITH_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "meldungen.web.caching.HttpCacheMiddleware",
]


@pytest.mark.parametrize(
    "url",
    ["/rss.xml", "/thema/landtag/atom.xml", "/suche?q=Landtag", "/sitemap.xml", "/robots.txt"],
)
def test_validators_and_304(client, articles, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == CACHE_CONTROL
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_changed_article_changes_the_validators(client, articles):
    etag = client.get("/rss.xml")["ETag"]
    article = articles["teaser"]
    article.headline = "Stadtlauf: Rekord bestätigt"
    article.save()
    response = client.get("/rss.xml", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert b"Rekord best" in response.content


def test_a_new_article_changes_the_validators(client, articles, store):
    first = client.get("/atom.xml")
    store("fresh", "Ganz frische Meldung", teaser="Eben eingetroffen.")
    assert client.get("/atom.xml", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_an_embargo_that_passes_changes_the_validators(client, articles, store, monkeypatch):
    article = store(
        "sperre",
        "Meldung mit Sperrfrist",
        teaser="Noch geheim.",
        embargo=timezone.now() + timedelta(minutes=5),
    )
    before = client.get("/rss.xml")
    assert b"Sperrfrist" not in before.content
    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = client.get("/rss.xml", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and b"Sperrfrist" in after.content
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] == http_date(article.embargo.timestamp())


def test_stale_if_modified_since_is_answered_in_full(client, articles):
    long_ago = http_date((timezone.now() - timedelta(days=3)).timestamp())
    assert client.get("/rss.xml", HTTP_IF_MODIFIED_SINCE=long_ago).status_code == 200


def test_middleware_covers_pages_but_not_admin_writes_or_sessions(client, articles, settings):
    settings.MIDDLEWARE = WITH_MIDDLEWARE
    home = client.get("/")
    assert home.status_code == 200 and home["Cache-Control"] == CACHE_CONTROL
    assert client.get("/", HTTP_IF_NONE_MATCH=home["ETag"]).status_code == 304
    admin = client.get("/admin/login/")
    assert "public" not in admin.get("Cache-Control", "")
    assert client.post("/api/ingest", b"{}", content_type="application/json").status_code == 401
    client.cookies["sessionid"] = "abc"  # a logged-in reader (or editor): nothing public
    personal = client.get("/")
    assert personal.status_code == 200 and personal.get("Cache-Control") != CACHE_CONTROL
    assert client.get("/", HTTP_IF_NONE_MATCH=home["ETag"]).status_code == 200


@override_settings(MIDDLEWARE=WITH_MIDDLEWARE)
def test_error_pages_are_not_marked_public(client, articles):
    response = client.get("/ressort/gibt-es-nicht/rss.xml")
    assert response.status_code == 404
    assert response.get("Cache-Control") != CACHE_CONTROL

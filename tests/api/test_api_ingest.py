"""POST /api/ingest: the same documents as `meldungen ingest`, per-token Bearer auth."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.sites import site

from meldungen.api.models import ApiToken, hash_token
from meldungen.news.models import Article, Rejection

pytestmark = [pytest.mark.django_db, pytest.mark.db]

NINJS = {
    "uri": "urn:push:1",
    "type": "text",
    "language": "de",
    "versioncreated": "2025-06-01T08:00:00Z",
    "headlines": [{"role": "main", "value": "Brücke über den Fluss wird saniert"}],
    "bodies": [
        {
            "role": "main",
            "contenttype": "text/html",
            "value": "<p>Die Arbeiten beginnen im Herbst und dauern zwei Jahre.</p>",
        }
    ],
}

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lokalblatt</title><link>https://lokal.example/</link>
<description>Lokales</description>
<item><title>Neue Buslinie zum Bahnhof</title><link>https://lokal.example/bus</link>
<guid>https://lokal.example/bus</guid><description>Ab Montag im Takt.</description>
<pubDate>Sun, 01 Jun 2025 09:00:00 +0000</pubDate></item>
<item><title></title><guid>leer</guid></item>
</channel></rss>"""


def push(client, body: bytes, token: str | None, content_type="application/json", **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    url = "/api/ingest" + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
    return client.post(url, body, content_type=content_type, **headers)


def test_needs_a_valid_active_token(client, token):
    assert push(client, json.dumps(NINJS).encode(), None).status_code == 401
    assert push(client, json.dumps(NINJS).encode(), "mld_falsch").status_code == 401
    record = ApiToken.objects.get()
    assert record.token_hash == hash_token(token) and token not in record.token_hash
    record.active = False
    record.save()
    assert push(client, json.dumps(NINJS).encode(), token).status_code == 401
    assert Article.objects.count() == 0


def test_ninjs_push_is_stored_and_idempotent(client, token):
    response = push(client, json.dumps(NINJS).encode(), token)
    assert response.status_code == 200
    body = response.json()
    assert body["totals"]["new"] == 1
    assert body["results"][0]["outcome"] == "new"
    assert body["results"][0]["label"] == "Brücke über den Fluss wird saniert"
    assert body["origin"] == "api:Testagentur"
    article = Article.objects.get(pk=body["results"][0]["article_id"])
    assert article.guid == "urn:push:1"
    again = push(client, json.dumps(NINJS).encode(), token).json()
    assert again["totals"]["unchanged"] == 1
    assert ApiToken.objects.get().last_used is not None


def test_feed_push_reports_each_item_and_rejections(client, token, db):
    from meldungen.news.models import Source

    source = Source.objects.create(
        name="Lokalblatt", url="https://lokal.example/rss", ressort="Panorama"
    )
    response = push(
        client,
        RSS,
        token,
        content_type="application/rss+xml",
        source=source.pk,
        origin="lokal-push",
    )
    body = response.json()
    assert response.status_code == 200, body
    outcomes = [r["outcome"] for r in body["results"]]
    assert outcomes.count("new") == 1 and outcomes.count("rejected") == 1
    assert body["totals"]["new"] == 1 and body["totals"]["rejected"] == 1
    assert Article.objects.get().source == source
    assert Rejection.objects.get().origin == "lokal-push"


def test_garbage_is_a_rejection_not_an_error(client, token):
    for data in (b"", b"\x00\x01\x02binary", b"{not json", b"plain words", b"<xml"):
        response = push(client, data, token, content_type="application/octet-stream")
        assert response.status_code == 200, data
        assert response.json()["totals"]["rejected"] == 1, data
    assert push(client, b"{}", token, source=999999).status_code == 400


def test_tokens_are_managed_in_the_admin(admin_client):
    assert ApiToken in site._registry
    response = admin_client.post(
        "/admin/api/apitoken/add/", {"name": "Agentur", "active": "on"}, follow=True
    )
    assert response.status_code == 200
    record = ApiToken.objects.get(name="Agentur")
    shown = [str(m) for m in response.context["messages"]]
    token = shown[0].split("Token für Agentur: ")[1].split(" ")[0]
    assert hash_token(token) == record.token_hash
    assert ApiToken.authenticate(token) == record

"""POST /api/ingest under the one document limit: JSON errors, and nothing is read from an
unauthenticated or over-long body."""

from __future__ import annotations

import json

import pytest
from django.core.handlers.wsgi import WSGIRequest

from meldungen.ingest import limits
from meldungen.news.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.db]

ITEM = {
    "uri": "urn:test:api-gross",
    "type": "text",
    "headlines": [{"role": "main", "value": "Brückensanierung beginnt"}],
    "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Im Herbst.</p>"}],
}


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Every read of a request body, recorded."""
    seen: list[str] = []
    read, body = WSGIRequest.read, WSGIRequest.body

    def spy_read(self, *args):
        seen.append("read")
        return read(self, *args)

    monkeypatch.setattr(WSGIRequest, "read", spy_read)
    monkeypatch.setattr(
        WSGIRequest, "body", property(lambda self: seen.append("body") or body.fget(self))
    )
    return seen


def post(client, data: bytes, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/api/ingest", data, content_type="application/json", **headers)


def test_unauthenticated_body_is_refused_before_it_is_read(client, reads):
    response = post(client, b"x" * 50_000, None)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert reads == []


def test_over_the_limit_is_a_json_413_before_reading(client, token, reads, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCUMENT_BYTES", 1000)
    response = post(client, json.dumps({**ITEM, "pad": "x" * 5000}).encode(), token)
    assert response.status_code == 413
    assert response.json()["detail"].startswith("document too large:")
    assert reads == []
    assert not Article.objects.exists()


def test_bodies_above_djangos_form_limit_but_within_ours_are_stored(client, token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # Django's form limit plays no part here
    item = {**ITEM, "bodies": [{**ITEM["bodies"][0], "value": "<p>Im Herbst.</p>" * 500}]}
    response = post(client, json.dumps(item).encode(), token)
    assert response.status_code == 200, response.content
    assert response.json()["totals"]["new"] == 1

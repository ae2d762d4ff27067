"""HTTP around the API: HEAD on a read endpoint answers like GET without a body (it answered
405), and an unknown path or a missing method answers a JSON error (they were HTML pages)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.mark.parametrize("url", ["/api/articles", "/api/tags", "/api/sources", "/api/stories"])
def test_head_answers_like_get_without_a_body(client, data, url):
    got = client.get(url)
    head = client.head(url)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Length"] == str(len(got.content))
    assert head["ETag"] == got["ETag"]


def test_head_of_one_article_and_of_a_missing_one(client, data):
    article = data["articles"]["p1"]
    head = client.head(f"/api/articles/{article.pk}")
    assert head.status_code == 200 and head.content == b""
    missing = client.head("/api/articles/999999")
    assert missing.status_code == 404 and missing.content == b""


def test_conditional_head_answers_304(client, data):
    etag = client.get("/api/articles")["ETag"]
    assert client.head("/api/articles", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("url", ["/api/nichts", "/api/", "/api/articles/", "/api/tags/a/b"])
def test_unknown_api_path_answers_json_404(client, data, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not Found"}


def test_missing_method_answers_json_405_with_allow(client, data):
    response = client.delete(f"/api/articles/{data['articles']['p1'].pk}")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Method not allowed"}
    assert {m.strip() for m in response["Allow"].split(",")} == {"GET", "HEAD"}
    posted = client.post("/api/articles", {})
    assert posted.status_code == 405 and posted.json()["detail"] == "Method not allowed"


def test_pages_outside_the_api_keep_their_html_404(client, data):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

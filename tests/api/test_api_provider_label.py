"""An item pushed through the API that names neither its source nor an agency shows the
token's provider where lists and the article page name the source; its own credit or source
still comes first."""

from __future__ import annotations

import json

from meldungen.news.models import Article


def push(client, token: str, uri: str, **fields) -> Article:
    item = {
        "uri": uri, "type": "text", "version": "1", "versioncreated": "2025-06-03T08:00:00Z",
        "language": "de", "headline": f"Stadtrat beschließt neuen Radweg {uri[-1]}",
        "body_html": f"<p>Der Stadtrat hat am Dienstag den Radweg Nummer {uri[-1]} beschlossen. "
        f"Er führt durch das Viertel {uri[-1]}.</p>",
        **fields,
    }  # fmt: skip
    response = client.post(
        "/api/ingest", json.dumps(item).encode(), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["results"][0]["outcome"] == "new", response.content
    return Article.objects.get(guid=uri)


def test_an_item_without_source_or_credit_names_the_tokens_provider(client, token):
    article = push(client, token, "urn:test:provider-1")
    assert article.source_id is None and article.source_name == "Testagentur"
    page = client.get(f"/artikel/{article.pk}/").content.decode()
    assert "@ Testagentur" in page and "Quelle: Testagentur" in page
    home = client.get("/").content.decode()
    block = home[home.index("Stadtrat beschließt neuen Radweg 1") :][:600]
    assert "Testagentur" in block  # the list's line under the headline


def test_an_items_own_credit_or_source_comes_first(client, token):
    credited = push(client, token, "urn:test:provider-2", copyrightholder="dpa")
    named = push(client, token, "urn:test:provider-3", copyrightholder="Lokalblatt")
    assert credited.credit == "dpa"
    assert "Testagentur" not in (credited.source_name, named.source_name)
    assert "@ dpa.de" in client.get(f"/artikel/{credited.pk}/").content.decode()
    assert "@ Lokalblatt" in client.get(f"/artikel/{named.pk}/").content.decode()

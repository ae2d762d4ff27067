"""A body that opens with the item's teaser again (ninjs' description_text, a feed's
description) shows it once: the page prints the teaser above the body."""

from __future__ import annotations

import json

from meldungen.ingest.detect import parse
from meldungen.news.models import Article

LEAD = "Der Landtag hat am Dienstag den Haushalt für das kommende Jahr beschlossen."
REST = "Die Opposition stimmte dagegen. Der Finanzminister sprach von einem soliden Plan."


def ninjs(uri: str, body: str) -> dict:
    return {
        "uri": uri, "type": "text", "version": "1", "versioncreated": "2025-06-03T08:00:00Z",
        "language": "de", "headline": "Landtag beschließt Haushalt", "description_text": LEAD,
        "body_html": body,
    }  # fmt: skip


def test_a_ninjs_body_that_repeats_its_teaser_shows_it_once(client, token):
    item = ninjs("urn:test:lead-1", f"<p>{LEAD}</p><p>{REST}</p>")
    response = client.post(
        "/api/ingest", json.dumps(item).encode(), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    article = Article.objects.get(guid="urn:test:lead-1")
    assert article.teaser == LEAD and article.body == f"<p>{REST}</p>"
    page = client.get(f"/artikel/{article.pk}/").content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count("Haushalt für das kommende Jahr beschlossen") == 1


def test_a_body_that_is_only_its_teaser_is_kept():
    (draft,) = parse(json.dumps(ninjs("urn:test:lead-2", f"<p>{LEAD}</p>")).encode())
    assert draft.body == f"<p>{LEAD}</p>"


def test_feed_content_that_opens_with_the_description_loses_the_repeat():
    rss = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Lokalblatt</title><link>https://lokal.example/</link><description>x</description>
<item><title>Landtag beschließt Haushalt</title><link>https://lokal.example/h</link>
<guid>https://lokal.example/h</guid><description>{LEAD}</description>
<content:encoded><![CDATA[<p>{LEAD}</p><p>{REST}</p>]]></content:encoded>
<pubDate>Tue, 03 Jun 2025 08:00:00 +0000</pubDate></item>
<item><title>Nur ein Anriss</title><link>https://lokal.example/a</link>
<guid>https://lokal.example/a</guid><description>{LEAD}</description></item>
</channel></rss>""".encode()
    full, teaser_only = parse(rss)
    assert full.teaser == LEAD and full.body == f"<p>{REST}</p>"
    assert teaser_only.body == f"<p>{LEAD}</p>"  # a teaser-only item keeps it as its body

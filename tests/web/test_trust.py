"""Readers' trust: original link, source and licence under each article, Impressum and
Datenschutz pages, no admin link and no raw fetch errors for the public."""

from __future__ import annotations

import pytest

from meldungen.ingest.detect import parse
from meldungen.news.models import Source
from meldungen.web.licences import Licence, http_url, licence_info
from tests.storehelp import put

pytestmark = pytest.mark.db

CC_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule">
<channel><title>Freies Lokalblatt</title><link>https://lokal.example.org/</link>
<creativeCommons:license>https://creativecommons.org/licenses/by/4.0/</creativeCommons:license>
<item><title>Brunnen am Markt saniert</title><link>https://lokal.example.org/brunnen</link>
<guid>https://lokal.example.org/brunnen</guid><author>Anna Beispiel</author>
<description>Der Brunnen sprudelt wieder, nach zwei Jahren Bauzeit.</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;Der Brunnen
sprudelt wieder. Die Stadt hat ihn zwei Jahre lang saniert.&lt;/p&gt;</content:encoded>
</item></channel></rss>"""


def test_licences_are_named_and_linked():
    assert licence_info("https://creativecommons.org/licenses/by-sa/4.0/deed.de") == Licence(
        "CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/deed.de"
    )
    assert licence_info("CC BY 4.0").url == "https://creativecommons.org/licenses/by/4.0/"
    assert licence_info("CC0 1.0").url == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert licence_info("Nur zur Veröffentlichung mit Quellenangabe") == Licence(
        "Nur zur Veröffentlichung mit Quellenangabe"
    )
    assert licence_info("") is None
    assert licence_info("javascript:alert(1)") == Licence("javascript:alert(1)")  # no link
    assert http_url(" JavaScript:alert(1)") == "" and http_url("https://a.example/x")


def test_cc_by_feed_item_gets_its_attribution(client, db):
    source = Source.objects.create(name="Freies Lokalblatt", url="https://lokal.example.org/rss")
    drafts = [d for d in parse(CC_FEED, url="https://lokal.example.org/rss") if d.guid]
    assert drafts[0].licence == "https://creativecommons.org/licenses/by/4.0/"
    from meldungen.news.services import store_draft

    article_id = store_draft(drafts[0], source).article_id
    html = client.get(f"/artikel/{article_id}/").content.decode()
    assert f'Quelle: <a href="/quelle/{source.pk}/">Freies Lokalblatt</a>, Anna Beispiel' in html
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license noopener">'
        "CC BY 4.0</a>" in html
    )
    assert (
        '<a class="original" href="https://lokal.example.org/brunnen" rel="noopener">'
        "Zum Original bei Freies Lokalblatt</a>" in html
    )


def test_source_licence_set_by_editors_applies_when_items_name_none(client, db):
    source = Source.objects.create(
        name="Stadtfunk", url="https://funk.example.org/rss", licence="CC BY-SA 4.0"
    )
    item = put("lic-1", "Neue Buslinie", source, body="<p>Ab Montag.</p>", url="vbscript:x")
    html = client.get(item.get_absolute_url()).content.decode()
    assert 'Lizenz: <a href="https://creativecommons.org/licenses/by-sa/4.0/"' in html
    assert "Zum Original" not in html and "vbscript:" not in html.split("<body")[1]


@pytest.mark.parametrize("kind", ["ninjs", "newsml"])
def test_wire_usage_terms_become_the_licence(kind):
    if kind == "ninjs":
        data = (
            b'{"uri": "urn:x:1", "headline": "Test", "body_text": "Ein Satz.",'
            b' "rightsinfo": {"copyrightnotice": "(c) Agentur", "usageterms": "CC BY 4.0"}}'
        )
    else:
        data = b"""<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:2"
          version="1" standard="NewsML-G2" standardversion="2.29">
          <rightsInfo><copyrightNotice>(c) Agentur</copyrightNotice>
          <usageTerms>CC BY 4.0</usageTerms></rightsInfo>
          <itemMeta><itemClass qcode="ninat:text"/>
          <versionCreated>2025-03-01T10:00:00Z</versionCreated></itemMeta>
          <contentMeta><headline>Test</headline></contentMeta>
          <contentSet><inlineXML contenttype="application/xhtml+xml">
          <html xmlns="http://www.w3.org/1999/xhtml"><body><p>Ein Satz.</p></body></html>
          </inlineXML></contentSet></newsItem>"""
    draft = parse(data)[0]
    assert (draft.licence, draft.copyright) == ("CC BY 4.0", "(c) Agentur")


def test_legal_pages_show_the_operators_text_or_say_what_to_set(client, db, settings, tmp_path):
    for url, variable in (
        ("/impressum/", "MELDUNGEN_IMPRESSUM"),
        ("/datenschutz/", "MELDUNGEN_DATENSCHUTZ"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert variable in response.content.decode()
    html_file = tmp_path / "datenschutz.html"
    html_file.write_text("<h2>Server-Logs</h2><p>Wir speichern nichts.</p><script>x()</script>")
    settings.MELDUNGEN = {
        **settings.MELDUNGEN,
        "IMPRESSUM": "Muster GmbH\nHafenstraße 1\n\nVerantwortlich: <Erika>",
        "DATENSCHUTZ": str(html_file),
    }
    html = client.get("/impressum/").content.decode()
    assert "<p>Muster GmbH<br>Hafenstraße 1</p>" in html and "&lt;Erika&gt;" in html
    html = client.get("/datenschutz/").content.decode()
    assert "<h2>Server-Logs</h2>" in html and "Wir speichern nichts." in html
    assert "x()" not in html
    settings.MELDUNGEN = {**settings.MELDUNGEN, "DATENSCHUTZ": "/nicht/da.txt"}
    response = client.get("/datenschutz/")
    assert response.status_code == 200 and "/nicht/da.txt" in response.content.decode()


def test_footer_links_legal_pages_not_the_admin(client, db):
    html = client.get("/").content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    assert 'href="/impressum/"' in footer and 'href="/datenschutz/"' in footer
    assert "/admin/" not in html and "Redaktion</a>" not in html

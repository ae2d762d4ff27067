"""Every page for every way news comes in: fill a portal through files of each format, feeds
(with and without full text, article pages on a loopback server), POST /api/ingest and items
missing source, picture, teaser, body, date or Ressort, withdrawn and corrected items; then
crawl every internal link from home plus every Ressort, topic, story, source, search (50+
common words, each sort and filter), feed, sitemap and API list. No answer may be a 5xx."""

from __future__ import annotations

import json
import re
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.test import Client
from loopback import loopback_server

from meldungen.api.models import ApiToken
from meldungen.news.models import Article, Entity, Source
from meldungen.news.polling import poll_source
from meldungen.news.services import ingest_bytes

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.db]

DATA = Path(__file__).resolve().parents[1] / "ingest" / "data"  # the format tests' fixtures

COMMON = (  # 50 common German words of news queries
    "Putin Trump Regierung Berlin Wahl Krieg Gericht Polizei Europa Bundestag Partei Minister "
    "USA China Kanzler Klima Streik Schule Bahn Preise Ukraine Russland Israel Gaza Iran Merz "
    "Scholz Wirtschaft Energie Haushalt Steuer Rente Migration Flüchtlinge Sport Fußball "
    "Bundesliga Wetter Unwetter Hochwasser Gesundheit Krankenhaus Corona Inflation Zinsen "
    "Börse Arbeit Atom Stadt Frieden"
)
WORDS = [
    *COMMON.split(),
    *["Atom*", "Wind*", '"Gespräche in Genf"', "Putin-Trump", "Bahn -Streik", "Merz ODER Scholz"],
]

# Items written for this test: each leaves out something an item may lack.
DW_ITEMS = [
    {
        "urn": "urn:crawl:ohne-alles",
        "version": 1,
        "pubstatus": "usable",
        "headline": "Meldung ohne Teaser, Text, Datum und Ressort",
    },
    {
        "urn": "urn:crawl:nur-teaser",
        "version": 1,
        "pubstatus": "usable",
        "version_created": "2025-06-02T07:00:00+02:00",
        "headline": "Kurze Meldung zum Klima",
        "teaser": "Die Regierung plant ein neues Klimaschutzgesetz.",
    },
    {
        "urn": "urn:crawl:korrektur",
        "version": 1,
        "pubstatus": "usable",
        "version_created": "2025-06-02T08:00:00+02:00",
        "headline": "Bahn streicht Züge",
        "article_html": "<p>Wegen eines Streiks fallen in Berlin viele Züge aus.</p>",
        "rubric_names": ["Wirtschaft"],
        "keyword_names": ["Bahn", "Streik"],
    },
    {
        "urn": "urn:crawl:korrektur",
        "version": 2,
        "pubstatus": "usable",
        "version_created": "2025-06-02T09:00:00+02:00",
        "headline": "Bahn streicht weniger Züge",
        "article_html": "<p>Korrigiert: Nur jeder zweite Zug fällt in Berlin aus.</p>",
        "signals": ["correction"],
        "rubric_names": ["Wirtschaft"],
    },
    {
        "urn": "urn:crawl:weg",
        "version": 1,
        "pubstatus": "usable",
        "version_created": "2025-06-02T10:00:00+02:00",
        "headline": "Zurückgezogene Meldung",
        "article_html": "<p>Diese Meldung wird zurückgezogen.</p>",
    },
    {
        "urn": "urn:crawl:weg",
        "version": 2,
        "pubstatus": "withdrawn",
        "version_created": "2025-06-02T11:00:00+02:00",
        "headline": "Zurückgezogene Meldung",
    },
]

NINJS_PUSH = {
    "uri": "urn:crawl:push",
    "type": "text",
    "language": "de",
    "versioncreated": "2025-06-03T08:00:00Z",
    "headlines": [{"role": "main", "value": "Bundestag berät über den Haushalt"}],
    "bodies": [
        {
            "role": "main",
            "contenttype": "text/html",
            "value": "<p>Der Kanzler verteidigt die Pläne der Regierung in Berlin.</p>",
        }
    ],
}

PAGE = """<!doctype html><html lang="de"><head><title>{title}</title>
<meta property="og:title" content="{title}"></head><body><article><h1>{title}</h1>
<p>Im Stadtrat wurde am Abend lange über die neue Brücke gestritten. Die Opposition
verlangte eine Bürgerbefragung, die Verwaltung verwies auf die Kosten.</p>
<p>Am Ende stimmte eine knappe Mehrheit für den Bau. Die Arbeiten sollen im Herbst beginnen
und zwei Jahre dauern, der Verkehr wird in dieser Zeit umgeleitet.</p></article></body></html>"""


def _rss(base: str) -> str:
    items = "".join(
        f"<item><title>Stadtrat {n}: Streit um die Brücke</title><link>{base}/artikel/{n}</link>"
        f"<guid>{base}/artikel/{n}</guid><description>Kurz: Streit um Brücke {n}.</description>"
        f"<pubDate>Mon, 0{n} Jun 2025 0{n}:00:00 +0000</pubDate></item>"
        for n in (1, 2)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Lokal</title>'
        f"<link>{base}/</link><description>x</description>{items}"
        "<item><title>Ohne Link und Datum</title><guid>ohne-link</guid></item></channel></rss>"
    )


def _atom(base: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Blog</title><id>{base}/atom</id><updated>2025-06-04T10:00:00Z</updated>"
        f"<entry><title>Volltext im Feed: Windpark wächst</title><id>{base}/w</id>"
        f'<link href="{base}/w"/><updated>2025-06-04T10:00:00Z</updated>'
        '<content type="html">&lt;p&gt;Vor Rügen drehen sich neue Windräder. Die Energie '
        "reicht für eine Stadt.&lt;/p&gt;</content></entry></feed>"
    )


class Site(BaseHTTPRequestHandler):
    def do_GET(self):
        base = f"http://{self.headers['Host']}"
        if self.path == "/rss":
            body, kind = _rss(base), "application/rss+xml"
        elif self.path == "/atom":
            body, kind = _atom(base), "application/atom+xml"
        elif self.path.startswith(("/artikel/", "/seite")):
            body, kind = PAGE.format(title="Stadtrat beschließt Brücke"), "text/html"
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def fill_portal(client: Client, settings) -> None:
    for path in sorted(DATA.iterdir()):  # every format the portal reads, through no source
        ingest_bytes(path.read_bytes(), str(path))
    ingest_bytes(json.dumps(DW_ITEMS[:3] + DW_ITEMS[4:5]).encode(), "crawl-1.json")
    ingest_bytes(json.dumps([DW_ITEMS[3], DW_ITEMS[5]]).encode(), "crawl-2.json")
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_TIMEOUT": 5}
    with loopback_server(Site) as base:
        for url, kind, full in (
            (f"{base}/rss", Source.Kind.FEED, True),  # teaser-only feed, pages fetched
            (f"{base}/atom", Source.Kind.FEED, False),  # full text in the feed
            (f"{base}/seite", Source.Kind.PAGE, False),  # a single article page
        ):
            source = Source.objects.create(
                name=f"Quelle {kind} {full}",
                url=url,
                kind=kind,
                full_text=full,
                ressort="Lokales" if full else "",
            )
            poll_source(source)
    _, token = ApiToken.issue("crawl")
    response = client.post(
        "/api/ingest",
        json.dumps(NINJS_PUSH),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content


def links(url: str, html: str) -> list[str]:
    out = []
    for href in re.findall(r'href="([^"#]+)"', html):
        parts = urlsplit(urljoin("http://testserver" + url, href.replace("&amp;", "&")))
        if parts.netloc == "testserver" and not parts.path.startswith(("/admin", "/bild/")):
            out.append(parts.path + ("?" + parts.query if parts.query else ""))
    return out


def start_pages() -> list[str]:
    pages = [
        "/",
        "/suche",
        "/rss.xml",
        "/atom.xml",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/robots.txt",
        "/api/articles",
        "/api/tags",
        "/api/stories",
        "/api/sources",
        "/api/openapi.json",
        "/gibt-es-nicht/",
    ]
    for e in Entity.objects.filter(merged_into__isnull=True, blocked=False):
        pages += [e.get_absolute_url(), f"{e.get_absolute_url()}rss.xml"]
    for a in Article.objects.all():
        pages += [a.get_absolute_url(), f"/api/articles/{a.pk}"]
        if a.story_id:
            pages += [f"/story/{a.story_id}/", f"/story/{a.story_id}/atom.xml"]
    pages += [s.get_absolute_url() for s in Source.objects.all()]
    filters = [
        {},
        {"sort": "date"},
        {"sort": "datum"},
        {"ressort": "politik"},
        {"von": "2025-01-01", "bis": "2025-12-31"},
        {"quelle": "1"},
        {"seite": "2"},
    ]
    for word in WORDS:
        for extra in filters:
            pages.append("/suche?" + urlencode({"q": word, **extra}))
        pages.append("/suche/rss.xml?" + urlencode({"q": word}))
    return pages


def test_every_page_for_every_ingest_path(client, settings):
    fill_portal(client, settings)
    assert Article.objects.filter(source__isnull=True).exists()
    assert Article.objects.filter(source__isnull=False).exists()
    assert Article.objects.filter(pubstatus="withdrawn").exists()
    assert Article.objects.filter(is_correction=True).exists()
    crawler = Client(raise_request_exception=False)
    queue, seen, errors, statuses = start_pages(), set(), [], {}
    while queue and len(seen) < 3000:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = crawler.get(url)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {url}")
        if "html" in response.get("Content-Type", "") and response.status_code == 200:
            queue += links(url, response.content.decode())
    searches = sum(1 for u in seen if u.startswith("/suche?"))
    print(
        f"\ncrawl: {len(seen)} pages visited ({searches} searches), statuses {statuses}, "
        f"5xx: {len(errors)}"
    )
    assert searches >= 50 * 6 and len(seen) > searches
    assert statuses.get(200, 0) > 100 and statuses.get(410, 0) >= 1  # the withdrawn item
    assert errors == []

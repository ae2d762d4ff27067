"""An article web page as readers see it after ingest: its own text only. The page's kicker and
headline above the text and another article's "Lesen Sie auch" are not part of the body, and
the recommended article's names are no tags."""

from __future__ import annotations

import pytest

from meldungen.news.models import Article
from meldungen.news.services import ingest_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.db]

PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Kanzler reist nach Paris - Beispielblatt</title>
<meta property="og:title" content="Kanzler reist nach Paris"></head>
<body><header><nav><a href="/">Start</a> <a href="/politik">Politik</a></nav></header>
<main><article><p>Merz, Macron</p><h1>Kanzler reist nach Paris</h1>
<p>Bundeskanzler Friedrich Merz ist am Montag nach Paris gereist, um mit Präsident Emmanuel
Macron über die Lage in der Ukraine zu sprechen. Beide suchen eine Linie für den Gipfel.</p>
<p>Macron empfing Merz im Élysée-Palast. Nach dem Gespräch sagte Merz, Deutschland und
Frankreich stünden eng beieinander. Macron betonte die Verteidigung Europas.</p>
<p>Lesen Sie auch: <a href="/artikel/99">Christian Lindner warnt Olaf Scholz vor Schulden</a></p>
<p>Am Abend wollten Merz und Macron mit Vertretern der Wirtschaft essen. Themen seien die
Energiepreise gewesen, hieß es aus Regierungskreisen in Paris.</p>
</article></main><footer>Impressum</footer></body></html>""".encode()


def test_a_page_keeps_its_own_text_and_tags(client):
    [result] = ingest_bytes(PAGE, "test", url="https://blatt.example/politik/kanzler-paris")
    assert result.outcome == "new", result.reason
    article = Article.objects.get(pk=result.article_id)
    assert article.body.startswith("<p>Bundeskanzler Friedrich Merz")
    assert "Lesen Sie auch" not in article.body and "Lindner" not in article.body
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("Kanzler reist nach Paris</h") == 1  # the page's h1, not again in the text
    assert "Lindner" not in html and "Scholz" not in html
    tags = html.split('class="tags"', 1)[1].split("</nav>", 1)[0]
    assert "Merz" in tags and "Macron" in tags

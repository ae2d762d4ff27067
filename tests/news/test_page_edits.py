"""An article page polled as a source (``meldungen sources add URL --page``) that its site
edited: the page's newer text is the article's next version when the page says it was
modified after the stored version (``article:modified_time`` or JSON-LD ``dateModified``).
A page whose modification time did not move stays "unchanged" whatever else differs between
two fetches (a counter in the article, another list beside it), and so does a page that
states no modification time: the extracted text alone is no proof of an edit."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from loopback import QuietHandler, loopback_server

from meldungen.news.models import Article, ArticleVersion, Source
from meldungen.news.polling import poll_source

pytestmark = [pytest.mark.django_db, pytest.mark.db]

PAGE = """<!doctype html><html lang="de"><head><title>{title} | Saale-Bote</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2025-03-10T08:00:00+01:00">
{modified}
</head><body><main><article><h1>{title}</h1>
<p>Die Saalebrücke in Halle wird ab Montag für den Autoverkehr gesperrt. {text} Der Verkehr
wird über die Berliner Brücke im Norden umgeleitet, Busse fahren Ersatzhaltestellen an.</p>
<p>Grund sind Schäden an den Lagern, die bei einer Prüfung im Winter entdeckt wurden. Die
Reparatur kostet nach Angaben der Stadtverwaltung rund 400.000 Euro.</p>
<p>Dieser Artikel wurde bereits {shared} Mal geteilt.</p>
</article><aside><h3>Meistgelesen</h3><ul><li><a href="/a{shared}.html">Stadtfest Nummer
{shared}</a></li></ul></aside></main></body></html>"""
FIRST = ("Saalebrücke in Halle wird gesperrt", "Die Sperrung dauert drei Wochen.")
EDITED = ("Saalebrücke in Halle wird länger gesperrt", "Die Sperrung dauert fünf Wochen.")


class Handler(QuietHandler):
    title, text, modified, shared = *FIRST, "2025-03-10T08:00:00+01:00", 10

    def do_GET(self):
        if self.path != "/artikel/bruecke.html":
            return self.reply(404)
        modified = ""
        if Handler.modified:
            modified = f'<meta property="article:modified_time" content="{Handler.modified}">'
        page = PAGE.format(
            title=Handler.title, text=Handler.text, modified=modified, shared=Handler.shared
        )
        self.reply(200, [("Content-Type", "text/html; charset=utf-8")], page.encode())


@pytest.fixture
def page_source(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_TIMEOUT": 5}
    cache.clear()
    Handler.title, Handler.text = FIRST
    Handler.modified, Handler.shared = "2025-03-10T08:00:00+01:00", 10
    with loopback_server(Handler) as url:
        yield Source.objects.create(
            name="Saale-Bote", url=f"{url}/artikel/bruecke.html", kind=Source.Kind.PAGE
        )


def _poll(source) -> str:
    [result] = poll_source(source)
    return result.outcome


def test_an_edited_page_is_the_next_version(client, page_source):
    assert _poll(page_source) == "new"
    client.get("/")  # lists cached before the edit
    assert _poll(page_source) == "unchanged"
    Handler.shared = 11  # the same page a minute later: a counter moved, another list beside
    assert _poll(page_source) == "unchanged"
    Handler.title, Handler.text = EDITED
    Handler.modified, Handler.shared = "2025-03-10T09:30:00+01:00", 12
    assert _poll(page_source) == "updated"
    article = Article.objects.get()
    assert (article.headline, article.version) == (EDITED[0], 2)
    assert "fünf Wochen" in article.body and "drei Wochen" not in article.body
    assert ArticleVersion.objects.filter(article=article).count() == 2
    Handler.shared = 13
    assert _poll(page_source) == "unchanged"
    for url in ("/", article.get_absolute_url(), "/rss.xml"):
        page = client.get(url).content.decode()
        assert EDITED[0] in page and FIRST[0] not in page, url


def test_a_page_without_a_later_modification_time_stays_as_stored(page_source):
    assert _poll(page_source) == "new"
    Handler.title, Handler.text = EDITED  # the modification time stays
    assert _poll(page_source) == "unchanged"
    Handler.modified = ""  # and a page that states none
    assert _poll(page_source) == "unchanged"
    assert Article.objects.get().headline == FIRST[0]

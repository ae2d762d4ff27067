"""A feed's correction notice ("Korrektur: …", "Berichtigung zu: …", "Korrektur-Hinweis") is a
correction, as a wire's correction signal is: its page says so, it joins the story of the
report it corrects (also when its headline is the marker alone and its text quotes the report's
headline), and lists show that story once, by its newest item. A headline that only uses the
word is news as any other. Through the batch store (a feed) and the single store."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from meldungen.ingest.corrections import corrected_subject, is_correction_headline
from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, Source
from meldungen.news.services import ingest_bytes, store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lokalblatt</title><link>https://lokal.example/</link>
<language>de</language>{items}</channel></rss>"""
ITEM = """<item><title>{title}</title><link>https://lokal.example/{guid}.html</link>
<guid>{guid}</guid><description>{text}</description><category>Politik</category>
<pubDate>{date}</pubDate></item>"""
REPORT = (
    "Stadtrat beschließt neues Radwegenetz für Leipzig",
    "Der Leipziger Stadtrat hat am Mittwoch ein neues Radwegenetz beschlossen. Bis 2030 sollen "
    "in der Stadt 80 Kilometer geschützte Radwege entstehen. Die Kosten schätzt die "
    "Stadtverwaltung auf rund 120 Millionen Euro.",
)
OTHER = (
    "Zoo Dresden bekommt zwei Pandas",
    "Der Dresdner Zoo erhält im Sommer zwei Große Pandas aus China. Das teilte die Stadt "
    "Dresden am Montag mit.",
)
OTHER_DATE = "Mon, 10 Mar 2025 10:00:00 GMT"
WORD_ONLY = "Korrektur der Prognose: Wirtschaft in Sachsen wächst langsamer"
NOTICES = [
    (
        "Korrektur: Stadtrat beschließt neues Radwegenetz für Leipzig",
        "In einer früheren Fassung dieser Meldung hieß es, die Kosten lägen bei 120 Millionen "
        "Euro. Richtig ist: Die Stadtverwaltung schätzt die Kosten auf 102 Millionen Euro.",
    ),
    (
        "BERICHTIGUNG zu: Leipziger Radwegenetz",
        "In unserer Meldung über das neue Radwegenetz des Leipziger Stadtrats hieß es, es "
        "entstünden 80 Kilometer. Richtig sind 60 Kilometer geschützte Radwege.",
    ),
    (
        "Korrektur-Hinweis",
        "In der Meldung „Stadtrat beschließt neues Radwegenetz für Leipzig“ vom Mittwoch wurde "
        "die Länge falsch angegeben. Richtig sind 60 Kilometer.",
    ),
]


def _feed(*items) -> bytes:
    return RSS.format(items="".join(ITEM.format(**i) for i in items)).encode()


@pytest.fixture
def feed(db) -> Source:
    cache.clear()
    return Source.objects.create(name="Lokalblatt", url="https://lokal.example/rss.xml")


@pytest.mark.parametrize("notice", range(len(NOTICES)), ids=["prefix", "berichtigung", "hinweis"])
def test_a_correction_notice_is_shown_as_a_correction_in_its_story(client, feed, notice):
    first = [
        dict(guid="a1", title=REPORT[0], text=REPORT[1], date="Mon, 10 Mar 2025 08:00:00 GMT"),
        dict(guid="o1", title=OTHER[0], text=OTHER[1], date="Mon, 10 Mar 2025 08:30:00 GMT"),
    ]
    assert [r.outcome for r in ingest_bytes(_feed(*first), "feed", source=feed)] == ["new"] * 2
    client.get("/")  # lists cached before the notice
    title, text = NOTICES[notice]
    later = dict(guid="k1", title=title, text=text, date="Mon, 10 Mar 2025 10:00:00 GMT")
    outcomes = [r.outcome for r in ingest_bytes(_feed(later, *first), "feed", source=feed)]
    assert outcomes == ["new", "unchanged", "unchanged"]
    report, note = Article.objects.get(guid="a1"), Article.objects.get(guid="k1")
    assert note.is_correction and note.kind == "news"
    assert note.story_id == report.story_id and note.duplicate_of_id is None
    page = client.get(note.get_absolute_url())
    assert page.status_code == 200
    assert "Diese Meldung wurde berichtigt" in page.content.decode()
    assert "berichtigt" not in client.get(report.get_absolute_url()).content.decode()
    story = client.get(f"/story/{report.story_id}/").content.decode()
    assert f"/artikel/{note.pk}/" in story and f"/artikel/{report.pk}/" in story
    for url in ("/", "/ressort/politik/", f"/quelle/{feed.pk}/", "/rss.xml", "/atom.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        # the story once, by its newest item: a notice that names the report, or a corrected
        # re-send that carries the right text (the report it corrects has the wrong one)
        assert f"/artikel/{note.pk}/" in text, url
        assert f"/artikel/{report.pk}/" not in text, url
    listed = [a["id"] for a in client.get("/api/articles").json()["items"]]
    assert sorted(listed) == sorted([note.pk, Article.objects.get(guid="o1").pk])


def test_the_single_store_marks_a_notice_too(feed):
    draft = ArticleDraft(
        guid="k9", headline="Korrektur – Stadt baut Radwege aus", format="page", body="<p>x</p>"
    )
    stored = Article.objects.get(pk=store_draft(draft, feed).article_id)
    assert stored.is_correction


@pytest.mark.parametrize(
    "headline",
    [
        "Korrektur: Stadtrat beschließt Radwege",
        "KORREKTUR - Stadtrat beschließt Radwege",
        "korrektur:Stadtrat beschließt Radwege",
        "Korrektur – Stadtrat beschließt Radwege",
        "Berichtigung: Stadtrat beschließt Radwege",
        "Berichtigung zu: Stadtrat beschließt Radwege",
        "Korrektur zur Meldung: Stadtrat beschließt Radwege",
        "Korrigierte Fassung: Stadtrat beschließt Radwege",
        "Richtigstellung: Stadtrat beschließt Radwege",
        "Stadtrat beschließt Radwege (Berichtigung: Kosten korrigiert)",
        "Stadtrat beschließt Radwege [Korrektur]",
    ],
)
def test_correction_headlines_and_what_they_are_about(headline):
    assert is_correction_headline(headline)
    assert corrected_subject(headline) == "Stadtrat beschließt Radwege"


@pytest.mark.parametrize("headline", ["Korrektur-Hinweis", "Korrekturhinweis:", "Berichtigung"])
def test_a_bare_marker_is_about_the_headline_its_text_quotes(headline):
    assert is_correction_headline(headline)
    text = "In der Meldung »Stadtrat beschließt neues Radwegenetz« hieß es 80 statt 60 Kilometer."
    assert corrected_subject(headline, text) == "Stadtrat beschließt neues Radwegenetz"
    assert corrected_subject(headline, "Die Länge war falsch.") == headline


@pytest.mark.parametrize(
    "headline",
    [
        "Korrektur der Prognose: Wirtschaft wächst langsamer",
        "Kurskorrektur: Ifo senkt Prognose",
        "Korrekturen im Haushalt beschlossen",
        "Bundesregierung verlangt Berichtigung der Zahlen",
    ],
)
def test_a_headline_using_the_word_is_no_notice(headline):
    assert not is_correction_headline(headline)
    assert corrected_subject(headline) == headline


def test_enrich_marks_notices_stored_before_they_were_told(client, feed):
    """A notice stored before correction notices were told by their headline is news without
    a note on its page; ``meldungen enrich`` (ids, ``--since`` or ``--all``), which applies new
    editorial choices to the archive, marks it. A headline that only uses the word stays news."""
    items = [
        dict(guid="a1", title=REPORT[0], text=REPORT[1], date="Mon, 10 Mar 2025 08:00:00 GMT"),
        dict(guid="k1", title=NOTICES[0][0], text=NOTICES[0][1], date=OTHER_DATE),
        dict(guid="w1", title=WORD_ONLY, text=OTHER[1], date=OTHER_DATE),
    ]
    assert [r.outcome for r in ingest_bytes(_feed(*items), "feed", source=feed)] == ["new"] * 3
    Article.objects.update(is_correction=False)  # as the rows stored before were
    note = Article.objects.get(guid="k1")
    assert (
        "Diese Meldung wurde berichtigt" not in client.get(note.get_absolute_url()).content.decode()
    )
    out = StringIO()
    call_command("enrich", "--all", stdout=out)
    assert out.getvalue().splitlines()[-2:] == [
        "marked 1 correction notice(s) told by their headline",
        "enriched=3 failed=0",
    ]
    marked = set(Article.objects.filter(is_correction=True).values_list("guid", flat=True))
    assert marked == {"k1"}
    page = client.get(note.get_absolute_url()).content.decode()  # not the cached page
    assert "Diese Meldung wurde berichtigt" in page

"""Stories in the shell: copies across sources, story records in the database, the story
page, and two ingest processes at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from storehelp import fernwaerme_wire

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, Story, StoryBand, TermFrequency
from meldungen.news.services import store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]

WIRE_TEXT = [
    "Die Stadtwerke Magdeburg erhöhen zum ersten April die Preise für Fernwärme deutlich.",
    "Ein durchschnittlicher Haushalt zahlt nach Angaben des Versorgers künftig rund 18 Euro "
    "mehr im Monat.",
    "Als Grund nennt das Unternehmen gestiegene Kosten für Erdgas und den Ausbau des Netzes.",
    "Der Mieterverein kritisierte die Erhöhung als unverhältnismäßig und kündigte eine "
    "Prüfung der Verträge an.",
    "Die Stadtverwaltung verwies darauf, dass sie auf die Preisgestaltung keinen Einfluss habe.",
]


def wire(**kw) -> ArticleDraft:
    return fernwaerme_wire(WIRE_TEXT, **kw)


def test_a_republished_wire_item_is_a_copy_in_the_same_story(client):
    original = store_draft(wire())
    # A portal's version: new headline, dateline and credit, a sentence dropped, quotes and
    # boilerplate appended.
    paragraphs = ["Magdeburg (dpa) - " + WIRE_TEXT[0], *WIRE_TEXT[1:3], WIRE_TEXT[4]]
    copy = store_draft(
        wire(
            guid="https://portal.example.test/magdeburg/fernwaerme-123.html",
            format="rss",
            source="Beispiel-Portal",
            credit="",
            headline="Heizen wird teurer: Stadtwerke erhöhen Fernwärmepreise",
            body="".join(f"<p>{p}</p>" for p in paragraphs)
            + "<p>Mehr Nachrichten aus Sachsen-Anhalt lesen Sie in unserer App.</p>",
            published=datetime(2025, 3, 3, 10, 15, tzinfo=UTC),
        )
    )
    assert copy.outcome == "duplicate"
    stored = Article.objects.get(pk=copy.article_id)
    assert stored.duplicate_of_id == original.article_id
    assert stored.story_id == Article.objects.get(pk=original.article_id).story_id
    # the story page names the first report and the copy's source
    page = client.get(f"/story/{stored.story_id}/").content.decode()
    assert "Fernwärme in Magdeburg wird teurer" in page
    assert "Erste Meldung" in page and "Beispiel-Portal" in page


def test_an_unrelated_article_starts_its_own_story():
    first = store_draft(wire())
    other = store_draft(
        wire(
            guid="urn:test:zoo",
            headline="Eisbärin im Tierpark Berlin bekommt Zwillinge",
            teaser="Die beiden Jungtiere sind wohlauf.",
            body="<p>Im Tierpark Friedrichsfelde hat die Eisbärin Tonja zwei Jungtiere zur Welt "
            "gebracht. Die Pfleger beobachten die Familie über eine Kamera.</p>",
            published=datetime(2025, 3, 3, 11, 0, tzinfo=UTC),
        )
    )
    assert other.outcome == "new"
    a, b = Article.objects.get(pk=first.article_id), Article.objects.get(pk=other.article_id)
    assert a.story_id and b.story_id and a.story_id != b.story_id
    assert Story.objects.count() == 2
    assert TermFrequency.objects.get(term="").df == 2
    assert StoryBand.objects.filter(article=a).exists()


def test_story_page_404_for_unknown_story(client):
    assert client.get("/story/999999/").status_code == 404


def _items(prefix: str, n: int) -> list[dict]:
    start = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
    places = ["Kiel", "Rostock", "Erfurt", "Kassel", "Passau", "Trier", "Görlitz", "Lübeck"]
    things = [
        "Hallenbad",
        "Stadtbibliothek",
        "Straßenbahn",
        "Kläranlage",
        "Musikschule",
        "Eisbahn",
        "Markthalle",
        "Sternwarte",
    ]
    out = []
    for i in range(n):
        place, thing = places[i % len(places)], things[(i * 3) % len(things)]
        out.append(
            {
                "urn": f"urn:newsml:example.test:{prefix}-{i}",
                "version": 1,
                "version_created": (start + timedelta(hours=i)).isoformat(),
                "headline": f"{place}: {thing} schließt nach Schaden vorübergehend",
                "article_html": f"<p>In {place} bleibt die {thing} nach einem Wasserschaden "
                f"mindestens {i + 2} Wochen geschlossen. Die Verwaltung prüft, wie teuer die "
                f"Reparatur wird, und sucht Ersatz für die Nutzer.</p>",
                "creditline": "dpa",
            }
        )
    return out


@pytest.mark.django_db(transaction=True)
def test_two_ingest_processes_at_once_leave_a_consistent_index(tmp_path):
    """Two `meldungen ingest` processes on one SQLite store: every article is assigned exactly
    once, every band key belongs to a stored article, and the document count matches."""
    shared_items = _items("shared", 6)
    (tmp_path / "a.json").write_text(json.dumps(shared_items + _items("a", 6)))
    (tmp_path / "b.json").write_text(json.dumps(_items("b", 6) + shared_items))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MELDUNGEN_", "DATABASE_URL"))}
    env.update(MELDUNGEN_DATA_DIR=str(tmp_path / "data"), MELDUNGEN_SEED_SOURCES="0")
    cmd = [sys.executable, "-m", "meldungen.cli"]
    subprocess.run([*cmd, "migrate", "-v0"], env=env, check=True, timeout=120)
    procs = [
        subprocess.Popen(
            [*cmd, "ingest", str(tmp_path / name)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a.json", "b.json")
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    totals = [o[0].strip().splitlines()[-1] for o in outs]
    counts: dict[str, int] = {}
    for line in totals:
        for pair in line.split():
            name, value = pair.split("=")
            counts[name] = counts.get(name, 0) + int(value)
    assert counts["rejected"] == 0
    assert counts["unchanged"] == 6  # the shared items: stored once, by whichever came first
    assert counts["new"] + counts["duplicate"] == 18
    import sqlite3

    db = sqlite3.connect(tmp_path / "data" / "meldungen.sqlite3")
    q = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    assert q("SELECT COUNT(*) FROM news_article") == 18
    assert q("SELECT COUNT(*) FROM news_storyarticle") == 18
    assert q("SELECT df FROM news_termfrequency WHERE term = ''") == 18
    assert (
        q(
            "SELECT COUNT(*) FROM news_storyband WHERE article_id NOT IN "
            "(SELECT id FROM news_article)"
        )
        == 0
    )
    assert q("SELECT COUNT(*) FROM news_article WHERE story_id IS NULL") == 0


def test_the_story_page_names_a_report_and_its_copies_alike(client):
    # a wire that sends its item again under a new URN: the timeline said "dpa.de" for the
    # first report and "dpa" for the copy, the sources box "dpa"
    original = store_draft(wire())
    again = store_draft(wire(guid="urn:test:fernwaerme-nochmal"))
    assert again.outcome == "duplicate"
    story = Article.objects.get(pk=original.article_id).story_id
    page = client.get(f"/story/{story}/").content.decode()
    assert "· dpa · <strong>Erste Meldung</strong>" in page
    assert "Übernommen von: dpa (" in page
    assert "dpa.de" not in page

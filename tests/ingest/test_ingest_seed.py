"""seed.py: the seed's text layout → dpa-digitalwires dicts, on our own seed-like text and, when
../shared is present, on the real seed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meldungen.ingest.detect import parse
from meldungen.ingest.digitalwires import parse_item
from meldungen.ingest.draft import ArticleDraft
from meldungen.news.demo import seed_related, seed_to_digitalwires, split_headline
from meldungen.text import html_to_text

DATA = Path(__file__).resolve().parent / "data"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


OWN_SEED = read("seed_beispiel.txt").decode("utf-8")


def test_own_seed_article() -> None:
    item = seed_to_digitalwires(OWN_SEED)
    assert item["version"] == 1 and item["urn"].startswith("urn:newsml:")
    assert item["version_created"] == "2025-05-03T07:12:05+02:00"  # Berlin summer time
    assert item["headline"] == "Bahnstreik legt Fernverkehr lahm: Pendler müssen umplanen"
    assert item["teaser"] == "Seit dem frühen Morgen stehen viele Züge still."
    assert item["keyword_names"] == ["Bahn", "Streik", "Lokführer"]
    assert item["creditline"] == "dpa"
    [picture] = item["associations"]
    assert picture["caption"] == (
        "Reisende warten am Hauptbahnhof auf Informationen zu ihren Verbindungen."
    )
    html = item["article_html"]
    assert html.count("<h2>") == 2
    assert "<h2>Was Fahrgäste jetzt wissen müssen</h2>" in html
    assert "<h2>Gespräche sollen kommende Woche weitergehen</h2>" in html
    assert html.count("<p>") == 3
    assert "dpa.de" not in html and "Weitere Meldungen" not in html
    assert seed_to_digitalwires(OWN_SEED, with_keywords=False)["keyword_names"] == []


def test_own_seed_round_trips_through_the_digitalwires_parser() -> None:
    item = seed_to_digitalwires(OWN_SEED)
    [draft] = parse(json.dumps(item).encode())
    assert isinstance(draft, ArticleDraft) and draft.format == "digitalwires"
    assert draft.published == datetime(2025, 5, 3, 5, 12, 5, tzinfo=UTC)
    assert draft.keywords == ["Bahn", "Streik", "Lokführer"]
    assert draft.credit == "dpa"
    assert draft.picture is not None and draft.picture.url == ""
    assert draft.picture.caption.startswith("Reisende warten")
    assert html_to_text(draft.body).startswith("Ein Streik der Lokführer")


def test_own_seed_related_entries() -> None:
    related = seed_related(OWN_SEED)
    assert [(r["headline"], r["rubric_names"]) for r in related] == [
        ("Gewerkschaft kündigt weitere Warnstreiks an", ["Wirtschaft"]),
        ("Bahn bietet Schlichtung an", ["Wirtschaft"]),
        ("Ministerin fordert Einigung im Tarifstreit", ["Inland"]),
    ]
    assert related[0]["teaser"] == "Die Lokführer wollen ihren Arbeitskampf ausweiten."
    assert related[2]["teaser"].startswith("Verkehrsministerin Erika Beispiel hat")
    assert related[0]["version_created"] == "2025-05-02T18:40:00+02:00"
    assert related[1]["keyword_names"] == ["Bahn"]  # seed tags found in the entry's text
    assert len({r["urn"] for r in related}) == 3
    assert all(isinstance(parse_item(r), ArticleDraft) for r in related)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kurz gemeldet. Danach folgt der Vorspann.",
            ("Kurz gemeldet", "Danach folgt der Vorspann."),
        ),
        (
            "Zug fällt aus Nach einem Unwetter ruht der Verkehr.",
            ("Zug fällt aus", "Nach einem Unwetter ruht der Verkehr."),
        ),
        ("Neuer Rekord am 3. Mai in Berlin", ("Neuer Rekord am 3. Mai in Berlin", "")),
    ],
)
def test_split_headline(text: str, expected: tuple[str, str]) -> None:
    assert split_headline(text) == expected


def test_text_without_time_line_is_refused() -> None:
    with pytest.raises(ValueError, match="DD.MM.YYYY"):
        seed_to_digitalwires("Nur eine Zeile\n\nund noch eine.")


def test_real_seed(shared_dir: Path) -> None:
    seed_file = shared_dir / "seed" / "000_3bb928ff6e2d3dd4.txt"
    if not seed_file.is_file():
        pytest.skip(f"../shared not present: {seed_file}")
    text = seed_file.read_text(encoding="utf-8")
    item = seed_to_digitalwires(text)
    draft = parse_item(item)
    assert isinstance(draft, ArticleDraft)
    # Compare with the seed's own parts, in the seed's order, without copying them here.
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    time_index = next(i for i, b in enumerate(blocks) if b[:2].isdigit() and " - " in b)
    assert item["keyword_names"] == [t.strip() for t in blocks[0].split(",")]
    assert draft.picture is not None and draft.picture.caption == blocks[1]
    assert f"{draft.headline}. {draft.teaser}" == blocks[time_index + 1]
    shown = datetime.strptime(blocks[time_index], "%d.%m.%Y - %H:%M:%S")
    assert draft.published == shown.replace(tzinfo=ZoneInfo("Europe/Berlin")).astimezone(UTC)
    assert draft.body.count("<h2>") == 3
    body_text = html_to_text(draft.body)
    credit_index = next(i for i, b in enumerate(blocks) if b.startswith("@"))
    for block in blocks[time_index + 2 : credit_index]:
        assert block in body_text
    related = seed_related(text)
    entries = [b for b in blocks[credit_index + 2 :] if b.endswith("weiterlesen...")]
    assert len(related) == len(entries) == 6
    for entry, rel in zip(entries, related, strict=True):
        assert entry.startswith(rel["headline"])
        assert rel["teaser"] and rel["teaser"] in entry
        assert f"({rel['rubric_names'][0]}, " in entry
        assert rel["keyword_names"]  # every related entry shares a tag with the seed

"""The `meldungen` command: ingest lines and totals, sources, and a fresh data dir."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from meldungen.news.models import Article, Rejection, Source

pytestmark = [pytest.mark.django_db, pytest.mark.db]


TOPICS = [
    (
        "Landtag streitet über den Haushalt",
        "Die Opposition verlangt mehr Geld für Schulen.",
        "Im Plenum warfen sich Regierung und Opposition gegenseitig Versäumnisse vor.",
    ),
    (
        "Hochwasser: Pegel an der Oder steigt weiter",
        "Die Feuerwehr stapelt Sandsäcke.",
        "In Frankfurt an der Oder wurden zwei Uferstraßen vorsorglich gesperrt.",
    ),
    (
        "Neuer Trainer für den Zweitligisten",
        "Der Verein trennt sich nach fünf Niederlagen.",
        "Der frühere Jugendkoordinator übernimmt bis zum Saisonende die Mannschaft.",
    ),
    (
        "Museum zeigt Funde aus der Bronzezeit",
        "Die Ausstellung öffnet am Wochenende.",
        "Archäologen hatten die Schmuckstücke beim Bau einer Umgehungsstraße entdeckt.",
    ),
]


def wire_item(n: int, version: int = 1, **extra) -> dict:
    headline, teaser, text = TOPICS[n % len(TOPICS)]
    item = {
        "urn": f"urn:newsml:example.test:20250212:meldung-{n}",
        "version": version,
        "version_created": "2025-02-12T18:27:49+01:00",
        "pubstatus": "usable",
        "language": "de",
        "headline": headline,
        "teaser": teaser,
        "article_html": f"<section class='main'><p>{text}</p></section>",
        "keyword_names": ["Landtag"],
        "rubric_names": ["Politik"],
        "creditline": "dpa",
    }
    item.update(extra)
    return item


def run(*args: str) -> tuple[str, int]:
    out = StringIO()
    try:
        call_command(*args, stdout=out, stderr=StringIO())
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return out.getvalue(), code


def test_ingest_folder_prints_a_line_per_item_and_one_totals_line(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.json").write_text(json.dumps(wire_item(1)), encoding="utf-8")
    (tmp_path / "sub" / "b.json").write_text(json.dumps([wire_item(2), wire_item(3)]))
    (tmp_path / "broken.json").write_text('{"urn": "urn:x", "headline": "Abgeschn')
    (tmp_path / "empty.xml").write_bytes(b"")
    out, code = run("ingest", str(tmp_path))
    lines = out.strip().splitlines()
    assert code == 0
    assert lines[-1] == "new=3 updated=0 unchanged=0 duplicate=0 withdrawn=0 rejected=2"
    assert sum(line.startswith("new: ") for line in lines) == 3
    assert sum(line.startswith("rejected: ") for line in lines) == 2
    assert Rejection.objects.count() == 2
    # again: nothing new
    out, code = run("ingest", str(tmp_path))
    assert out.strip().splitlines()[-1] == (
        "new=0 updated=0 unchanged=3 duplicate=0 withdrawn=0 rejected=2"
    )


def test_ingest_updates_and_withdraws(tmp_path):
    path = tmp_path / "item.json"
    path.write_text(json.dumps(wire_item(1)))
    run("ingest", str(path))
    path.write_text(json.dumps(wire_item(1, version=2, headline="Neue Fassung")))
    out, _ = run("ingest", str(path))
    assert out.splitlines()[0].startswith("updated: Neue Fassung")
    path.write_text(json.dumps(wire_item(1, version=3, pubstatus="withdrawn")))
    out, _ = run("ingest", str(path))
    assert out.splitlines()[-1].endswith("withdrawn=1 rejected=0")
    assert not Article.objects.get().is_visible()


def test_ingest_exit_code_when_nothing_could_be_read(tmp_path):
    out, code = run("ingest", str(tmp_path / "missing.json"))
    assert code == 1
    assert out.strip().splitlines()[-1].endswith("rejected=1")
    assert "cannot read file" in out


def test_sources_add_list_remove_and_opml_roundtrip(tmp_path, monkeypatch):
    public = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 443))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: public)  # no real DNS
    out, _ = run(
        "sources",
        "add",
        "https://news.example.test/politik.rss",
        "--name",
        "Beispiel",
        "--ressort",
        "Politik",
        "--interval",
        "10",
        "--full-text",
    )
    assert "added" in out
    source = Source.objects.get()
    assert (source.ressort, source.interval_minutes, source.full_text) == ("Politik", 10, True)
    listing, _ = run("sources", "list")
    assert "Beispiel" in listing and "never" in listing
    exported, _ = run("sources", "export")
    assert 'xmlUrl="https://news.example.test/politik.rss"' in exported
    run("sources", "remove", "Beispiel")
    assert not Source.objects.exists()
    opml = tmp_path / "feeds.opml"
    opml.write_text(exported + "")
    out, _ = run("sources", "import", str(opml))
    assert out.strip() == "imported 1 new sources"
    assert Source.objects.get().ressort == "Politik"


def test_opml_with_entities_is_refused(tmp_path):
    bomb = tmp_path / "bomb.opml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        '<opml><body><outline xmlUrl="https://x.test/&a;"/></body></opml>'
    )
    out, code = run("sources", "import", str(bomb))
    assert code == 1
    assert not Source.objects.exists()


@pytest.mark.django_db(transaction=False)
def test_fresh_data_dir_is_created_and_migrated_by_any_command(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MELDUNGEN_", "DATABASE_URL"))}
    env["MELDUNGEN_DATA_DIR"] = str(tmp_path / "data")
    env["MELDUNGEN_SEED_SOURCES"] = "0"
    proc = subprocess.run(
        [sys.executable, "-m", "meldungen.cli", "sources", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ID")
    assert (tmp_path / "data" / "meldungen.sqlite3").exists()


def test_real_fixtures_ingest_and_again_report_nothing_new():
    from pathlib import Path

    fixtures = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"
    if not fixtures.is_dir():
        pytest.skip(f"../shared not present ({fixtures} missing): runs in CI and on dev machines")
    first, code = run("ingest", str(fixtures))
    assert code == 0
    totals_first = dict(p.split("=") for p in first.strip().splitlines()[-1].split())
    assert int(totals_first["new"]) >= 20
    # Rejections are the parsers' verdicts on unusable items, never a failure to store.
    assert "could not store" not in first
    again, code = run("ingest", str(fixtures))
    totals_again = dict(p.split("=") for p in again.strip().splitlines()[-1].split())
    assert totals_again["new"] == "0" and totals_again["updated"] == "0"
    assert totals_again["rejected"] == totals_first["rejected"]


@pytest.mark.parametrize(
    ("what", "content", "message"),
    [
        ("ner", b"", "no token lines found"),
        ("ner", b"Berlin B-LOC\nliegt\n", ":2: cannot read token line 'liegt'"),
        ("ner", bytes(range(7, 40)) * 4, "cannot read token line"),
        ("ressort", b"nur\tzwei\n", "no labelled samples"),
    ],
)
def test_eval_of_an_unreadable_file_is_one_clear_error(tmp_path, what, content, message):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("eval", what, str(path), stdout=StringIO(), stderr=StringIO())

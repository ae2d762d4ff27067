"""Titles that kept percent-escaped UTF-8 (a file name or URL slug made into a headline) are read
back at the storage boundary, on every way in, and show as words on the pages."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from meldungen.ingest.escaped import unescape_utf8
from meldungen.news.models import Article


@pytest.mark.parametrize(
    ("flattened", "read"),
    [
        ("Bundespr C3 A4sident besucht  C3 96sterreich", "Bundespräsident besucht Österreich"),
        ("Bundespr_C3_A4sident", "Bundespräsident"),
        ("Bundespr%C3%A4sident und Gr%c3%bcne", "Bundespräsident und Grüne"),
        ("E2 80 9EKeine Wohlt C3 A4tigkeit E2 80 9C", "„Keine Wohltätigkeit“"),
        ("Ekrem  C4 B0mamo C4 9Flu gewinnt", "Ekrem İmamoğlu gewinnt"),
        # white space collapsed before: one space is either the break or the percent sign
        ("Bundespr C3 A4sident besucht C3 96sterreich", "Bundespräsident besucht Österreich"),
        ("Debatte C3 BCber den Austritt", "Debatte über den Austritt"),
        ("Sanders tritt zur C3 BCck", "Sanders tritt zurück"),
        ("Kinder C3 A4rzte warnen", "Kinderärzte warnen"),
        ("Siri E2 80 93 soll E2 80 9ELive-8 E2 80 9C", "Siri – soll „Live-8“"),
        ("Scherz des Senders RTBF C3 BCber Wahlen", "Scherz des Senders RTBF über Wahlen"),
        ("Lafontaines Folter- C3 84u C3 9Ferungen", "Lafontaines Folter-Äußerungen"),
        # a title cut to a length inside a sequence loses the piece
        ("Sanders tritt zur C3 B", "Sanders tritt zur"),
        ("Demokratie fehlt E2 80", "Demokratie fehlt"),
        # ... and a word cut in two ends in "…", as does one cut before its lone lead byte
        ("Die Ministerpr C3 A", "Die Ministerpr…"),
        ("Guantanamo-Lager zu schlie C3", "Guantanamo-Lager zu schlie…"),
        ("gegen E2 80 9EAnti-Abspaltungsgesetz E2", "gegen „Anti-Abspaltungsgesetz"),
        ("Der neue Citroën C3", "Der neue Citroën C3"),  # after a whole word: a name
        # no separator at all: read inside a word only
        ("Die KriegsfC3BChrung von Ramstein", "Die Kriegsführung von Ramstein"),
        ("am 21. MC3A4rz", "am 21. März"),
        (
            "Wann kommt das europ C3 A4ische Lizenzrecht 3F",
            "Wann kommt das europäische Lizenzrecht?",
        ),
        # a pair of ASCII quotation marks around words
        ("Kaiserslautern will  27Rote Teufel 27 durch", "Kaiserslautern will 'Rote Teufel' durch"),
        ("Der 22Spiegel 22: Neue Ausgabe", 'Der "Spiegel": Neue Ausgabe'),
    ],
)
def test_escaped_multibyte_characters_are_read(flattened, read):
    assert unescape_utf8(flattened) == read


@pytest.mark.parametrize(
    "text",
    [
        "Audi A4 und BMW C3 im Vergleich",  # no lead byte followed by its continuation
        "Linie c3 a4 fährt",  # lower-case hex without a percent sign is words
        "Modell 3F und 3D-Druck",  # ASCII escapes stay but a question mark at the end
        "Steuer C2 80 steigt",  # it would be a control character
        "Halbe Sequenz E2 80 fehlt",  # a lead byte without all its continuation bytes
        "Der neue Citroën C3",  # a lead byte alone at the end is a name
        "Modell XC3BC und AC3A4",  # joined hex not inside a word of small letters
        "Mehr als 27 Tote und 27 Verletzte",  # numbers, not quotation marks
        "Am 27Mai 27 Tote",  # a closing one before a noun is a number
        "Ein 27Wort ohne Ende",  # one alone
    ],
)
def test_text_that_only_looks_escaped_stays(text):
    assert unescape_utf8(text) == text


@pytest.mark.django_db
def test_a_wire_file_with_a_flattened_headline_shows_it_as_words(client, tmp_path):
    item = {
        "format": "digitalwires@0.9.1",
        "type": "composite",
        "urn": "urn:test:flattened-1",
        "version": 1,
        "version_created": "2026-11-30T10:00:00+01:00",
        "pubstatus": "usable",
        "headline": "Bundespr C3 A4sident besucht  C3 96sterreich",
        "article_html": "<p>Der Bundespräsident ist am Montag zu einem Besuch in Österreich"
        " eingetroffen. In Wien traf er den österreichischen Bundespräsidenten.</p>",
    }
    (tmp_path / "item.json").write_text(json.dumps(item), encoding="utf-8")
    call_command("ingest", str(tmp_path))
    article = Article.objects.get(guid="urn:test:flattened-1")
    assert article.headline == "Bundespräsident besucht Österreich"
    for url in ("/", f"/artikel/{article.pk}/"):
        html = client.get(url).content.decode()
        assert "Bundespräsident besucht Österreich" in html, url
        assert "C3 A4" not in html, url
    assert "Österreich" in [e.display for e in article.tags()]


def test_a_long_hostile_teaser_full_of_escapes_is_read_in_one_pass():
    # 30,000 marked spaces in 240 kB: each is settled once (a rescan of the text per mark
    # would copy it 30,000 times)
    teaser = "Gr C3 BC" * 30_000
    assert unescape_utf8(teaser) == "Grü" * 30_000
    # a run of 240 kB without white space before a cut end: only the end is read for it
    assert unescape_utf8("X" * 240_000 + " C3") == "X" * 240_000 + " C3"
    assert unescape_utf8("Gesetz " + "k" * 240_000 + " C3 A").endswith("k…")
    # quotation marks are read within a title's or teaser's length only
    blob = " 27Ab" * 60_000
    assert unescape_utf8(blob + " 27 Ende") == blob + " 27 Ende"
    assert unescape_utf8(" 27Ab 27 und" * 60_000).startswith("'Ab' und 'Ab' und")


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Theresa May gibt Rücktritt zum 7. Juni bekannt. Juni bekannt",
         "Theresa May gibt Rücktritt zum 7. Juni bekannt"),
        # the first copy cut short, the repeat whole: the whole one stays
        ("Die Wikipedia wird am 21. März komplett abgeschalte. März komplett abgeschaltet",
         "Die Wikipedia wird am 21. März komplett abgeschaltet"),
        ("Nein. Nein. Nein", "Nein. Nein. Nein"),  # no repeat of two words
        ("Merkel: Das war gut. Scholz: Das war schlecht",
         "Merkel: Das war gut. Scholz: Das war schlecht"),
        ("Am 3. Oktober feiern. Am 3. Oktober feiern",
         "Am 3. Oktober feiern. Am 3. Oktober feiern"),
        # white space the file name doubled, and one word again after a day's ordinal
        ("1. August 2005  Stichtag der Reform. August 2005 Stichtag der Reform",
         "1. August 2005 Stichtag der Reform"),
        ("Reform gilt ab dem 1. August. August", "Reform gilt ab dem 1. August"),
        ("Seit 1990. Mai. Mai", "Seit 1990. Mai. Mai"),  # a year is no ordinal
    ],
)  # fmt: skip
def test_a_title_that_repeats_its_end_after_a_full_stop_loses_the_repeat(title, kept):
    from meldungen.ingest.titles import without_repeated_tail

    assert without_repeated_tail(title) == kept


BODY = (
    "<p>Die Länder führen den digitalen Polizeifunk ein. Das Welternährungsprogramm der"
    " Vereinten Nationen erhält den Preis. Der Menschenrechtsrates tagte in Genf, mit"
    " Vertretern aus Venezuela und Kolumbien.</p>"
)


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        # cut inside the last word: the text has longer words that begin with it
        ("Länder beschließen den digitalen Polizeif", "Länder beschließen den digitalen Polizeif…"),
        ("Nobelpreis an das Programm der Verei", "Nobelpreis an das Programm der Verei…"),
        ("Kooperation mit Kolumbien und Venezue", "Kooperation mit Kolumbien und Venezue…"),
        # whole: the text has only inflected forms of it, or the word itself, or it is a word
        ("Staaten gründen einen Menschenrechtsrat", "Staaten gründen einen Menschenrechtsrat"),
        ("Preis für Venezuela", "Preis für Venezuela"),
        ("Preis für die Vereinten", "Preis für die Vereinten"),
        ("Preis für die Vertreter", "Preis für die Vertreter"),  # a word of the lexicon
        ("Preis für die Pers?", "Preis für die Pers?"),  # ends in punctuation
        ("Länder führen Funk-Polizeif ein", "Länder führen Funk-Polizeif ein"),
        ("Länder beschließen Funk-Polizeif", "Länder beschließen Funk-Polizeif…"),  # part too
    ],
)  # fmt: skip
def test_a_title_cut_inside_its_last_word_ends_in_an_ellipsis(title, shown):
    from meldungen.ingest.titles import marked_cut

    assert marked_cut(title, BODY) == shown


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        # no form of the last word anywhere, and no dictionary knows it: cut
        ("Spannungen in der Konfliktreg", "Spannungen in der Konfliktreg…"),
        ("Einkauf mit negativem Schnelltesterg", "Einkauf mit negativem Schnelltesterg…"),
        # whole: a compound whose last part is a word, an inflected form, an acronym
        ("Regierung beschließt Hauptstadtverlegung", "Regierung beschließt Hauptstadtverlegung"),
        ("Die Partei ist regierungsbereit", "Die Partei ist regierungsbereit"),
        ("Wiedereröffnung des Mathematikums", "Wiedereröffnung des Mathematikums"),
        ("Protest gegen die NRWZ", "Protest gegen die NRWZ"),
    ],
)  # fmt: skip
def test_a_title_whose_last_word_is_nowhere_and_no_word_is_cut(title, shown):
    from meldungen.ingest.titles import marked_cut

    body = "<p>Das Mathematikum in Gießen öffnet wieder. Die Regierung hat entschieden.</p>"
    body += "<p>" + "Die Lage wird seit Wochen beobachtet. " * 20 + "</p>"
    assert marked_cut(title, body) == shown


def test_a_short_text_says_nothing_about_a_title_word_it_lacks():
    from meldungen.ingest.titles import marked_cut

    caption = "Das Logo des Unternehmens an einem Gebäude in Guangzhou."
    assert marked_cut("Online-Plattform Shein", caption) == "Online-Plattform Shein"


def test_a_title_cut_after_one_letter_is_judged_by_a_whole_body_only():
    from meldungen.ingest.titles import marked_cut

    body = BODY + "<p>" + "Die Kooperation wurde lange vorbereitet. " * 20 + "</p>"
    assert marked_cut("Kooperation mit Venezuela und K", body).endswith(" K…")
    assert marked_cut("Preis für die Gruppe A", body) == "Preis für die Gruppe A"  # no A…
    teaser = "Der Minister will die Bundesregierung mit einem Konzept überzeugen."
    assert marked_cut("Minister verspricht Plan B", teaser) == "Minister verspricht Plan B"


def test_a_title_cut_inside_a_letters_escape_loses_the_piece_and_ends_in_an_ellipsis():
    from meldungen.ingest.titles import marked_cut

    body = "<p>Die Anschläge gingen weiter, der Ministerpräsident sprach vom Citroën.</p>"
    # "ä" is C3 A4 in a file name's escapes: cut after its first byte, or after one digit
    assert marked_cut("Neue Welle von Anschl C3", body) == "Neue Welle von Anschl…"
    assert marked_cut("Verzicht auf das Amt des Ministerpr C", body) == (
        "Verzicht auf das Amt des Ministerpr…"
    )
    # a whole word before a type's name or a letter is no cut
    assert marked_cut("Der neue Citroën C3", body) == "Der neue Citroën C3"
    assert marked_cut("Der Ministerpräsident E2", body) == "Der Ministerpräsident E2"


def test_a_hostile_title_or_text_is_read_in_linear_time():
    from meldungen.ingest.titles import marked_cut

    title = "Bericht " + "x" * 240_000
    assert marked_cut(title, "x" * 81 + "y " * 200_000) == title  # only the title's end is read
    assert marked_cut("Bericht " + "xq" * 20, "xq" * 25 + " " + "b " * 200_000).endswith("xq…")


@pytest.mark.django_db
def test_a_wire_file_with_a_cut_title_shows_the_ellipsis_on_its_pages(client, tmp_path):
    item = {
        "format": "digitalwires@0.9.1", "type": "composite", "urn": "urn:test:cut-title-1",
        "version": 1, "version_created": "2026-11-30T10:00:00+01:00", "pubstatus": "usable",
        "headline": "Die Länder beschließen die Einführung des digitalen Polizeif",
        "article_html": BODY,
    }  # fmt: skip
    (tmp_path / "item.json").write_text(json.dumps(item), encoding="utf-8")
    call_command("ingest", str(tmp_path))
    call_command("ingest", str(tmp_path))  # again: unchanged, the same title
    (article,) = Article.objects.filter(guid="urn:test:cut-title-1")
    assert article.headline == "Die Länder beschließen die Einführung des digitalen Polizeif…"
    for url in ("/", f"/artikel/{article.pk}/", "/suche?q=Länder"):
        assert "des digitalen Polizeif…" in client.get(url).content.decode(), url

"""The one text module: normalising, HTML to text, tokens, sentences, stop words, lemmas, slugs."""

from __future__ import annotations

from meldungen.text import (
    FUNCTION_WORDS,
    TOPIC_STOPWORDS,
    content_lemmas,
    html_to_text,
    index_words,
    lemma,
    normalize_text,
    sentence_spans,
    slug,
    split_sentences,
    words,
)
from meldungen.text.tokens import token_spans, token_spans_many


def test_normalize_quotes_dashes_spaces():
    raw = "„Wir bleiben“ – sagte sie\u00a0am «Montag» in Selenskyj’s Büro\u00ad."
    assert normalize_text(raw) == '"Wir bleiben" - sagte sie am "Montag" in Selenskyj\'s Büro.'


def test_sentences_respect_abbreviations_and_ordinals():
    text = (
        'Am 3. März sprach Dr. Anna Kehl in Kassel. Sie sagte: "Das reicht!" '
        "Danach ging es z. B. um Geld.\nNeue Zeile ohne Punkt\n\nLetzter Absatz."
    )
    assert split_sentences(text) == [
        "Am 3. März sprach Dr. Anna Kehl in Kassel.",
        'Sie sagte: "Das reicht!"',
        "Danach ging es z. B. um Geld.",
        "Neue Zeile ohne Punkt",
        "Letzter Absatz.",
    ]
    for start, end in sentence_spans(text):
        assert text[start:end] == text[start:end].strip()


def test_tokens_keep_hyphenated_compounds_with_offsets():
    text = "Der Ukraine-Krieg, sagte US-Präsident Biden.\n\nDann 2026 in Kiew."
    toks = [text[a:b] for a, b in token_spans(text)]
    assert toks == [
        "Der",
        "Ukraine-Krieg",
        ",",
        "sagte",
        "US-Präsident",
        "Biden",
        ".",
        "Dann",
        "2026",
        "in",
        "Kiew",
        ".",
    ]  # fmt: skip  (spaCy keeps "2026." as an ordinal)
    assert [text[a:b] for spans in token_spans_many([text]) for a, b in spans] == toks
    assert words(text) == ["Der", "Ukraine-Krieg", "sagte", "US-Präsident", "Biden", "Dann", "in",
                           "Kiew"]  # fmt: skip
    assert index_words(text) == ["der", "ukraine", "krieg", "sagte", "us", "präsident", "biden",
                                 "dann", "2026", "in", "kiew"]  # fmt: skip


def test_lemmas():
    assert lemma("Verhandlungen") == "verhandlung"
    assert lemma("Putins") == "putin"
    assert content_lemmas("Die Verhandlungen über ein Ende des Krieges wurden vereinbart.") == [
        "verhandlung", "ende", "krieg", "vereinbaren"
    ]  # fmt: skip


def test_stopword_lists_are_read_once_from_data():
    assert {"der", "sagte", "dpa", "montag"} <= TOPIC_STOPWORDS
    assert {"der", "während", "jene"} <= FUNCTION_WORDS
    assert "dpa" not in FUNCTION_WORDS and not any(w.startswith("#") for w in TOPIC_STOPWORDS)


def test_html_to_text_one_line_per_block_and_table_rows():
    html = (
        "<h2>Zwischentitel</h2><p>Erster &amp; <a href='x'>zweiter</a><br>Satz.</p>"
        "<ul><li>A</li></ul><p><em>Atom</em>programm</p><script>x()</script>"
    )
    assert html_to_text(html) == "Zwischentitel\nErster & zweiter\nSatz.\nA\nAtomprogramm"
    # a results table: one line per row, its cells words apart (no "Kiel2:2")
    table = (
        "<table><tr><td>Bayer Leverkusen</td><td>-</td><td>Holstein Kiel</td><td>2:2</td></tr>"
        "<tr><th>1.</th><th>Bayern München</th><th>14</th></tr></table>"
    )
    assert html_to_text(table) == "Bayer Leverkusen - Holstein Kiel 2:2\n1. Bayern München 14"
    assert html_to_text("Kein &lt;HTML&gt;") == "Kein <HTML>"
    assert html_to_text("") == ""


def test_slug():
    assert slug("Wladimir Putin") == "wladimir-putin"
    assert slug("Österreich-Ungarn") == "oesterreich-ungarn"
    assert slug("  Straße der Pariser Kommune ") == "strasse-der-pariser-kommune"
    assert slug("François Hollande") == "francois-hollande"
    assert slug("«»") == ""
    assert slug("Großbritannien") == "grossbritannien"
    assert slug("Lech Wałęsa") == "lech-walesa"  # letters outside German are transliterated
    assert slug("Москва") == "moskva"

"""German text utilities: normalising, sentences, tokens, lemmas, names and slugs."""

from __future__ import annotations

import pytest

from meldungen.enrich.text import (
    is_common_noun,
    is_role_noun,
    lemma_text,
    lemmatize,
    normalize_text,
    sentence_spans,
    slug,
    split_sentences,
    strip_genitive,
    token_spans,
    words,
)


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
    text = "Der Ukraine-Krieg, sagte US-Präsident Biden."
    toks = list(token_spans(text))
    assert ("Ukraine-Krieg" in [t for *_, t in toks]) and ("US-Präsident" in [t for *_, t in toks])
    assert all(text[a:b] == t for a, b, t in toks)
    assert words(text) == ["Der", "Ukraine-Krieg", "sagte", "US-Präsident", "Biden"]


def test_lemmas():
    assert lemmatize("Verhandlungen") == "Verhandlung"
    assert lemma_text("Die Verhandlungen über ein Ende des Krieges wurden vereinbart.") == (
        "verhandlung ende krieg vereinbaren"
    )


@pytest.mark.parametrize(
    ("word", "evidence", "expected"),
    [
        ("Putins", (), "Putin"),
        ("Trumps", (), "Trump"),
        ("Kremls", (), "Kreml"),
        ("Russlands", (), "Russland"),
        ("Paris", (), "Paris"),  # the -s belongs to the name
        ("Klaus", (), "Klaus"),
        ("Texas", (), "Texas"),
        ("Andreas", (), "Andreas"),
        ("Brandtners", {"Brandtner"}, "Brandtner"),  # unknown name: the article decides
        ("Brandtners", (), "Brandtners"),
        ("Bundestages", {"Bundestag"}, "Bundestag"),
        ("Hans'", (), "Hans"),
        ("Trump's", (), "Trump"),
        ("USA", (), "USA"),
    ],
)
def test_strip_genitive(word, evidence, expected):
    assert strip_genitive(word, evidence) == expected


def test_common_and_role_nouns():
    for noun in ("Kremlchef", "Verhandlungen", "Telefonat", "Präsident", "Ukrainer"):
        assert is_common_noun(noun), noun
    for name in ("Putin", "Trump", "Ukraine", "Paris", "Fischer", "Merz"):
        assert not is_common_noun(name), name
    for role in ("Kremlchef", "Kremlsprecher", "US-Präsident", "Bundeskanzlerin", "Dr."):
        assert is_role_noun(role), role
    for word in ("Putin", "Telefonat", "Ukraine", "kremlchef"):
        assert not is_role_noun(word), word


def test_slug():
    assert slug("Wladimir Putin") == "wladimir-putin"
    assert slug("Österreich-Ungarn") == "oesterreich-ungarn"
    assert slug("  Straße der Pariser Kommune ") == "strasse-der-pariser-kommune"
    assert slug("François Hollande") == "francois-hollande"
    assert slug("«»") == ""

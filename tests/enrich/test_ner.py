"""The shipped German NER model: loading, obvious entities, offsets, batching, held-out score."""

from __future__ import annotations

from pathlib import Path

import pytest

from meldungen.enrich import ner
from meldungen.enrich.ner import (
    Lexicon,
    Mention,
    _consistent,
    _trim_genitive,
    extract,
    extract_many,
    tag_tokens,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
FLOOR = 0.68  # measured 0.710 on the held-out 30% of GermEval dev (MODEL_CARD.md), minus a margin

TEXT = (
    "Bundeskanzlerin Angela Merkel hat am Montag in Hamburg mit dem Vorstand der "
    "Deutschen Bahn über neue Strecken gesprochen. Merkel sagte, die Bahn müsse pünktlicher werden."
)


def labelled(mentions: list[Mention]) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in mentions}


def test_model_files_are_shipped_and_small() -> None:
    files = [p for p in ner.MODEL_DIR.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"model.crfsuite", "lexicon.json.gz", "MODEL_CARD.md"} <= names
    assert sum(p.stat().st_size for p in files) <= 25 * 1024 * 1024


def test_model_loads_once() -> None:
    assert ner.load() is ner.load()


def test_extract_finds_person_city_and_organisation() -> None:
    found = labelled(extract(TEXT))
    assert ("Angela Merkel", "PER") in found
    assert ("Hamburg", "LOC") in found
    assert ("Deutschen Bahn", "ORG") in found
    assert ("Merkel", "PER") in found
    # common nouns that German capitalises are not names
    assert not any(t in {"Montag", "Vorstand", "Strecken"} for t, _ in found)


def test_mentions_carry_exact_character_offsets() -> None:
    for m in extract(TEXT):
        assert TEXT[m.start : m.end] == m.text
        assert m.label in {"PER", "LOC", "ORG"}


def test_extract_many_matches_extract_and_keeps_order() -> None:
    texts = [TEXT, "", "Der Bürgermeister von Leipzig, Jonas Hartmann, besuchte Siemens."]
    batched = list(extract_many(texts, batch_size=2))
    assert len(batched) == 3
    assert batched[0] == extract(TEXT)
    assert batched[1] == []
    assert batched[2] == extract(texts[2])


def test_tag_tokens_returns_iob2_for_each_token() -> None:
    tokens = ["Gestern", "sprach", "Olaf", "Scholz", "in", "Paris", "."]
    tags = tag_tokens(tokens)
    assert len(tags) == len(tokens)
    assert tags[2:4] == ["B-PER", "I-PER"]
    assert tags[5] == "B-LOC"
    assert tag_tokens([]) == []


def test_line_breaks_end_mentions() -> None:
    text = "Olaf Scholz\nAngela Merkel\n\nBerlin"
    found = extract(text)
    assert all("\n" not in m.text for m in found)
    assert ("Angela Merkel", "PER") in labelled(found)


def test_document_consistency_spreads_surnames_but_not_common_nouns() -> None:
    lex = Lexicon(cased={"Antrag": "N", "Richter": "N"}, zipf={}, phrases={})
    sents = [
        ["Richterin", "Jana", "Wolkow", "lehnte", "ab", "."],
        ["Wolkows", "Antrag", "scheiterte", ",", "Wolkow", "schwieg", "."],
        ["Der", "Antrag", "kam", "vom", "Richter", "."],
    ]
    tagged = [
        ["O", "B-PER", "I-PER", "O", "O", "O"],
        ["O"] * 7,
        ["O", "B-ORG", "O", "O", "O", "O"],  # a wrong ORG on a common noun
    ]
    out = _consistent(sents, tagged, lex)
    assert out[1] == ["B-PER", "O", "O", "O", "B-PER", "O", "O"]
    assert out[0] == tagged[0]
    assert out[2] == tagged[2]  # the common noun is not spread anywhere else


def test_genitive_name_plus_common_noun_is_cut_back_to_the_name() -> None:
    lex = Lexicon(cased={"Russland": "TOP", "Angriffskrieg": "N", "Bahn": "N"}, zipf={}, phrases={})
    toks = ["Russlands", "Angriffskrieg", "und", "Deutsche", "Bahn"]
    tags = ["B-LOC", "I-LOC", "O", "B-ORG", "I-ORG"]
    assert _trim_genitive(toks, list(tags), lex) == ["B-LOC", "O", "O", "B-ORG", "I-ORG"]


def test_bad_input_gives_clear_error() -> None:
    with pytest.raises(TypeError, match="needs a str"):
        extract(None)  # type: ignore[arg-type]
    assert extract("   \n ") == []


def test_heldout_germeval_dev_score() -> None:
    if not SHARED.exists():
        pytest.skip("../shared not present: GermEval dev is needed for the held-out score")
    from meldungen.enrich import nerdata
    from meldungen.enrich.ner_eval import evaluate_sentences

    _, heldout = nerdata.split_germeval(nerdata.germeval(SHARED))
    report = evaluate_sentences(heldout)
    assert len(heldout) == 650
    assert report.micro.f1 >= FLOOR

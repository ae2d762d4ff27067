"""Near-duplicate detection on invented texts and their republished copies."""

from __future__ import annotations

import numpy as np
import pytest

from meldungen.stories.dedup import (
    BANDS,
    Signature,
    band_keys,
    containment,
    copy_direction,
    is_copy,
    jaccard_estimate,
    normalise,
    signature,
)
from meldungen.text import split_sentences as sentences

from .texts import ELBE, GASPREIS, LEHRERVERBAND, SCHULGESETZ

SENTS = sentences(SCHULGESETZ)


def test_normalise_strips_dateline_credit_quotes_and_dashes() -> None:
    raw = "Hannover (dpa) - Sie sprach von einem „guten Tag“ – und ging.\n© dpa-infocom\nAnzeige"
    assert normalise(raw) == "sie sprach von einem guten tag und ging"
    assert normalise("«Guten Tag» — sagte sie") == normalise('"Guten Tag" - sagte sie')


def test_sentence_split_gives_the_nine_sentences() -> None:
    assert len(SENTS) == 9
    assert SENTS[2].startswith("Kultusministerin Helga Brenneke")


COPIES = {
    "identical": SCHULGESETZ,
    "cut_short": " ".join(SENTS[:3]),
    "cut_to_lead": SENTS[0],
    "sentence_dropped": " ".join(SENTS[:4] + SENTS[5:]),
    "dateline_and_credit": "Hannover (dpa) - " + SCHULGESETZ + "\n© dpa-infocom, dpa:261126-99-1",
    "quotes_restyled": SCHULGESETZ.replace("„", "«").replace("“", "»"),
    "boilerplate": SCHULGESETZ + "\nKommentar abgeben\nMehr zum Thema: Bildung in Niedersachsen",
    "boilerplate_inline": SCHULGESETZ + " Dieser Text stammt aus dem Angebot einer Agentur.",
    "all_at_once": "HANNOVER (AFP) - "
    + " ".join(SENTS[:2] + SENTS[3:7]).replace("„", '"').replace("“", '"')
    + "\n(dpa/AFP)",
}


@pytest.mark.parametrize("name", sorted(COPIES))
def test_mutated_copy_is_a_copy_of_the_original(name: str) -> None:
    orig, copy = signature(SCHULGESETZ), signature(COPIES[name])
    assert is_copy(orig, copy) and is_copy(copy, orig)
    assert copy_direction(copy, orig) == "copy"


def test_teaser_contained_in_a_later_full_text_extends_it() -> None:
    teaser = signature(SENTS[0])
    assert copy_direction(signature(SCHULGESETZ), teaser) == "extends"


@pytest.mark.parametrize("other", [LEHRERVERBAND, ELBE, GASPREIS])
def test_distinct_articles_are_not_copies(other: str) -> None:
    a, b = signature(SCHULGESETZ), signature(other)
    assert not is_copy(a, b)
    assert copy_direction(a, b) == ""
    assert containment(a, b) < 0.2


def test_tiny_texts_are_never_copies() -> None:
    assert not is_copy(signature("Landtag tagt"), signature("Landtag tagt"))
    assert not is_copy(signature(""), signature(SCHULGESETZ))


def test_jaccard_estimate_tracks_overlap() -> None:
    orig = signature(SCHULGESETZ)
    assert jaccard_estimate(orig, signature(SCHULGESETZ)) == 1.0
    half = jaccard_estimate(orig, signature(" ".join(SENTS[:5])))
    assert 0.3 < half < 0.75
    assert jaccard_estimate(orig, signature(ELBE)) < 0.1


def test_band_keys_are_shared_by_copies_not_by_other_texts() -> None:
    keys = band_keys(signature(SCHULGESETZ))
    assert len(keys) == BANDS + 1
    assert all(k.startswith("b") or k.startswith("h:") for k in keys)
    assert keys[1].startswith("b0:") and keys[-1].startswith(f"b{BANDS - 1}:")
    assert set(keys) & set(band_keys(signature(COPIES["sentence_dropped"])))
    assert set(keys) & set(band_keys(signature(COPIES["cut_to_lead"])))  # the opening words
    assert not set(keys) & set(band_keys(signature(LEHRERVERBAND)))
    assert band_keys(signature("")) == []


def test_signature_is_deterministic_and_round_trips_through_bytes() -> None:
    a, b = signature(SCHULGESETZ), signature(SCHULGESETZ)
    assert np.array_equal(a.minhash, b.minhash) and a.head == b.head
    back = Signature.from_bytes(a.to_bytes())
    assert np.array_equal(back.minhash, a.minhash)
    assert (back.n_shingles, back.lead, back.head) == (a.n_shingles, a.lead, a.head)
    with pytest.raises(ValueError, match="signature blob"):
        Signature.from_bytes(a.to_bytes()[:-3])

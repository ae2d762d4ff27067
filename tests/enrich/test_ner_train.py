"""Pieces of the NER training that need no corpora: surname copies, name-shape word lists."""

from __future__ import annotations

import random

from meldungen.training.ner_lexicon import shape_training_words
from meldungen.training.ner_train import surname_copies


def test_surname_copies_cut_full_names_to_the_surname_and_keep_other_sentences_out() -> None:
    sents = [
        (
            ["Emmanuel", "Macron", "traf", "Olaf", "Scholz", "in", "Paris", "."],
            ["B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "B-LOC", "O"],
        ),
        (["Merz", "sprach", "."], ["B-PER", "O", "O"]),  # no full name: no copy
        (["Die", "Stadt", "Köln", "wächst"], ["O", "O", "B-LOC", "O"]),
    ]
    copies = surname_copies(sents, 1.0, random.Random(1))
    assert copies == [
        (
            ["Macron", "traf", "Scholz", "in", "Paris", "."],
            ["B-PER", "O", "B-PER", "O", "B-LOC", "O"],
        )
    ]
    assert sents[0][0][0] == "Emmanuel"  # the originals are left as they were
    assert surname_copies(sents, 0.0, random.Random(1)) == []


def test_shape_training_words_keep_unambiguous_capitalised_words_only() -> None:
    cased = {
        "Moretti": {"xl"},
        "Kisdorf": {"sLOC"},
        "Regierung": {"N"},
        "Fischer": {"N", "NN"},  # a noun that is also a surname counts as a name
        "Wolf": {"N", "TOP"},
        "Lindner": {"NN", "TOP"},  # a surname and a place: ambiguous, left out
        "ab": {"N"},  # lower case and short: left out
    }
    phrases = {("Siemens",): "ORG", ("Bad", "Homburg"): "LOC"}
    train, held = shape_training_words(cased, phrases, seed=7)
    both = {k: set(train.get(k, [])) | set(held.get(k, [])) for k in ("PER", "LOC", "ORG", "NOUN")}
    assert both == {
        "PER": {"Moretti", "Fischer"},
        "LOC": {"Kisdorf", "Wolf"},
        "ORG": {"Siemens"},
        "NOUN": {"Regierung"},
    }

"""The letters-only name-shape model: training, held-out words, saving and the tagger feature."""

from __future__ import annotations

from pathlib import Path

from meldungen.enrich import ner
from meldungen.enrich.nameshape import BUCKETS, CLASSES, NameShape, ngrams
from meldungen.training.nameshape_train import accuracy, fit_name_shape

# Hand-written word lists with clear letter patterns: Italian-looking surnames, places in
# -ingen / -dorf, organisations as acronyms with -AG, German compound nouns in -ung / -heit.
TRAIN = {
    "PER": ["Bertolini", "Mancuso", "Rossini", "Ferrante", "Lombardi", "Carluccio", "Moretti"],
    "LOC": ["Böblingen", "Sindelfingen", "Kisdorf", "Ottendorf", "Tübingen", "Ellwangen"],
    "ORG": ["BASF", "GmbH", "AG", "KfW", "DGB", "ADAC", "BMW"],
    "NOUN": ["Verhandlung", "Regierung", "Freiheit", "Sicherheit", "Zeitung", "Gesundheit"],
}


def test_ngrams_are_hashed_into_the_buckets_and_ignore_case() -> None:
    grams = ngrams("Putin")
    assert grams == ngrams("PUTIN")
    assert all(0 <= g < BUCKETS for g in grams)
    # 2..5-grams of "<putin>" (7 characters): 6 + 5 + 4 + 3
    assert len(grams) == 18


def test_fit_learns_letter_patterns_that_carry_over_to_unseen_words() -> None:
    model = fit_name_shape(TRAIN, epochs=30)
    assert CLASSES[int(model.proba("Bellucci").argmax())] == "PER"
    assert CLASSES[int(model.proba("Esslingen").argmax())] == "LOC"
    assert CLASSES[int(model.proba("Entscheidung").argmax())] == "NOUN"
    p = model.proba("Rossini")
    assert abs(float(p.sum()) - 1.0) < 1e-5
    assert accuracy(model, {"PER": ["Rossini", "Moretti"]}) == {"PER": 1.0}


def test_feature_names_class_and_band_and_survives_save_and_load(tmp_path: Path) -> None:
    model = fit_name_shape(TRAIN, epochs=30)
    feature = model.feature("Mancuso")
    assert feature.startswith("ns=PER") and feature[-1] in "0123"
    model.save(tmp_path)
    again = NameShape.load(tmp_path)
    assert again is not None
    assert again.feature("Mancuso") == feature  # float16 weights keep the decision
    assert NameShape.load(tmp_path / "missing") is None


def test_lexicon_uses_the_shape_model_for_capitalised_words_only(tmp_path: Path) -> None:
    lex = ner.Lexicon({}, {}, {})
    lex.shape = fit_name_shape(TRAIN, epochs=30)
    assert any(f.startswith("ns=") for f in lex.word_features("Ferrucci"))
    assert not any(f.startswith("ns=") for f in lex.word_features("ferrucci"))
    lex.save(tmp_path)
    assert ner.Lexicon.load(tmp_path).shape is not None


def test_shipped_model_has_a_shape_model_that_knows_names_from_nouns() -> None:
    lex = ner.load().lexicon
    assert lex.shape is not None
    assert lex.shape.feature("Berlusconi").startswith("ns=PER")
    assert lex.shape.feature("Verhandlungen").startswith("ns=NOUN")
    assert lex.shape.feature("Telefonat").startswith("ns=NOUN")

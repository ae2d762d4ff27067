"""The NER's caches (a word's feature parts, the tokens of a run of non-space characters, the
rebuilt spaCy tokenizer) change no output: pinned mentions of hand-written sentences, the same
word in different contexts, bounded caches, spaCy's own tokens."""

from __future__ import annotations

import pytest

from meldungen.enrich import ner, ner_features
from meldungen.enrich.ner_features import Lexicon, model_attributes, sentence_features
from meldungen.text import tokens

SENTENCES = [
    "Bundesaußenministerin Annalena Baerbock reiste am Dienstag nach Warschau, um mit der "
    "polnischen Regierung über die NATO zu sprechen.",
    "Der Fischer aus Kiel verkaufte seinen Fang auf dem Markt, während Helene Fischer in der "
    "Berliner Waldbühne sang.",
    "Die Deutsche Telekom und Siemens eröffnen in München ein gemeinsames Forschungszentrum.",
    "Laut Olaf Scholz will die SPD den Mindestlohn erhöhen; die CDU in Nordrhein-Westfalen "
    "lehnt das ab.",
    "Fischer sagte am Abend: Die Bahn fährt wieder.",
]
# The shipped model's output before the caches (main at ce93a57), right or wrong: a pin.
PINNED = [
    [("Annalena Baerbock", "PER", 22, 39), ("Warschau", "LOC", 64, 72), ("NATO", "ORG", 115, 119)],
    [("Kiel", "LOC", 16, 20), ("Helene", "PER", 66, 72), ("Berliner Waldbühne", "ORG", 88, 106)],
    [("Siemens", "ORG", 25, 32), ("München", "LOC", 45, 52)],
    [("Olaf Scholz", "PER", 5, 16), ("SPD", "ORG", 26, 29), ("CDU", "ORG", 59, 62),
     ("Nordrhein-Westfalen", "LOC", 66, 85)],
    [("Fischer", "PER", 0, 7)],
]  # fmt: skip
# All five as one document: the document rules make the fisherman of the second a person too,
# and "Helene" a whole "Helene Fischer" (the bare "Fischer" the document tags a person; 2026-12-06).
PINNED_DOCUMENT = [
    ("Annalena Baerbock", "PER", 22, 39), ("Warschau", "LOC", 64, 72), ("NATO", "ORG", 115, 119),
    ("Fischer", "PER", 138, 145), ("Kiel", "LOC", 150, 154), ("Helene Fischer", "PER", 200, 214),
    ("Berliner Waldbühne", "ORG", 222, 240), ("Siemens", "ORG", 273, 280),
    ("München", "LOC", 293, 300), ("Olaf Scholz", "PER", 342, 353), ("SPD", "ORG", 363, 366),
    ("CDU", "ORG", 396, 399), ("Nordrhein-Westfalen", "LOC", 403, 422),
    ("Fischer", "PER", 438, 445),
]  # fmt: skip


def found(text: str) -> list[tuple[str, str, int, int]]:
    return [(m.text, m.label, m.start, m.end) for m in ner.extract(text)]


@pytest.fixture
def empty_caches(monkeypatch):
    """The shipped model with its word cache and the token run cache emptied for the test."""
    model = ner.load()
    monkeypatch.setattr(model.lexicon, "_parts", {})
    monkeypatch.setattr(model._input, "_words", {})
    monkeypatch.setattr(tokens, "_runs", {})
    return model


def test_pinned_mentions_of_hand_written_sentences(empty_caches) -> None:
    assert [found(s) for s in SENTENCES] == PINNED
    assert found("\n\n".join(SENTENCES)) == PINNED_DOCUMENT
    # again with every word and run cached, and in the other order
    assert [found(s) for s in reversed(SENTENCES)] == PINNED[::-1]
    assert found("\n\n".join(SENTENCES)) == PINNED_DOCUMENT


def test_a_cached_word_has_the_same_features_in_every_context(empty_caches) -> None:
    lex = empty_caches.lexicon
    fresh = Lexicon(lex.cased, lex.zipf, lex.phrases, lex.clusters)
    fresh.shape = lex.shape
    contexts = [
        ["Fischer"],
        ["Fischer", "sagte", "das", "."],
        ["Der", "Fischer", "aus", "Kiel", "."],
        ["Helene", "Fischer", "sang", "in", "Berlin", "Fischer"],
        ["Die", "Deutsche", "Bahn", "und", "die", "deutsche", "Bahn", "Fischer"],
    ]
    for toks in contexts:  # the shared lexicon has Fischer cached from the first context on
        cached = sentence_features(lex, toks)
        fresh._parts.clear()
        assert cached == sentence_features(fresh, toks)
    assert "Fischer" in lex._parts
    assert lex.word_features("Fischer") == fresh._word_features("Fischer")


def test_word_cache_is_bounded_and_eviction_changes_nothing(empty_caches, monkeypatch) -> None:
    expected = [found(s) for s in SENTENCES]
    monkeypatch.setattr(ner_features, "PARTS_CACHE", 8)
    empty_caches.lexicon._parts.clear()
    empty_caches._input._words.clear()
    assert [found(s) for s in SENTENCES * 2] == expected * 2
    assert len(empty_caches.lexicon._parts) <= 8
    assert 0 < len(empty_caches._input._words) <= 8


def test_tagger_input_is_the_plain_features_the_models_know(empty_caches) -> None:
    """TaggerInput gives sentence_features and stack_features without the strings neither
    model has a weight for (CRFsuite skips them), UTF-8 encoded: the same input as before."""
    model = empty_caches
    known_a = {a for a, _ in model._stage_a.info().state_features}
    known_b = {a for a, _ in model._tagger.info().state_features}
    # the attribute dictionaries read from the model files are what CRFsuite itself lists
    assert model_attributes(model.folder / "stack_a.crfsuite") == known_a
    assert model_attributes(model.folder / "model.crfsuite") == known_b
    known = known_a | known_b
    assert model._input.known.keys() == known
    for text in [*SENTENCES, "\n\n".join(SENTENCES), "Berlin", "Die Berliner Polizei ."]:
        spans = tokens.token_spans(text)
        toks = [text[a:b] for a, b in spans]
        for _ in range(2):  # with a cold and a warm word cache
            plain = sentence_features(model.lexicon, toks)
            fast = model._input.features(toks)
            assert fast == [[s.encode() for s in f if s in known] for f in plain]
            tags, conf = ner_features.stage_a_tags(model._stage_a, plain)
            assert ner_features.stage_a_tags(model._stage_a, fast) == (tags, conf)
            stacked = [list(f) for f in plain]
            ner_features.stack_features(stacked, tags, conf)
            expected = [
                [*f, *[s.encode() for s in g[len(p) :] if s in known_b]]
                for f, p, g in zip(fast, plain, stacked, strict=True)
            ]
            model._input.stack(fast, tags, conf)
            assert fast == expected


def test_words_crfsuite_reads_otherwise_take_the_plain_way(empty_caches, monkeypatch) -> None:
    # a NUL ends a feature string in C ("w=Berlin\0x" is looked up as "w=Berlin")
    assert empty_caches._input.features(["In", "Berlin\0x", "."]) is None
    assert empty_caches._input.features(["In", "Berlin\udc80", "."]) is None
    assert empty_caches._input.features(["In", "Berlin", "."]) is not None
    texts = [*SENTENCES, "Angela Merkel\0 kam nach Berlin\0x und Kiel\0."]
    fast = [found(t) for t in texts]
    monkeypatch.setattr(empty_caches, "_input", None)  # sentence_features, every string
    assert [found(t) for t in texts] == fast


def spacy_spans(text: str) -> list[tuple[int, int]]:
    import spacy

    doc = spacy.blank("de").tokenizer(text)
    return [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]


def test_token_runs_cut_as_spacy_cuts_the_whole_text(monkeypatch) -> None:
    monkeypatch.setattr(tokens, "_runs", {})
    texts = [
        *SENTENCES,
        "z. B. am 3. Okt. 2026 (ca. 20 Uhr) – laut „FAZ“: 1,5 Mio. Euro, u.a. für E-Autos.",
        # ":" then ")" can be one special case across the space; alone "):allg." makes "):"
        "einfallen: ):allg. Sie",
        "):allg.",
        "  Absatz eins.\n\n\tAbsatz  zwei :-) ;) e.V. http://example.org/a?b=1 \xa0Ende",
    ]
    for text in texts + texts[::-1]:
        assert tokens.token_spans(text) == spacy_spans(text), text
    assert len(tokens._runs) > 20


def test_tokenizer_is_made_anew_past_the_vocabulary_limit(monkeypatch) -> None:
    monkeypatch.setattr(tokens, "VOCAB_LIMIT", 1000)
    monkeypatch.setattr(tokens, "_runs", {})
    first = tokens.spacy_tokenizer()
    words = " ".join(f"Wort{i}" for i in range(600))
    assert tokens.token_spans(words) == spacy_spans(words)
    assert tokens.spacy_tokenizer() is not first
    assert len(tokens.spacy_tokenizer().vocab) <= 1000
    assert [found(s) for s in SENTENCES] == PINNED


def test_a_hostile_word_is_not_kept(empty_caches) -> None:
    blob = "Ab-" + "x" * 200_000
    text = f"Die {blob} und {blob[:50]} in Berlin."
    assert found(text) == found(text)
    assert blob not in empty_caches._input._words
    assert all(len(x) <= ner_features.PARTS_CACHED_UP_TO for x in empty_caches._input._features)

"""German named-entity recognition (PER, LOC, ORG) with the model shipped in meldungen/models/ner.

The model is a linear-chain CRF (CRFsuite) over lexical features built for German: German
capitalises every noun, so the signals that matter are whether a capitalised word is a known
common noun (german-nouns forms), how frequent its lowercase form is (wordfreq), and whether it
is a known first name, surname, place or organisation (gazetteers). These lexicons are baked
into the model folder at training time, so loading needs neither network nor those packages.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from meldungen.enrich.mention import Mention
from meldungen.enrich.ner_features import (
    Lexicon,
    TaggerInput,
    model_attributes,
    sentence_features,
    stack_features,
    stage_a_tags,
)
from meldungen.enrich.ner_role_rules import _person_after_role, _unknown_after_role
from meldungen.enrich.ner_rules import (
    _COMMON,
    _FIRST_ANY,
    LABELS,
    _consistent,
    _english_names,
    _first_name,
    _join_particles,
    _known_organisations,
    _person_by_first_name,
    _person_surnames,
    _repair,
    _repeated_full_names,
    _spans,
    _surnames_after_first_names,
    _trim_genitive,
    _whole_surname,
    drop_lone_adjectives,
    place_of_adjective,
)
from meldungen.loadcache import loaded
from meldungen.text.sentences import sentence_spans
from meldungen.text.tokens import token_spans, token_spans_many

__all__ = ["LABELS", "Lexicon", "Mention", "NerModel", "extract", "extract_many", "load"]

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner"


class NerModelError(RuntimeError):
    """The model folder is missing or incomplete."""


MAX_SENTENCE_TOKENS = 200


def _sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges of the sentences of `text` (the one splitter, meldungen.text.sentences: it
    cuts at line breaks too), at most MAX_SENTENCE_TOKENS long: the CRF works per sentence, and
    short sequences keep the BOS/EOS features meaningful."""
    starts = {a for a, _ in sentence_spans(text)}
    out: list[tuple[int, int]] = []
    start = 0
    for k in range(1, len(spans) + 1):
        if k == len(spans) or spans[k][0] in starts or k - start >= MAX_SENTENCE_TOKENS:
            out.append((start, k))
            start = k
    return out


class NerModel:
    """A loaded model: lexicon, and a CRF tagger, optionally stacked on a first-stage CRF
    trained on the large out-of-domain / silver data (stack_a.crfsuite)."""

    def __init__(self, folder: Path):
        import pycrfsuite

        if not (folder / "model.crfsuite").exists() or not (folder / "lexicon.json.gz").exists():
            raise NerModelError(f"NER model files missing in {folder}")
        self.folder = folder
        self.lexicon = Lexicon.load(folder)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(folder / "model.crfsuite"))
        self._stage_a = None
        if (folder / "stack_a.crfsuite").exists():
            self._stage_a = pycrfsuite.Tagger()
            self._stage_a.open(str(folder / "stack_a.crfsuite"))
        self._lock = threading.Lock()  # a CRFsuite tagger is not thread-safe
        # the taggers' input without the feature strings neither has a weight for, as bytes
        # (the same labels, less to convert); None: the plain sentence_features
        self._input: TaggerInput | None = None
        if self._stage_a is not None:
            known_a, known_b = loaded(
                "ner-attributes",
                [folder / "stack_a.crfsuite", folder / "model.crfsuite"],
                lambda: (
                    model_attributes(folder / "stack_a.crfsuite"),
                    model_attributes(folder / "model.crfsuite"),
                ),
            )
            if known_a is not None and known_b is not None:
                self._input = TaggerInput(self.lexicon, known_a, known_b)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 labels of one sentence; an adjective alone is O (GermEval's LOCderiv)."""
        return drop_lone_adjectives(tokens, self._tag(tokens), self.lexicon)

    def _tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        feats = self._input.features(tokens) if self._input is not None else None
        if feats is not None:
            with self._lock:
                self._input.stack(feats, *stage_a_tags(self._stage_a, feats))
                tags = self._tagger.tag(feats)
            return _finish(tokens, tags, self.lexicon)
        feats = sentence_features(self.lexicon, tokens)
        with self._lock:
            if self._stage_a is not None:
                tags_a, conf = stage_a_tags(self._stage_a, feats)
                stack_features(feats, tags_a, conf)
            tags = self._tagger.tag(feats)
        return _finish(tokens, tags, self.lexicon)

    def tag_document(
        self, sentences: Sequence[Sequence[str]], keep_adjectives: bool = False
    ) -> list[list[str]]:
        """Tag the sentences of one document, then make names consistent across it. With
        keep_adjectives, an adjective alone keeps its label (`_mentions` makes a place of it)."""
        tagged = [self._tag(toks) for toks in sentences]
        tagged = _repeated_full_names(sentences, tagged, self.lexicon)
        tagged = _surnames_after_first_names(sentences, tagged)
        tagged = _consistent(sentences, _known_organisations(sentences, tagged, self.lexicon),
                             self.lexicon)  # fmt: skip
        tagged = _person_surnames(sentences, tagged, self.lexicon)
        if keep_adjectives:
            return tagged
        return [
            drop_lone_adjectives(t, g, self.lexicon) for t, g in zip(sentences, tagged, strict=True)
        ]


def _finish(tokens: Sequence[str], tags: list[str], lex: Lexicon) -> list[str]:
    """The rules over one sentence's CRF output (``ner_role_rules``, then ``ner_rules``)."""
    tags = _person_after_role(tokens, _unknown_after_role(tokens, _repair(tags), lex), lex)
    tags = _person_by_first_name(tokens, tags, lex)
    tags = _whole_surname(tokens, tags, lex)
    tags = _join_particles(tokens, _trim_genitive(tokens, tags, lex))
    return _english_names(tokens, tags, lex)


_model: NerModel | None = None
_model_lock = threading.Lock()


def load(folder: Path | None = None) -> NerModel:
    """The shipped model, loaded once (or a model from another folder, not cached)."""
    global _model
    if folder is not None:
        return NerModel(Path(folder))
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = NerModel(MODEL_DIR)
    return _model


def is_first_name(word: str) -> bool:
    """A word that only a first name can be ("Alexander", "Helene"; not "Mark", a noun too),
    by the shipped model's lexicon."""
    return _first_name(load().lexicon, word)


def is_organisation_acronym(word: str) -> bool:
    """An acronym the lexicon's gazetteer lists as an organisation ("DFB", "NPD", "ZDF")."""
    return word.isupper() and 2 <= len(word) <= 6 and "gORG" in load().lexicon.classes(word)


def may_be_first_name(word: str) -> bool:
    """A word one of the lexicon's first-name lists has, a noun or not ("Marcello", "Rose")."""
    return bool(load().lexicon.classes(word) & _FIRST_ANY)


def is_plain_noun(word: str) -> bool:
    """A common noun that no name list of the lexicon has ("Behörde"; not "Rose", "Hammer")."""
    classes = load().lexicon.classes(word)
    return "N" in classes and classes <= _COMMON


def tag_tokens(tokens: list[str], model: NerModel | None = None) -> list[str]:
    """IOB2 labels (B-PER, I-LOC, O, ...) for one pre-tokenised sentence."""
    return (model or load()).tag(tokens)


def _mentions(text: str, spans: list[tuple[int, int]], model: NerModel) -> list[Mention]:
    tokens = [text[a:b] for a, b in spans]
    sents = [tokens[i:j] for i, j in _sentences(text, spans)]
    tags = [t for sent_tags in model.tag_document(sents, keep_adjectives=True) for t in sent_tags]
    out: list[Mention] = []
    for i, j, lab in _pairs_apart(tokens, _spans(tags)):
        a, b = spans[i][0], spans[j - 1][1]
        place = (
            place_of_adjective(tokens[i], model.lexicon) if j - i == 1 and lab != "PER" else None
        )
        # "die Wiener Polizei" names no place called "Wiener", but it does mention Vienna
        out.append(
            Mention(a, b, text[a:b], "LOC", place) if place else Mention(a, b, text[a:b], lab)
        )
    return out


_DASHES = frozenset({"-", "–", "—"})
_BETWEEN_NAMES = _DASHES | {",", ";"}
_ARTICLES_CAPITALISED = frozenset({"Der", "Die", "Das", "Dem", "Den", "Des"})


def _pairs_apart(
    tokens: Sequence[str], found: Iterable[tuple[int, int, str]]
) -> Iterator[tuple[int, int, str]]:
    """A span with a lone dash inside names two ("Bayer Leverkusen - Holstein Kiel", a match
    or a route), and so does one with a comma inside ("Commerzbank, Deutsche Bank", a list)
    or a capitalised article after its first word, where a full stop went missing ("gegen
    den FC Arsenal Der FC Bayern steckt"): one span each side."""
    for i, j, lab in found:
        start = i
        for k in range(i, j):
            if tokens[k] in _BETWEEN_NAMES or (
                k > start and tokens[k] in _ARTICLES_CAPITALISED and tokens[k - 1] != "/"
            ):
                if k > start:
                    yield start, k, lab
                start = k + 1
        if start < j:
            yield start, j, lab


def extract(text: str, model: NerModel | None = None) -> list[Mention]:
    """PER/LOC/ORG mentions in `text` with character offsets."""
    if not isinstance(text, str):
        raise TypeError(f"extract() needs a str, got {type(text).__name__}")
    if not text.strip():
        return []
    return _mentions(text, token_spans(text), model or load())


def extract_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[list[Mention]]:
    """Mentions for each text, tokenising in batches with spaCy's pipe."""
    model = load()
    batch: list[str] = []
    for text in texts:
        batch.append(text if isinstance(text, str) else "")
        if len(batch) >= batch_size:
            yield from _mentions_of_batch(batch, model)
            batch = []
    yield from _mentions_of_batch(batch, model)


def _mentions_of_batch(batch: list[str], model: NerModel) -> Iterator[list[Mention]]:
    for text, spans in zip(batch, token_spans_many(batch), strict=True):
        yield _mentions(text, spans, model) if spans else []

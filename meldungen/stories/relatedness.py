"""How related two articles are, for "Weitere Meldungen": a learned combination of signals.

Signals of a pair (``FEATURES``): cosine of the lemma TF-IDF vectors with compounds split into
their parts ("Lockdownverlängerung" also counts as "Lockdown" and "Verlängerung"), overlap of
the few most salient terms (the "more like this" idea of search engines), headline cosine,
shared canonical entities weighted by salience and rarity, a shared place, days apart, same
story. A logistic model over them gives P(a reader calls the two related); its weights are
learned (``meldungen/training/related_train.py``) and shipped in ``data/related_weights.json``.
Pure core: no Django, no database.
"""

from __future__ import annotations

import gzip
import heapq
import json
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from meldungen.stories.similarity import cosine, normalised, prior_doc_prob

FEATURES = ("terms", "salient", "title", "entities", "place", "days", "story")
TEXT_FEATURES = ("terms", "salient", "title")  # zero when a side has no text vector
SALIENT_TERMS = 10  # terms per article in the "more like this" overlap
PART_WEIGHT = 0.5  # a compound's part weighs half the compound
PART_MAX_PRIOR = 0.03  # parts frequent in general German ("Tag", "Jahr") add no evidence
MIN_PART = 3
_DATA = Path(__file__).with_name("data")
_NOUNS = Path(__file__).resolve().parents[1] / "enrich" / "lexicon" / "common_nouns.txt.gz"
WEIGHTS_PATH = _DATA / "related_weights.json"

Vector = dict[str, float]


@dataclass(frozen=True)
class Profile:
    """An article as relatedness sees it (the shell builds these from its stored records)."""

    id: str
    published: datetime
    terms: Mapping[str, float] = field(default_factory=dict)  # lemma TF-IDF vector
    title_terms: Mapping[str, float] = field(default_factory=dict)
    entities: Mapping[str, float] = field(default_factory=dict)  # canonical key -> salience
    places: frozenset[str] = frozenset()  # entity keys that are places
    story_id: str | None = None
    copy_of: str | None = None
    text_length: int = 0


def _lexicon_forms(path: Path) -> dict[str, str]:
    """Lower-cased forms of a lexicon list -> as written ({} without the file)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            words = [w for w in fh.read().split("\n") if w]
    except OSError:
        return {}
    return {w.lower(): w for w in words}


@lru_cache(maxsize=1)
def noun_forms() -> Mapping[str, str]:
    """Lower-cased German common noun forms -> as written (from the enrich lexicon data file)."""
    return _lexicon_forms(_NOUNS)


@lru_cache(maxsize=1)
def display_forms() -> Mapping[str, str]:
    """``noun_forms`` and the nouns that are also names ("plan" -> "Plan"), for showing terms
    (the model's features keep ``noun_forms``, as they were trained)."""
    return {**_lexicon_forms(_NOUNS.with_name("name_nouns.txt.gz")), **noun_forms()}


@lru_cache(maxsize=100_000)
def compound_parts(term: str) -> tuple[str, ...]:
    """Parts of a German compound lemma: hyphen parts, else modifier + head where the head is
    a common noun and the modifier (without a linking -s/-es/-n) one too; () if not a compound."""
    if "-" in term:
        parts = tuple(p for p in term.split("-") if len(p) >= MIN_PART)
        return parts if len(parts) > 1 else ()
    nouns = noun_forms()
    if len(term) < 2 * MIN_PART + 1 or not nouns:
        return ()
    prior = prior_doc_prob()
    best: tuple[float, tuple[str, str]] | None = None
    for i in range(MIN_PART, len(term) - MIN_PART + 1):
        head, mod = term[i:], term[:i]
        if head not in nouns:
            continue
        for cut in ("", "s", "es", "n", "en"):
            if cut and not mod.endswith(cut):
                continue
            stem = mod[: len(mod) - len(cut)]
            if len(stem) >= MIN_PART and stem in nouns:
                # of several readings the one of common words wins: Bundes|tag, not Bunde|stag
                fit = min(prior.get(stem, 0.0), prior.get(head, 0.0))
                if best is None or fit > best[0]:
                    best = (fit, (stem, head))
    if best is not None:
        return best[1]
    return ()


@lru_cache(maxsize=200_000)
def informative_parts(term: str) -> tuple[str, ...]:
    """The parts of a compound that say something (not frequent in general German)."""
    prior = prior_doc_prob()
    return tuple(p for p in compound_parts(term) if prior.get(p, 0.0) <= PART_MAX_PRIOR)


def expanded(vector: Mapping[str, float]) -> Vector:
    """The vector plus the informative parts of its compounds, L2-normalised."""
    out = dict(vector)
    for term, w in vector.items():
        for part in informative_parts(term):
            out[part] = out.get(part, 0.0) + PART_WEIGHT * w
    return normalised(out)


def salient(vector: Mapping[str, float], n: int = SALIENT_TERMS) -> Vector:
    """The ``n`` heaviest terms (ties by term)."""
    if len(vector) <= n:
        return dict(vector)
    cut = heapq.nlargest(n, vector.values())[-1]  # the n-th weight, found without a key function
    top = {t: w for t, w in vector.items() if w > cut}
    ties = sorted(t for t, w in vector.items() if w == cut)[: n - len(top)]
    top.update((t, cut) for t in ties)
    return top


def _entity_cosine(a: Profile, b: Profile, rarity: Callable[[str], float]) -> float:
    shared = a.entities.keys() & b.entities.keys()
    if not shared:
        return 0.0
    wa = {k: s * rarity(k) for k, s in a.entities.items()}
    wb = {k: s * rarity(k) for k, s in b.entities.items()}
    return cosine(wa, wb)


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    return sum(a[t] * b[t] for t in a.keys() & b.keys())  # few shared terms: no full pass


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """``similarity.cosine`` over the shared terms only, norms in C (one article vs many)."""
    dot = _dot(a, b) if a and b else 0.0
    return dot / (math.hypot(*a.values()) * math.hypot(*b.values())) if dot else 0.0


def pair_features(
    a: Profile,
    b: Profile,
    rarity: Callable[[str], float],
    ea: Vector | None = None,
    eb: Vector | None = None,
    sa: Vector | None = None,
) -> list[float]:
    """The ``FEATURES`` of a pair; ``ea``/``eb`` are ``expanded(a.terms)``/``expanded(b.terms)``
    and ``sa`` is ``salient(ea)`` when the caller has them already (one article against many)."""
    ea = expanded(a.terms) if ea is None else ea
    eb = expanded(b.terms) if eb is None else eb
    sa = salient(ea) if sa is None else sa
    days = abs((a.published - b.published).total_seconds()) / 86400.0
    return [
        _dot(ea, eb),  # both are L2-normalised
        _cosine(sa, salient(eb)),
        _cosine(a.title_terms, b.title_terms),
        _entity_cosine(a, b, rarity),
        1.0 if a.places & b.places else 0.0,
        math.log1p(days),
        1.0 if a.story_id is not None and a.story_id == b.story_id else 0.0,
    ]


THEME_SHARE = 0.25  # a shared term names the theme only with this share of the strongest's


def shared_theme(
    a_terms: Vector, b_terms: Vector, n: int = 3, words: Collection[str] | None = None
) -> tuple[str, ...]:
    """The strongest shared nouns, as written: the theme two articles share, for
    "Gemeinsam: ..." when they share no named entity. Terms far weaker than the strongest
    ("Arbeitslosenquote, Punkt, Zahl"), the parts of a shared compound that is shown ("Zins"
    beside "Leitzins"), terms that are no noun ("tote", "digital"), nouns frequent in general
    German ("Mensch", as ``PART_MAX_PRIOR`` says of compound parts) and, given ``words`` (the
    terms the articles use as words), parts that neither article uses as a word ("Ist" of
    "Terrorist" and "Islamist") are left out."""
    forms, prior = display_forms(), prior_doc_prob()
    both = {
        t: a_terms[t] * b_terms[t]
        for t in a_terms.keys() & b_terms.keys()
        if (t in forms or "-" in t)
        and (words is None or t in words)
        and prior.get(t, 0.0) <= PART_MAX_PRIOR
    }
    if not both:
        return ()
    ranked = sorted(both, key=lambda t: (-both[t], t))
    strong = [t for t in ranked if both[t] >= THEME_SHARE * both[ranked[0]]]
    whole = [t for t in strong if not any(t in compound_parts(o) for o in strong)]
    return tuple(forms.get(t) or t[:1].upper() + t[1:] for t in whole[:n])


@dataclass(frozen=True)
class RelatednessModel:
    """Logistic model: P(related) = 1 / (1 + exp(-(bias + sum w_i * x_i)))."""

    weights: Mapping[str, float]
    bias: float
    threshold: float  # below it a candidate is not shown
    text_weights: Mapping[str, float] | None = None  # used when both sides have text vectors
    text_bias: float = 0.0

    @classmethod
    def from_dict(cls, data: Mapping) -> RelatednessModel:
        ent, full = data["entities_only"], data["full"]
        return cls(
            weights={k: float(ent["weights"][k]) for k in ent["weights"]},
            bias=float(ent["bias"]),
            threshold=float(data["threshold"]),
            text_weights={k: float(full["weights"][k]) for k in full["weights"]},
            text_bias=float(full["bias"]),
        )

    def probability(self, features: Sequence[float], has_text: bool = True) -> float:
        named = dict(zip(FEATURES, features, strict=True))
        if has_text and self.text_weights is not None:
            weights, z = self.text_weights, self.text_bias
        else:
            weights, z = self.weights, self.bias
        z += sum(w * named.get(k, 0.0) for k, w in weights.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@lru_cache(maxsize=1)
def default_model() -> RelatednessModel:
    with open(WEIGHTS_PATH, encoding="utf-8") as fh:
        return RelatednessModel.from_dict(json.load(fh))


def relatedness(
    a: Profile, b: Profile, rarity: Callable[[str], float], model: RelatednessModel | None = None
) -> float:
    """P(related) of two articles under the shipped (or given) model."""
    model = model or default_model()
    return model.probability(pair_features(a, b, rarity), bool(a.terms and b.terms))

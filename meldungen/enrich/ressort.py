"""The Ressort of an article: source metadata first, a TF-IDF linear classifier where it is missing.

Metadata: dpa rubric and desk codes, dpasubject names, IPTC subject codes, feed categories and
URL path segments, in German or English, mapped onto the portal's Ressorts by SECTION_WORDS.

Classifier: word 1-2-gram and character 2-5-gram TF-IDF (sublinear tf), the title repeated so
it weighs more, and a linear SVM whose scores are turned into probabilities by a softmax with a
fitted temperature. The fitted state is saved as plain JSON + numpy arrays (no pickle), so a
model file is safe to load and does not depend on the scikit-learn version that wrote it.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from meldungen.text import normalize_text

RESSORTS = (
    "Politik", "Ausland", "Wirtschaft", "Sport", "Kultur", "Wissenschaft", "Panorama",
    "Digital", "Gesundheit", "Reise", "Auto", "Lifestyle",
)  # fmt: skip
DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ressort"


def _words(spec: str) -> dict[str, str]:
    table: dict[str, str] = {}
    ressort = ""
    for line in spec.strip().splitlines():
        if ":" in line:
            ressort, _, line = line.partition(":")
        for w in line.split():
            table[w.replace("_", " ")] = ressort.strip()
    return table


# Section words (lower case) -> Ressort; German and English, dpa desk codes, dpasubjects.
SECTION_WORDS: dict[str, str] = _words(
    """
    Politik: politik inland deutschland bundespolitik landespolitik innenpolitik politics pl
      regierung parlament wahlen wahl bundestagswahl parteien partei bundestag government
      election elections bundesregierung
    Ausland: ausland international internacional world welt weltpolitik aussenpolitik
      außenpolitik europa europe eu usa amerika asien asia afrika africa nahost naher_osten
      konflikte krieg kriege war diplomatie foreign us-wahl world_news
    Wirtschaft: wirtschaft finanzen finance finances business economy economia boerse börse
      maerkte märkte markets geld money unternehmen handel konjunktur arbeitsmarkt arbeit
      verbraucher steuern immobilien energie banken wi job karriere
    Sport: sport sports sp fussball fußball football soccer bundesliga formel-1 formel1 tennis
      handball basketball eishockey olympia olympics wintersport radsport boxen golf
      leichtathletik motorsport ergebnisse
    Kultur: kultur culture ku kunst arts entertainment unterhaltung kino film filme movies musik
      music literatur buch bücher buecher books theater tv fernsehen medien media stars promis
      celebrities feuilleton
    Wissenschaft: wissenschaft wissen science forschung research umwelt environment klima
      climate natur nature raumfahrt space bildung education wt
    Panorama: panorama vermischtes vm gesellschaft leute people weltgeschehen unglueck unglück
      unglücke kriminalitaet kriminalität kriminalität crime justiz prozesse polizei feuer
      brände unfälle unfall wetter weather katastrophen religion kirche news_local lokales
      regional personalien kurioses
    Digital: digital netzwelt technik tech technology computer internet web multimedia
      games spiele gaming software it ki smartphone handy
    Gesundheit: gesundheit health medizin medicine fitness ernaehrung ernährung pflege
      krankheiten corona coronavirus
    Reise: reise reisen travel urlaub tourismus tourism
    Auto: auto autos motor mobilitaet mobilität cars automobil verkehr_auto elektroauto
    Lifestyle: lifestyle leben stil mode fashion essen trinken food foodanddrink genuss wohnen
      familie liebe beauty partnerschaft kochen rezepte freizeit
    """
)

# IPTC subject / media topic codes: the first two digits name the top level.
_IPTC_TOP = {
    "01": "Kultur", "02": "Panorama", "03": "Panorama", "04": "Wirtschaft", "05": "Wissenschaft",
    "06": "Wissenschaft", "07": "Gesundheit", "08": "Panorama", "09": "Wirtschaft",
    "10": "Lifestyle", "11": "Politik", "12": "Panorama", "13": "Wissenschaft", "14": "Panorama",
    "15": "Sport", "16": "Ausland", "17": "Panorama",
}  # fmt: skip
_SPLIT = re.compile(r"[/,;|>_\s]+")


def ressort_from_hints(hints: Iterable[str]) -> str:
    """The first hint that maps onto a Ressort ("" if none does).

    Hints come in priority order (rubric, dpasubject, feed category, URL path). A hint matches
    as a whole ("Naher Osten"), then word by word ("/politik/ausland/" -> Politik).
    """
    for hint in hints:
        found = map_section(hint)
        if found:
            return found
    return ""


def map_section(hint: str) -> str:
    """One section name, code or URL path -> Ressort, or "" when it names none."""
    hint = normalize_text(hint or "").strip().lower()
    if not hint:
        return ""
    if hint in SECTION_WORDS:
        return SECTION_WORDS[hint]
    if hint.capitalize() in RESSORTS:
        return hint.capitalize()
    code = re.fullmatch(r"(?:\w+:)?(\d{8})", hint)
    if code:
        return _IPTC_TOP.get(code.group(1)[:2], "")
    if "://" in hint:
        hint = hint.split("://", 1)[1].partition("/")[2]
    found = [
        SECTION_WORDS[p] for p in (p.strip("-.") for p in _SPLIT.split(hint)) if p in SECTION_WORDS
    ]
    if not found:
        return ""
    # in a path the deeper segment is the more specific one: /politik/ausland/ -> Ausland
    return found[-1] if "/" in hint else found[0]


# ---------------------------------------------------------------------------------------------
# Classifier

TITLE_REPEAT = 3  # the title is short and says most: count it three times
PRIOR_WEIGHT = 0.2  # scale of the lexicon model's scores among the TF-IDF features


MAX_BODY_CHARS = 50_000  # a guard against huge input; news bodies are far shorter


def document(title: str, body: str, max_chars: int = MAX_BODY_CHARS) -> str:
    """The text the classifier sees: title (repeated) and the body. The whole body counts:
    cut to its first 3,000 characters, 5-fold CV accuracy was 0.005 lower (MODEL_CARD.md)."""
    title = normalize_text(title).strip()
    return " . ".join([title] * TITLE_REPEAT) + " . " + normalize_text(body)[:max_chars]


class RessortModelError(ValueError):
    """Training data or a model file that cannot be used."""


@dataclass
class Prediction:
    label: str
    probability: float


class RessortModel:
    """TF-IDF (words + character n-grams) and a linear SVM with softmax probabilities.

    A model may carry a `prior`: another RessortModel (the shipped lexicon model) whose label
    scores, centred and scaled by `prior_weight`, are extra features. They bring what the
    hand-written cue words know to a model trained on few labelled articles.

    `label_prior` weighs labels by how common they are in news (a label's probability times
    its weight, renormalised; unnamed labels 1): the shipped default learnt from as many
    documents of each Ressort, while most news is Politik, Ausland, Wirtschaft, Panorama or
    Sport. A model trained on real articles learns their shares and has none.
    """

    def __init__(
        self,
        word_vec,
        char_vec,
        coef: np.ndarray,
        intercept: np.ndarray,
        labels: Sequence[str],
        temperature: float = 1.0,
        prior: RessortModel | None = None,
        prior_weight: float = 0.0,
        label_prior: Mapping[str, float] | None = None,
    ) -> None:
        self.word_vec = word_vec
        self.char_vec = char_vec
        self.coef = coef
        self.intercept = intercept
        self.labels = list(labels)
        self.temperature = temperature
        self.prior = prior
        self.prior_weight = prior_weight
        self.label_prior = dict(label_prior or {})
        self._fast: tuple[_FastTfidf, _FastTfidf, np.ndarray] | None = None

    def _log_prior(self) -> np.ndarray:
        return np.log([self.label_prior.get(label, 1.0) for label in self.labels])

    def prior_features(self, docs: Sequence[str]) -> np.ndarray:
        """The prior model's centred, scaled scores (an empty block without a prior)."""
        if self.prior is None:
            return np.zeros((len(docs), 0))
        return centred_scores(self.prior, docs) * self.prior_weight

    def features(self, docs: Sequence[str]):
        """scikit-learn's own feature matrix (training, and the reference in tests)."""
        from scipy.sparse import csr_matrix, hstack

        blocks = [_sklearn(self.word_vec).transform(docs), _sklearn(self.char_vec).transform(docs)]
        return hstack([*blocks, csr_matrix(self.prior_features(docs))]).tocsr()

    def decision(self, docs: Sequence[str]) -> np.ndarray:
        """Linear scores per label, with the cached featurizer (same values as `features`)."""
        if self._fast is None:
            n_word = len(self.word_vec.vocabulary_)
            n_char = len(self.char_vec.vocabulary_)
            self._fast = (
                _FastTfidf(self.word_vec, self.coef[:, :n_word]),
                _FastTfidf(self.char_vec, self.coef[:, n_word : n_word + n_char]),
                np.ascontiguousarray(self.coef[:, n_word + n_char :].T),
            )
        word, char, prior_coef = self._fast
        out = np.empty((len(docs), len(self.labels)))
        for i, doc in enumerate(docs):
            out[i] = word.score(doc) + char.score(doc) + self.intercept
        if self.prior is not None:
            out += self.prior_features(docs) @ prior_coef
        return out

    def predict_proba(self, docs: Sequence[str]) -> np.ndarray:
        scores = self.decision(docs) / self.temperature + self._log_prior()
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, title: str, body: str) -> Prediction:
        proba = self.predict_proba([document(title, body)])[0]
        i = int(proba.argmax())
        return Prediction(self.labels[i], float(proba[i]))

    def predict_many(self, docs: Sequence[str]) -> list[str]:
        scores = self.decision(docs) / self.temperature + self._log_prior()
        return [self.labels[i] for i in scores.argmax(axis=1)]

    # -- persistence: JSON (vocabularies, settings) + npz (weights), no pickle ------------------

    def save(self, folder: str | Path) -> Path:
        """Write the model to `folder` (its prior goes to `folder`/prior)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": 1,
            "labels": self.labels,
            "temperature": self.temperature,
            "title_repeat": TITLE_REPEAT,
            "prior_weight": self.prior_weight if self.prior is not None else 0.0,
            **({"label_prior": self.label_prior} if self.label_prior else {}),
            "word": _vec_state(self.word_vec),
            "char": _vec_state(self.char_vec),
        }
        with gzip.GzipFile(folder / "ressort.json.gz", "wb", mtime=0) as fh:
            fh.write(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        np.savez_compressed(
            folder / "ressort.npz",
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            word_idf=self.word_vec.idf_.astype(np.float32),
            char_idf=self.char_vec.idf_.astype(np.float32),
        )
        if self.prior is not None:
            self.prior.save(folder / "prior")
        return folder

    @classmethod
    def load(cls, folder: str | Path | None = None) -> RessortModel:
        folder = Path(folder) if folder else DEFAULT_MODEL_DIR
        try:
            with gzip.open(folder / "ressort.json.gz", "rt", encoding="utf-8") as fh:
                meta = json.load(fh)
            arrays = np.load(folder / "ressort.npz")
        except (OSError, ValueError) as exc:
            raise RessortModelError(f"cannot read Ressort model in {folder}: {exc}") from exc
        if meta.get("format") != 1:
            raise RessortModelError(f"unknown Ressort model format in {folder}")
        word = TfidfState.from_saved(meta["word"], arrays["word_idf"])
        char = TfidfState.from_saved(meta["char"], arrays["char_idf"])
        weight = float(meta.get("prior_weight") or 0.0)
        prior = cls.load(folder / "prior") if weight else None
        return cls(
            word,
            char,
            arrays["coef"].astype(np.float64),
            arrays["intercept"].astype(np.float64),
            meta["labels"],
            meta["temperature"],
            prior,
            weight,
            meta.get("label_prior"),
        )


def centred_scores(model: RessortModel, docs: Sequence[str]) -> np.ndarray:
    """A model's label scores minus their mean per document (the level carries no topic)."""
    scores = model.decision(docs)
    return scores - scores.mean(axis=1, keepdims=True)


class _FastTfidf:
    """scikit-learn's TF-IDF of one document, scored straight against the weights.

    The n-grams come from the fitted TfidfVectorizer's own analyzer (`build_analyzer`), the
    weights from its `idf_`, `sublinear_tf` and `norm`: nothing of sklearn's TF-IDF is written
    again here. What this adds is speed for one document at a time, which is what enrichment
    does: char_wb n-grams are made word by word, so each distinct word is analysed once and
    cached (news vocabulary repeats), and the sparse-matrix steps of `transform` become one
    numpy dot product over the document's vocabulary ids. `RessortModel.features` (sklearn's
    `transform`) gives the same scores (tests/enrich/test_ressort.py); bench/ressort.py times
    both.
    """

    _MAX_CACHE = 300_000

    def __init__(self, vec, coef: np.ndarray) -> None:
        self.vocab: dict[str, int] = vec.vocabulary_
        self.idf = np.asarray(vec.idf_, dtype=np.float64)
        self.coef_t = np.ascontiguousarray(coef.T)
        self.analyze = vec.build_analyzer()
        # char_wb n-grams never cross a word boundary: the document's are its words' n-grams
        self.per_word = vec.analyzer == "char_wb"
        self.lower = bool(vec.lowercase)
        self.sublinear = bool(vec.sublinear_tf)
        self.l2 = vec.norm == "l2"
        if vec.norm not in ("l2", None) or not vec.use_idf:
            raise RessortModelError(f"unsupported TF-IDF settings: norm={vec.norm!r}")
        self._cache: dict[str, list[int]] = {}

    def _ids(self, grams: Iterable[str]) -> list[int]:
        vocab = self.vocab
        return [i for g in grams if (i := vocab.get(g)) is not None]

    def _word_ids(self, word: str) -> list[int]:
        ids = self._cache.get(word)
        if ids is None:
            if len(self._cache) > self._MAX_CACHE:
                self._cache.clear()
            ids = self._cache[word] = self._ids(self.analyze(word))
        return ids

    def score(self, doc: str) -> np.ndarray:
        if self.per_word:
            text = doc.lower() if self.lower else doc
            ids = [i for word in text.split() for i in self._word_ids(word)]
        else:
            ids = self._ids(self.analyze(doc))
        if not ids:
            return np.zeros(self.coef_t.shape[1])
        uniq, counts = np.unique(np.asarray(ids), return_counts=True)
        tf = 1.0 + np.log(counts) if self.sublinear else counts.astype(np.float64)
        vals = tf * self.idf[uniq]
        if self.l2:
            vals /= np.sqrt(vals @ vals)
        return vals @ self.coef_t[uniq]


_VEC_KEYS = ("analyzer", "ngram_range", "lowercase", "sublinear_tf", "norm", "token_pattern")


def _vec_state(vec) -> dict:
    params = vec.get_params()
    state = {k: params[k] for k in _VEC_KEYS}
    vocab = vec.vocabulary_
    state["vocabulary"] = sorted(vocab, key=vocab.__getitem__)
    return state


_SPACES = re.compile(r"\s\s+")


@dataclass
class TfidfState:
    """A fitted TfidfVectorizer as saved: its settings, vocabulary and `idf_`, and its analyzer
    (`build_analyzer`) for the two kinds the model uses, without importing scikit-learn, which
    took 0.55 s of every process's start. The n-grams are scikit-learn's: lowercased, then the
    `word` analyzer's tokens of `token_pattern` and their n-grams joined by a space, or the
    `char_wb` analyzer's n-grams of each whitespace-separated word padded with a space
    (tests/enrich/test_ressort.py compares both with scikit-learn's on many texts).
    `sklearn()` gives the TfidfVectorizer itself (`RessortModel.features`, training)."""

    analyzer: str
    ngram_range: tuple[int, int]
    lowercase: bool
    sublinear_tf: bool
    norm: str | None
    token_pattern: str
    vocabulary_: dict[str, int]
    idf_: np.ndarray
    use_idf: bool = True

    @classmethod
    def from_saved(cls, state: dict, idf: np.ndarray) -> TfidfState:
        return cls(
            state["analyzer"], tuple(state["ngram_range"]), state["lowercase"],
            state["sublinear_tf"], state["norm"], state["token_pattern"],
            {term: i for i, term in enumerate(state["vocabulary"])}, idf.astype(np.float64),
        )  # fmt: skip

    def get_params(self) -> dict:
        return {key: getattr(self, key) for key in _VEC_KEYS}

    def build_analyzer(self):
        low, high = self.ngram_range
        lower = self.lowercase
        if self.analyzer == "char_wb":

            def char_wb(doc: str) -> list[str]:
                grams = []
                for word in _SPACES.sub(" ", doc.lower() if lower else doc).split():
                    padded = f" {word} "
                    for n in range(low, high + 1):
                        if n >= len(padded):  # the whole padded word, once
                            grams.append(padded[:n])
                            break
                        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
                return grams

            return char_wb
        if self.analyzer != "word":
            raise RessortModelError(f"unsupported analyzer {self.analyzer!r}")
        tokens = re.compile(self.token_pattern).findall

        def word(doc: str) -> list[str]:
            words = tokens(doc.lower() if lower else doc)
            grams = list(words) if low == 1 else []
            for n in range(max(low, 2), min(high, len(words)) + 1):
                grams.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
            return grams

        return word

    def sklearn(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(
            analyzer=self.analyzer, ngram_range=self.ngram_range, lowercase=self.lowercase,
            sublinear_tf=self.sublinear_tf, norm=self.norm, token_pattern=self.token_pattern,
            vocabulary=self.vocabulary_, dtype=np.float32,
        )  # fmt: skip
        vec.idf_ = self.idf_
        return vec


def _sklearn(vec):
    """A TfidfVectorizer for `vec` (a loaded TfidfState, or already one)."""
    return vec.sklearn() if isinstance(vec, TfidfState) else vec


_default_model: RessortModel | None = None


def default_model() -> RessortModel:
    """The shipped model (meldungen/models/ressort), loaded once."""
    global _default_model
    if _default_model is None:
        _default_model = RessortModel.load(DEFAULT_MODEL_DIR)
    return _default_model


def classify(title: str, body: str, model: RessortModel | None = None) -> Prediction:
    """Ressort by the classifier alone."""
    return (model or default_model()).predict(title, body)

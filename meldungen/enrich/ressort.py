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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from meldungen.enrich.text import normalize_text

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
    ) -> None:
        self.word_vec = word_vec
        self.char_vec = char_vec
        self.coef = coef
        self.intercept = intercept
        self.labels = list(labels)
        self.temperature = temperature
        self.prior = prior
        self.prior_weight = prior_weight
        self._fast: tuple[_FastTfidf, _FastTfidf, np.ndarray] | None = None

    def prior_features(self, docs: Sequence[str]) -> np.ndarray:
        """The prior model's centred, scaled scores (an empty block without a prior)."""
        if self.prior is None:
            return np.zeros((len(docs), 0))
        return centred_scores(self.prior, docs) * self.prior_weight

    def features(self, docs: Sequence[str]):
        """scikit-learn's own feature matrix (training, and the reference in tests)."""
        from scipy.sparse import csr_matrix, hstack

        blocks = [self.word_vec.transform(docs), self.char_vec.transform(docs)]
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
            low = doc.lower()
            out[i] = word.score(low) + char.score(low) + self.intercept
        if self.prior is not None:
            out += self.prior_features(docs) @ prior_coef
        return out

    def predict_proba(self, docs: Sequence[str]) -> np.ndarray:
        scores = self.decision(docs) / self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, title: str, body: str) -> Prediction:
        proba = self.predict_proba([document(title, body)])[0]
        i = int(proba.argmax())
        return Prediction(self.labels[i], float(proba[i]))

    def predict_many(self, docs: Sequence[str]) -> list[str]:
        scores = self.decision(docs)
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
        word = _vec_from_state(meta["word"], arrays["word_idf"])
        char = _vec_from_state(meta["char"], arrays["char_idf"])
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
        )


def centred_scores(model: RessortModel, docs: Sequence[str]) -> np.ndarray:
    """A model's label scores minus their mean per document (the level carries no topic)."""
    scores = model.decision(docs)
    return scores - scores.mean(axis=1, keepdims=True)


class _FastTfidf:
    """The fitted TfidfVectorizer's features (word n-grams or char_wb n-grams, sublinear tf,
    idf, l2 norm) scored straight against the weights, caching the n-gram ids of each word:
    news vocabulary repeats, so most words cost one dict lookup. Several times faster than
    `transform` for single documents, which is what enrichment does."""

    _MAX_CACHE = 300_000

    def __init__(self, vec, coef: np.ndarray) -> None:
        self.vocab: dict[str, int] = vec.vocabulary_
        self.idf = np.asarray(vec.idf_, dtype=np.float64)
        self.coef_t = np.ascontiguousarray(coef.T)
        self.char = vec.analyzer == "char_wb"
        self.ngram_range = tuple(vec.ngram_range)
        self.token_re = re.compile(vec.token_pattern)
        self._cache: dict[str, list[int]] = {}

    def _word_ids(self, word: str) -> list[int]:
        ids = self._cache.get(word)
        if ids is None:
            if len(self._cache) > self._MAX_CACHE:
                self._cache.clear()
            vocab = self.vocab
            grams = _char_wb(word, *self.ngram_range)
            ids = [i for g in grams if (i := vocab.get(g)) is not None]
            self._cache[word] = ids
        return ids

    def score(self, low_doc: str) -> np.ndarray:
        ids: list[int] = []
        if self.char:
            for word in low_doc.split():
                ids += self._word_ids(word)
        else:
            tokens = self.token_re.findall(low_doc)
            grams = list(tokens)
            if self.ngram_range[1] >= 2:
                grams += [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
            vocab = self.vocab
            ids = [i for g in grams if (i := vocab.get(g)) is not None]
        if not ids:
            return np.zeros(self.coef_t.shape[1])
        uniq, counts = np.unique(np.asarray(ids), return_counts=True)
        vals = (1.0 + np.log(counts)) * self.idf[uniq]
        vals /= np.sqrt(vals @ vals)
        return vals @ self.coef_t[uniq]


def _char_wb(word: str, min_n: int, max_n: int) -> list[str]:
    """scikit-learn's char_wb n-grams of one word (padded with a space each side)."""
    w = f" {word} "
    w_len = len(w)
    grams = []
    for n in range(min_n, max_n + 1):
        if w_len <= n:
            grams.append(w)
            break
        grams += [w[i : i + n] for i in range(w_len - n + 1)]
    return grams


def _make_vectorizers(max_word: int | None = None, max_char: int | None = 150_000):
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_features=max_word,
                           dtype=np.float32)  # fmt: skip
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                           max_features=max_char, dtype=np.float32)  # fmt: skip
    return word, char


_VEC_KEYS = ("analyzer", "ngram_range", "lowercase", "sublinear_tf", "norm", "token_pattern")


def _vec_state(vec) -> dict:
    params = vec.get_params()
    state = {k: params[k] for k in _VEC_KEYS}
    vocab = vec.vocabulary_
    state["vocabulary"] = sorted(vocab, key=vocab.__getitem__)
    return state


def _vec_from_state(state: dict, idf: np.ndarray):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vocab = {term: i for i, term in enumerate(state["vocabulary"])}
    vec = TfidfVectorizer(
        analyzer=state["analyzer"], ngram_range=tuple(state["ngram_range"]),
        lowercase=state["lowercase"], sublinear_tf=state["sublinear_tf"], norm=state["norm"],
        token_pattern=state["token_pattern"], vocabulary=vocab, dtype=np.float32,
    )  # fmt: skip
    vec.idf_ = idf.astype(np.float64)
    return vec


def _fit_linear(x, y: Sequence[str], c: float):
    from sklearn.svm import LinearSVC

    clf = LinearSVC(C=c, random_state=0)
    clf.fit(x, y)
    coef, intercept = clf.coef_, clf.intercept_
    if coef.shape[0] == 1:  # two classes: sklearn keeps one row; make it one row per label
        coef = np.vstack([-coef[0], coef[0]]) / 2
        intercept = np.array([-intercept[0], intercept[0]]) / 2
    return [str(k) for k in clf.classes_], coef, intercept


def train_ressort(
    samples: Sequence[tuple[str, str, str]],
    *,
    c: float = 2.0,
    max_char: int | None = 150_000,
    calibrate: bool = True,
    prior: RessortModel | None | bool = True,
    prior_weight: float = PRIOR_WEIGHT,
) -> RessortModel:
    """Fit the classifier on (title, body, label) samples; needs at least two labels.

    `prior` True uses the shipped lexicon model's scores as extra features (False: none; or
    pass a model). `calibrate` fits the softmax temperature on held-out folds (three extra
    fits); the CV in ressort_eval turns it off because it only needs the labels.
    """
    samples = [(t or "", b or "", (lab or "").strip()) for t, b, lab in samples]
    samples = [s for s in samples if s[2] and (s[0].strip() or s[1].strip())]
    labels = {s[2] for s in samples}
    if len(labels) < 2:
        raise RessortModelError(
            f"need labelled samples of at least two Ressorts, got {len(samples)} samples "
            f"with labels {sorted(labels)}"
        )
    docs = [document(t, b) for t, b, _ in samples]
    y = [lab for _, _, lab in samples]
    min_df = 2 if len(docs) >= 20 else 1
    word, char = _make_vectorizers(max_char=max_char)
    word.set_params(min_df=min_df)
    char.set_params(min_df=min_df)
    from scipy.sparse import csr_matrix, hstack

    if prior is True:
        prior = default_model()
    prior = prior or None
    blocks = [word.fit_transform(docs), char.fit_transform(docs)]
    if prior is not None:
        blocks.append(csr_matrix(centred_scores(prior, docs) * prior_weight))
    x = hstack(blocks).tocsr()
    classes, coef, intercept = _fit_linear(x, y, c)
    model = RessortModel(word, char, coef, intercept, classes, 1.0, prior, prior_weight)
    if calibrate:
        model.temperature = _held_out_temperature(x, y, classes, c)
    return model


def _held_out_temperature(x, y: Sequence[str], classes: list[str], c: float) -> float:
    """Temperature fitted on out-of-fold SVM scores (3 folds): scores on the training data
    itself are overconfident. Features reuse the full vocabulary: a small, accepted leak."""
    from sklearn.model_selection import StratifiedKFold

    y_arr = np.asarray(y)
    counts = np.unique(y_arr, return_counts=True)[1]
    if len(y_arr) < 30 or counts.min() < 3:
        return 1.0
    scores = np.zeros((len(y_arr), len(classes)))
    for train, test in StratifiedKFold(3, shuffle=True, random_state=0).split(x, y_arr):
        fold_classes, coef, intercept = _fit_linear(x[train], y_arr[train], c)
        cols = [classes.index(k) for k in fold_classes]
        scores[np.ix_(test, cols)] = np.asarray(x[test] @ coef.T) + intercept
    return _fit_temperature(scores, [classes.index(v) for v in y_arr])


def _fit_temperature(scores: np.ndarray, gold: Sequence[int]) -> float:
    """Softmax temperature that minimises log-loss (on training scores: a coarse calibration,
    enough to make 'probability' usable as a confidence threshold)."""
    best, best_loss = 1.0, float("inf")
    idx = np.arange(len(gold))
    for t in (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0):
        s = scores / t
        s = s - s.max(axis=1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        loss = -logp[idx, list(gold)].mean()
        if loss < best_loss:
            best, best_loss = t, loss
    return best


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


# ---------------------------------------------------------------------------------------------
# The shipped default: trained on short synthetic documents from a hand-written lexicon
# (meldungen/models/ressort/lexicon.txt), optionally plus Wikinews articles (CC BY 2.5).

LEXICON_PATH = DEFAULT_MODEL_DIR / "lexicon.txt"
DEFAULT_TEMPERATURE = 0.25

# Neutral sentence frames shared by every Ressort: the model must learn the cue words, not
# the frames. Written for Meldungen.
_FRAMES = (
    "{a} und {b} stehen im Mittelpunkt.",
    "Am Montag ging es um {a}.",
    "Nach Angaben von Beteiligten spielt {a} eine große Rolle, auch {b} wird genannt.",
    "Viele fragen sich, was {a} für {b} bedeutet.",
    "Seit Wochen wird über {a} gesprochen.",
    "Zuletzt hatte {a} für Aufsehen gesorgt.",
    "Es sei ein wichtiger Tag für {a}, hieß es.",
    "Bei {a} zeigte sich ein ähnliches Bild wie bei {b}.",
    "Experten erwarten, dass {a} auch in den kommenden Monaten Thema bleibt.",
    "Auch {a} und {b} wurden am Wochenende diskutiert.",
    "Wie es mit {a} weitergeht, ist offen.",
    "Der Bericht nennt {a}, {b} und {c}.",
)


def read_lexicon(path: str | Path = LEXICON_PATH) -> dict[str, list[str]]:
    """Ressort -> cue words, from the "[Ressort]" blocks of the lexicon file."""
    lexicon: dict[str, list[str]] = {}
    current = ""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            lexicon.setdefault(current, [])
        elif current:
            lexicon[current] += [w.strip() for w in line.split(",") if w.strip()]
    return lexicon


def lexicon_samples(
    lexicon: dict[str, list[str]], per_label: int = 250, seed: int = 0
) -> list[tuple[str, str, str]]:
    """Synthetic (title, body, label) documents: cue words of one Ressort in neutral frames."""
    import random

    rng = random.Random(seed)
    out = []
    for label in sorted(lexicon):
        cues = lexicon[label]
        for _ in range(per_label):
            title = " ".join(rng.sample(cues, 2))
            sentences = []
            for _ in range(rng.randint(3, 7)):
                a, b, c = rng.sample(cues, 3)
                sentences.append(rng.choice(_FRAMES).format(a=a, b=b, c=c))
            out.append((title, " ".join(sentences), label))
    return out


def wikinews_samples(path: str | Path) -> list[tuple[str, str, str]]:
    """German Wikinews politics articles (`id;dateiname;datum;ort;text`) labelled Politik when
    the dateline is in Germany, Ausland otherwise."""
    csv_rows = _read_semicolon_csv(path)
    out = []
    for row in csv_rows:
        if len(row) < 5 or not row[4].strip():
            continue
        label = "Politik" if "Deutschland" in row[3] else "Ausland"
        out.append((wikinews_title(row[1]), row[4], label))
    return out


def _read_semicolon_csv(path: str | Path) -> list[list[str]]:
    import csv

    csv.field_size_limit(1 << 28)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    return rows[1:] if rows and rows[0][:1] == ["id"] else rows


def wikinews_title(file_name: str) -> str:
    """The title inside a flattened Wikinews URL file name (…_wiki_Titel_mit__C3_B6…)."""
    from urllib.parse import unquote

    name = file_name.split("_wiki_", 1)[-1]
    if re.match(r"[C-F][0-9A-F]_[89AB][0-9A-F]", name):
        name = "_" + name  # the split took the escape's underscore
    # only UTF-8 multi-byte escapes: "_2005" must stay a year
    name = re.sub(
        r"_[C-F][0-9A-F](?:_[89AB][0-9A-F])+", lambda m: m.group().replace("_", "%"), name
    )
    return " ".join(unquote(name).replace("_", " ").split())


def build_default(
    out: str | Path = DEFAULT_MODEL_DIR, wikinews: str | Path | None = None
) -> RessortModel:
    """Train and save the shipped default model (lexicon, plus Wikinews when a path is given)."""
    samples = lexicon_samples(read_lexicon())
    if wikinews:
        samples += wikinews_samples(wikinews)
    # synthetic documents are separable, so a held-out temperature would be meaningless; a fixed
    # moderate one keeps the confidence usable as a ranking (see MODEL_CARD.md)
    model = train_ressort(samples, c=0.5, calibrate=bool(wikinews), prior=False)
    if not wikinews:
        model.temperature = DEFAULT_TEMPERATURE
    model.save(out)
    return model

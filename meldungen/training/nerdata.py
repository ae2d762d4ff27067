"""Training data for the German NER model: readers, type mapping, cleaning and the held-out split.

Every corpus is reduced to (tokens, IOB2 tags) sentences over PER/LOC/ORG only. GermEval OTH
and deriv/part become O; SmartData's fine types are mapped; noisy WikiANN fragments and
anonymised legal names are dropped.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from meldungen.training.ner_eval import Sentence, read_conll, spans, to_iob2

KEEP = {"PER", "LOC", "ORG"}

# SmartData fine types -> our three types. Routes (A 5, S4) and positions are not names in
# GermEval's sense, so they become O.
SMARTDATA_MAP = {
    "PERSON": "PER",
    "LOCATION": "LOC",
    "LOCATION_CITY": "LOC",
    "LOCATION_STREET": "LOC",
    "LOCATION_STOP": "LOC",
    "ORGANIZATION": "ORG",
    "ORGANIZATION_COMPANY": "ORG",
    "person": "PER",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
    "location-stop": "LOC",
    "organization": "ORG",
    "organization-company": "ORG",
}


def keep_types(tags: list[str]) -> list[str]:
    """IOB2 tags restricted to PER/LOC/ORG (everything else becomes O)."""
    return to_iob2([t if t != "O" and t[2:] in KEEP else "O" for t in tags])


def germeval(shared: Path, keep_oth: bool = False) -> list[Sentence]:
    """GermEval 2014 dev. With keep_oth, OTH (titles, events, products) stays a label so a
    model trained on it learns that these capitalised phrases are not PER/LOC/ORG."""
    path = shared / "data/ner/germeval2014/NER-de-dev.tsv"
    keep = KEEP | {"OTH"} if keep_oth else KEEP
    return [
        (toks, to_iob2([t if t != "O" and t[2:] in keep else "O" for t in tags]))
        for toks, tags in read_conll(path)
    ]


def split_germeval(
    sents: list[Sentence], block: int = 50, held: tuple[int, ...] = (2, 5, 8)
) -> tuple[list[Sentence], list[Sentence]]:
    """Deterministic block split: blocks of `block` consecutive sentences, 3 of every 10 held out
    (30%), so that the held-out part spans the whole file rather than one stretch of it."""
    train, test = [], []
    for i, s in enumerate(sents):
        (test if (i // block) % 10 in held else train).append(s)
    return train, test


def conll(path: Path) -> list[Sentence]:
    return [(toks, keep_types(tags)) for toks, tags in read_conll(path)]


def _has_entity(tags: list[str]) -> bool:
    return any(t != "O" for t in tags)


def wikiann(shared: Path) -> list[Sentence]:
    """WikiANN sentences that look like real sentences: many are list/title fragments
    ('WEITERLEITUNG Antonina Kriwoschapka'), which teach the model that every capitalised
    fragment is a name. Keep sentences of >= 6 tokens ending in sentence punctuation."""
    out = []
    for name in ("train.tsv", "dev.tsv"):
        for toks, tags in conll(shared / "data/ner/wikiann-de" / name):
            if len(toks) < 6 or toks[-1] not in {".", "!", "?"}:
                continue
            if any(t in {"WEITERLEITUNG", "''", "**", "*"} for t in toks):
                continue
            out.append((toks, tags))
    return out


_ANON = re.compile(r"^[A-ZÄÖÜ]\.?$|^[A-ZÄÖÜ]{1,3}\.?$|\.\.\.|…")


def ler(shared: Path, limit: int, seed: int = 13) -> list[Sentence]:
    """Legal NER: drop sentences whose PER spans are anonymised ('Herr F', 'K. GmbH'); keep a
    random sample of sentences with entities plus a few without."""
    keep, empty = [], []
    for toks, tags in conll(shared / "data/ner/ler/ler_all_courts.PER-LOC-ORG.conll"):
        bad = False
        for s, e, _lab in spans(tags):
            if any(_ANON.search(t) for t in toks[s:e]):
                bad = True
                break
        if bad:
            continue
        (keep if _has_entity(tags) else empty).append((toks, tags))
    rng = random.Random(seed)
    rng.shuffle(keep)
    rng.shuffle(empty)
    n = min(limit, len(keep))
    return keep[:n] + empty[: n // 3]


def mobie(shared: Path, limit: int, seed: int = 17) -> list[Sentence]:
    """MobIE traffic tweets/reports: drop hashtag-heavy tweets, sample."""
    out = []
    for name in ("train", "dev", "test"):
        for toks, tags in conll(shared / f"data/ner/mobie/{name}.PER-LOC-ORG.conll"):
            if sum(t.startswith(("#", "@", "http")) for t in toks) > 1:
                continue
            if len(toks) < 5:
                continue
            out.append((toks, tags))
    rng = random.Random(seed)
    rng.shuffle(out)
    return out[:limit]


def _json_docs(path: Path) -> Iterator[dict]:
    dec = json.JSONDecoder()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return
        obj, i = dec.raw_decode(text, i)
        yield obj


def _source(doc: dict) -> str:
    return ((doc.get("refids") or {}).get("map") or {}).get("source") or ""


def smartdata_test(shared: Path) -> list[Sentence]:
    """SmartData v3 test, news and RSS only: held out as our own news-domain test set."""
    return _smartdata_v3(shared, ("v3_20200302_test.json.gz",), tweets=False)


def smartdata_test_docs(shared: Path) -> list[list[Sentence]]:
    """The same held-out SmartData test, grouped by document (for document-level tagging)."""
    return _smartdata_v3(shared, ("v3_20200302_test.json.gz",), tweets=False, by_doc=True)


def _smartdata_v3(shared: Path, names: tuple[str, ...], tweets: bool, by_doc: bool = False) -> list:
    out: list = []
    base = shared / "data/ner/smartdata"
    for name in names:
        for doc in _json_docs(base / name):
            if not tweets and _source(doc) == "tweet":
                continue
            if by_doc:
                out.append([])
            for sent in doc["sentences"]["array"]:
                toks, tags = [], []
                text = doc["text"]["string"]
                for tok in sent["tokens"]["array"]:
                    sp = tok["span"]
                    toks.append(text[sp["start"] : sp["end"]])
                    raw = tok["ner"]["string"]
                    lab = SMARTDATA_MAP.get(raw[2:], "") if raw != "O" else ""
                    tags.append(f"{raw[0]}-{lab}" if lab else "O")
                if toks:
                    (out[-1] if by_doc else out).append((toks, to_iob2(tags)))
    return out


def smartdata(shared: Path, tweets: bool = False) -> list[Sentence]:
    """SmartData v3 dev (tokenised, BIO) plus v1 train (spans on raw text, tokenised here).
    v3 test is held out (`smartdata_test`); v1 test duplicates it and is skipped. Tweets are
    skipped unless asked for."""
    from meldungen.text.tokens import token_spans as tokenize_spans

    out = _smartdata_v3(shared, ("v3_20200302_dev.json.gz",), tweets)
    base = shared / "data/ner/smartdata"
    for doc in _json_docs(base / "v1_20180119_train.json.gz"):
        if not tweets and _source(doc) == "tweet":
            continue
        text = doc["text"]["string"]
        ments = []
        for m in (doc.get("conceptMentions") or {}).get("array") or []:
            lab = SMARTDATA_MAP.get(m["type"])
            if lab:
                ments.append((m["span"]["start"], m["span"]["end"], lab))
        for line_start, line in _lines(text):
            toks_sp = tokenize_spans(line)
            if not toks_sp:
                continue
            tags = ["O"] * len(toks_sp)
            for ms, me, lab in ments:
                idx = [
                    k
                    for k, (a, b) in enumerate(toks_sp)
                    if a + line_start >= ms and b + line_start <= me
                ]
                if idx:
                    tags[idx[0]] = "B-" + lab
                    for k in idx[1:]:
                        tags[k] = "I-" + lab
            out.extend(_sentences([line[a:b] for a, b in toks_sp], tags))
    return out


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


def _sentences(toks: list[str], tags: list[str]) -> list[Sentence]:
    """Cut a token stream into sentences at . ! ? followed by a capitalised token."""
    out, start = [], 0
    for i, t in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        inside = tags[i + 1 : i + 2] == ["I-" + tags[i][2:]]  # an entity continues: no cut
        if t in {".", "!", "?"} and (not nxt or nxt[:1].isupper()) and not inside:
            if i + 1 - start > 0:
                out.append((toks[start : i + 1], to_iob2(tags[start : i + 1])))
            start = i + 1
    if start < len(toks):
        out.append((toks[start:], to_iob2(tags[start:])))
    return out


def _bio_stream(path: Path) -> tuple[list[str], list[str]]:
    """Europeana .bio: 'token tag' lines without sentence breaks; untagged lines are skipped."""
    toks, tags = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.split()
            if len(cols) == 2 and (cols[1] == "O" or cols[1][:2] in {"B-", "I-"}):
                toks.append(cols[0])
                tags.append(cols[1])
    return toks, tags


def historical(shared: Path, limit: int, seed: int = 19) -> list[Sentence]:
    """Historical newspapers (OCR): NewsEye, SoNAR and Europeana, a small sample only."""
    sents: list[Sentence] = []
    base = shared / "data/ner"
    for p in sorted((base / "newseye").glob("*.conll")) + sorted((base / "sonar").glob("*.conll")):
        sents.extend(conll(p))
    for p in sorted((base / "europeana").glob("*.bio")):
        toks, tags = _bio_stream(p)
        sents.extend(_sentences(toks, keep_types(to_iob2(tags))))
    # Long s (ſ) is normalised so the words meet the modern lexicon features.
    sents = [
        ([t.replace("ſ", "s") for t in toks], tags)
        for toks, tags in sents
        if 5 <= len(toks) <= 80 and "¬" not in "".join(toks)
    ]
    rng = random.Random(seed)
    rng.shuffle(sents)
    return sents[:limit]


def stats(sents: list[Sentence]) -> dict[str, int]:
    c = {"sentences": len(sents), "tokens": sum(len(t) for t, _ in sents)}
    for _, tags in sents:
        for _, _, lab in spans(tags):
            c[lab] = c.get(lab, 0) + 1
    return c

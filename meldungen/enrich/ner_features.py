"""Features of the NER's CRF: the Lexicon (word classes, frequency bands, gazetteer phrases,
clusters, name shape) and the per-token feature strings of a sentence, plus the first-stage
tagger's output as features of the second (stacking)."""

from __future__ import annotations

import gzip
import itertools
import json
import re
import struct
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from meldungen.enrich.nameshape import NameShape
from meldungen.enrich.nouns import is_role_noun
from meldungen.loadcache import loaded

# Word lists of the features and rules (heads, particles): written for Meldungen, read once.
WORDS = json.loads((Path(__file__).resolve().parent / "data" / "ner_words.json").read_text("utf-8"))

# Lexicon classes that make a word a name: first name, surname, toponym, proper name.
NAME_CLASSES = frozenset({"VN", "NN", "TOP", "EN"})
_NAME_CLASSES = NAME_CLASSES

# A word's features as a sentence's window uses them (Lexicon.word_parts): own features after
# "b"; as the previous word (-1l=, -1sh=, -1 classes/tz/tr/clusters); as the next word (+1...);
# as the word two back (-2l=) and two ahead (+2l=); its classes mid-sentence (m...); lowercase.
WordParts = tuple[
    tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str], tuple[str], tuple[str, ...], str
]  # fmt: skip
PARTS_CACHE = 100_000
PARTS_CACHED_UP_TO = 100  # characters of a word form kept in the cache
_intern = sys.intern
_CTX = frozenset("ctk")  # neighbour features: classes (c=), tz= and tr= (t), clusters (k)


def _bounded_put(cache: dict, key: str, value: Any) -> None:
    """cache[key] = value, the oldest quarter dropped first when PARTS_CACHE entries are kept."""
    if len(cache) >= PARTS_CACHE:
        for old in list(itertools.islice(cache, PARTS_CACHE // 4)):
            cache.pop(old, None)
    cache[key] = value


# ---------------------------------------------------------------------------------------------
# Features

_DIGIT = re.compile(r"\d")


def _shape(w: str) -> str:
    out = []
    prev = ""
    for ch in w[:12]:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if c != prev:
            out.append(c)
            prev = c
    return "".join(out)


# Heads of nouns that introduce a name by its kind: "der Autobauer BMW", "die Reederei Maersk"
# (ORG), "die Gemeinde Riniken" (LOC); roles and titles introduce persons ("Trainer Klopp",
# "Kremlchef Putin", text.is_role_noun). Compounds count by their head ("Ölgesellschaft").
_ORG_HEADS = tuple(WORDS["org_heads"]["words"])
_LOC_HEADS = tuple(WORDS["loc_heads"]["words"])
_HEAD_ENDINGS = tuple(WORDS["head_endings"]["words"])  # after the head: Konzerns, Parteien


def trigger_class(word: str) -> str:
    """ "ORG", "LOC" or "PER" when the noun introduces a name of that type, else ""."""
    low = word.lower().rsplit("-", 1)[-1]
    for heads, label in ((_ORG_HEADS, "ORG"), (_LOC_HEADS, "LOC")):
        for ending in _HEAD_ENDINGS:
            if low.endswith(ending) and low[: len(low) - len(ending)].endswith(heads):
                return label
    return "PER" if is_role_noun(word) else ""


class Lexicon:
    """Word-level lookups used as features: cased classes (noun form, first name, surname,
    toponym, proper name, gazetteer types), lowercase frequency band, multi-token gazetteer."""

    def __init__(
        self,
        cased: dict[str, str],
        zipf: dict[str, int],
        phrases: dict[tuple, str],
        clusters: dict[str, str] | None = None,
    ):
        self.cased = cased
        self.zipf = zipf
        self.phrases = phrases
        self.clusters = clusters or {}
        self.max_phrase = max((len(p) for p in phrases), default=1)
        self._phrase_starts: dict[str, int] = {}  # first word of a phrase -> longest such phrase
        for p in phrases:
            if len(p) > self._phrase_starts.get(p[0], 0):
                self._phrase_starts[p[0]] = len(p)
        self._parts: dict[str, WordParts] = {}
        self.shape: NameShape | None = None  # letters-only class of a capitalised word

    @classmethod
    def load(cls, folder: Path) -> Lexicon:
        path = folder / "lexicon.json.gz"

        def decode() -> dict:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                return json.load(fh)

        raw = loaded("ner-lexicon", [path], decode)  # 0.25 s instead of 0.6 s
        phrases = {tuple(p.split(" ")): lab for p, lab in raw["phrases"].items()}
        lex = cls(raw["cased"], raw["zipf"], phrases, raw.get("clusters"))
        lex.shape = NameShape.load(folder)
        return lex

    def save(self, folder: Path) -> None:
        raw = {
            "cased": self.cased,
            "zipf": self.zipf,
            "phrases": {" ".join(p): lab for p, lab in self.phrases.items()},
            "clusters": self.clusters,
        }
        data = json.dumps(raw, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        # mtime=0: the same lexicon gives the same bytes (reproducible model files)
        with gzip.GzipFile(folder / "lexicon.json.gz", "wb", compresslevel=9, mtime=0) as fh:
            fh.write(data.encode("utf-8"))
        if self.shape is not None:
            self.shape.save(folder)

    def classes(self, w: str) -> set[str]:
        """The word's lexicon classes ("N", "VN", "TOP", ...); empty if no list has it."""
        return set((self.cased.get(w) or "").split(",")) - {""}

    def word_features(self, w: str) -> list[str]:
        """Features of the word itself (a new list; `word_parts` holds them cached)."""
        return list(self.word_parts(w)[0][1:])

    def word_parts(self, w: str) -> WordParts:
        """The word's features as each position of a sentence's window uses them, made once
        per word form (the hot path): a word's features depend only on the word and this
        lexicon. At most PARTS_CACHE forms are kept; when full, the oldest quarter goes."""
        parts = self._parts.get(w)
        if parts is not None:
            return parts
        parts = self.make_parts(w)
        if len(w) > PARTS_CACHED_UP_TO:  # a hostile text's blob: not kept
            return parts
        _bounded_put(self._parts, w, parts)
        return parts

    def make_parts(self, w: str) -> WordParts:
        """`word_parts` without the cache."""
        own = self._word_features(w)
        # all but the word's own forms (w=, l=) come from small sets: one copy of each string
        own[2:] = [_intern(x) for x in own[2:]]
        ctx = [x for x in own[8:] if x[0] in _CTX]
        return (  # tuples of strings: the garbage collector stops tracking them
            ("b", *own),
            ("-1" + own[1], _intern("-1" + own[6]), *[_intern("-1" + x) for x in ctx]),
            ("+1" + own[1], _intern("+1" + own[6]), *[_intern("+1" + x) for x in ctx]),
            ("-2" + own[1],),
            ("+2" + own[1],),
            tuple(_intern("m" + x) for x in own[8:] if x[0] == "c" or x[:2] == "gs"),
            own[1][2:],
        )

    def _word_features(self, w: str) -> list[str]:
        lw = w.lower()
        z = self.zipf.get(lw, 0)
        title = w[:1].isupper()
        upper = w.isupper() and len(w) > 1
        f = [
            "w=" + w,
            "l=" + lw,
            "s2=" + lw[-2:],
            "s3=" + lw[-3:],
            "s4=" + lw[-4:],
            "p3=" + lw[:3],
            "sh=" + _shape(w),
            f"z={z}",
        ]
        clu = self.clusters.get(w)
        if clu:
            f.extend("k" + c for c in clu.split(","))
        cls_ = self.cased.get(w)
        if cls_:
            f.extend("c=" + c for c in cls_.split(","))
        if title:
            f.append(f"tz={z}")
            if self.shape is not None and len(w) > 2:
                f.append(self.shape.feature(w))
            if not cls_:
                f.append("c=none")
                # genitive -s (Merkels, Kremls) and all-caps datelines (TOKIO): classes of the base
                base = None
                if len(w) > 3 and w[-1] == "s":
                    base = self.cased.get(w[:-1])
                elif upper and len(w) > 3:
                    base = self.cased.get(w[0] + w[1:].lower())
                if base:
                    f.extend("gs=" + c for c in base.split(","))
        if title and not (cls_ and set(cls_.split(",")) & _NAME_CLASSES):
            trigger = trigger_class(w)
            if trigger:
                f.append("tr=" + trigger)  # the neighbours get it as -1tr= / +1tr= (_CTX)
        if upper:
            f.append("up")
            if not cls_ and w.isalpha() and len(w) <= 5:
                f.append("acr")  # an acronym no list knows: mostly an organisation in news
        if len(w) == 1:
            f.append("len1")
        if _DIGIT.search(w):
            f.append("dig")
        if "-" in w and len(w) > 2:
            parts = [p for p in w.split("-") if p]
            if parts:
                head, last = parts[0], parts[-1]
                f.append("hl=" + last.lower())
                f.append("hf=" + head.lower())
                for c in (self.cased.get(head) or "").split(","):
                    if c:
                        f.append("hfc=" + c)
                for c in (self.cased.get(last[:1].upper() + last[1:]) or "").split(","):
                    if c:
                        f.append("hlc=" + c)
        return f

    def phrase_tags(self, tokens: Sequence[str]) -> list[str | None]:
        """Longest-match gazetteer phrases: 'B-LOC' / 'I-LOC' per token (None outside)."""
        n = len(tokens)
        out: list[str | None] = [None] * n
        i = 0
        starts = self._phrase_starts
        phrases = self.phrases
        while i < n:
            maxp = starts.get(tokens[i])  # no phrase begins with most words
            if maxp is None or not tokens[i][:1].isupper():
                i += 1
                continue
            hit = 0
            for k in range(min(maxp, n - i), 0, -1):
                lab = phrases.get(tuple(tokens[i : i + k]))
                if lab:
                    out[i] = "B-" + lab
                    for j in range(i + 1, i + k):
                        out[j] = "I-" + lab
                    hit = k
                    break
            i += hit or 1
        return out


def sentence_features(lex: Lexicon, tokens: Sequence[str]) -> list[list[str]]:
    """Feature strings for each token of one sentence (own word, window of +-2, gazetteer), in
    this order: "b", the word's own features; BOS, or the previous word's lowercase form, shape
    and classes/tz/tr/clusters (-1...), the pair -1|0=, and -1BOS or the word two back (-2l=);
    EOS, or the next word's (+1...) and the word two ahead (+2l=); the gazetteer phrase tag
    (g=); mid-sentence, the word's classes again (m...)."""
    parts = lex.word_parts
    return window(
        [parts(t) for t in tokens],
        lex.phrase_tags(tokens),
        pair=str,
        edges=(("BOS",), ("-1BOS",), ("EOS",)),
        gazetteer=lambda tag: ("g=" + tag,),
    )


def window(
    win: Sequence[tuple], gaz: Sequence[str | None], *, pair: Callable, edges: tuple,
    gazetteer: Callable,
) -> list[list]:  # fmt: skip
    """The feature lists of a sentence from its words' parts (`Lexicon.word_parts`, or
    `TaggerInput`'s): the order `sentence_features` gives. ``pair`` makes the -1|0= feature of
    its string (a false value: none), ``edges`` are the BOS, -1BOS and EOS features, and
    ``gazetteer`` makes the g= features of a phrase tag."""
    bos, bos1, eos = edges
    n = len(win)
    last = n - 1
    out = []
    for i in range(n):
        base, _, _, _, _, mid, low = win[i]
        f = list(base)
        if i:
            prev = win[i - 1]
            f += prev[1]
            paired = pair("-1|0=" + prev[6] + "|" + low)
            if paired:
                f.append(paired)
            f += win[i - 2][3] if i > 1 else bos1
        else:
            f += bos
        if i < last:
            f += win[i + 1][2]
            if i + 2 < n:
                f += win[i + 2][4]
        else:
            f += eos
        g = gaz[i]
        if g:
            f += gazetteer(g)
        if i and mid:
            # mid-sentence capitalisation carries the signal (sentence starts are always upper)
            f += mid
        out.append(f)
    return out


# ---------------------------------------------------------------------------------------------
# Stacking: the first-stage tagger's output as features of the second


def stage_a_tags(tagger: Any, feats: list[list[str]]) -> tuple[list[str], list[int]]:
    """First-stage labels and their marginal probability in bands of 0.25."""
    tags = tagger.tag(feats)
    conf = [min(3, int(tagger.marginal(t, i) * 4)) for i, t in enumerate(tags)]
    return tags, conf


def stack_features(feats: list[list[str]], tags_a: Sequence[str], conf: Sequence[int]) -> None:
    """Add the first-stage tagger's output (label, confidence band, neighbours' labels) to the
    features in place. The second stage learns from in-domain data how far to trust it."""
    n = len(tags_a)
    for i, f in enumerate(feats):
        t = tags_a[i]
        f.append("A=" + t)
        f.append(f"A={t}|{conf[i]}")
        f.append("A-1=" + (tags_a[i - 1] if i else "BOS"))
        f.append("A+1=" + (tags_a[i + 1] if i + 1 < n else "EOS"))


# ---------------------------------------------------------------------------------------------
# The two taggers' input, made fast: what sentence_features and stack_features give, as CRFsuite
# reads it


def model_attributes(path: Path) -> frozenset[str] | None:
    """The attribute names of a CRFsuite model file (CRF1d): its attribute dictionary, a CQDB
    whose backward array holds every name by id. None for a file not laid out so.

    CRFsuite's tagger looks each feature string up there and skips any it lacks (Tagger::set),
    and the file keeps only attributes with a non-zero weight: a feature string not among them
    changes nothing, and leaving it out saves converting it."""
    try:
        data = Path(path).read_bytes()
        magic, _, kind, version = struct.unpack_from("<4sI4sI", data, 0)
        (n_attrs,) = struct.unpack_from("<I", data, 24)
        (off,) = struct.unpack_from("<I", data, 36)  # the attribute CQDB
        chunk, _, _, _, n, bwd = struct.unpack_from("<4sIIIII", data, off)
        if (magic, kind, version, chunk, n) != (b"lCRF", b"FOMC", 100, b"CQDB", n_attrs):
            return None
        names = []
        for k, (rec,) in enumerate(struct.iter_unpack("<I", data[off + bwd : off + bwd + 4 * n])):
            rid, size = struct.unpack_from("<II", data, off + rec)
            if not rec or rid != k or size < 1:
                return None
            names.append(data[off + rec + 8 : off + rec + 7 + size].decode("utf-8"))
    except (OSError, struct.error, UnicodeDecodeError):
        return None
    return frozenset(names)


# A word's parts (TaggerInput): as Lexicon.word_parts, its own features, as the previous word,
# as the next, as the word two back, two ahead, mid-sentence; only what a tagger knows, in UTF-8
# (CRFsuite's form: pycrfsuite encodes a str on every call); and its lowercase form.
_Entry = tuple[
    tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...],
    tuple[bytes, ...], tuple[bytes, ...], str,
]  # fmt: skip


class TaggerInput:
    """`sentence_features` and `stack_features` as the two taggers read them: only the feature
    strings one of them has a weight for, in the same order, as UTF-8 bytes. CRFsuite skips
    any other string itself (`model_attributes`), so both taggers get the same input and give
    the same labels and marginals. A word's parts are made once per word form (bounded like
    `Lexicon.word_parts`)."""

    def __init__(self, lex: Lexicon, known_a: frozenset[str], known_b: frozenset[str]):
        self.lex = lex
        # each string a tagger knows -> its UTF-8 bytes (stage B's alone for the stacking)
        self.known = {s: s.encode("utf-8") for s in known_a | known_b}
        self.known_b = {s: self.known[s] for s in known_b}
        self._words: dict[str, _Entry | None] = {}
        self._features: dict[str, tuple[bytes | None, ...]] = {}  # see _feature
        # the pair feature -1|0= is known for a few thousand pairs only
        self._pairs = {s: b for s, b in self.known.items() if s.startswith("-1|0=")}
        self._b, self._bos, self._bos1, self._eos = (
            self._sel(("b",)), self._sel(("BOS",)), self._sel(("-1BOS",)), self._sel(("EOS",))
        )  # fmt: skip
        self._gaz: dict[str, tuple[bytes, ...]] = {}
        self._stack: dict[tuple[str, str, int, str], tuple[bytes, ...]] = {}

    def _sel(self, strings: Sequence[str], known: dict[str, bytes] | None = None) -> tuple:
        known = self.known if known is None else known
        return tuple(map(known.__getitem__, filter(known.__contains__, strings)))

    def _feature(self, x: str) -> tuple[bytes | None, ...]:
        """What a word's feature x (all but w= and l=) adds (None: nothing): as the word's own;
        as the previous and the next word's (-1/+1: its shape sh= and its classes, tz=, tr=
        and clusters, _CTX); mid-sentence (m: classes c= and gs=)."""
        known = self.known
        ctx = x.startswith("sh=") or x[0] in _CTX
        mid = x[0] == "c" or x[:2] == "gs"
        found = (
            known.get(x),
            known.get("-1" + x) if ctx else None,
            known.get("+1" + x) if ctx else None,
            known.get("m" + x) if mid else None,
        )
        if len(x) <= PARTS_CACHED_UP_TO:  # hf=/hl= of a hostile text's blob: not kept
            _bounded_put(self._features, x, found)
        return found

    def _entry(self, w: str) -> _Entry | None:
        """None for a word CRFsuite would read otherwise: a NUL ends a feature string in C,
        and a lone surrogate cannot be encoded (such a sentence goes the plain way)."""
        if "\0" in w or not w.isascii() and not _encodable(w):
            return None
        # Lexicon.make_parts' strings in its order: the word's own forms (w=, l=, -1l= ...
        # +2l=) here, each other feature (s2= ... from small sets) with what it gives as the
        # word's own, as a neighbour's and mid-sentence from `_feature`
        own = self.lex._word_features(w)
        lw = own[1]
        get = self._features.get
        per = [get(x) or self._feature(x) for x in own[2:]]
        mine, prev, nxt, mid = (tuple(filter(None, col)) for col in zip(*per, strict=True))
        get = self.known.get
        w_, l_, p1, n1, p2, n2 = (get(x) for x in (own[0], lw, "-1" + lw, "+1" + lw,
                                                   "-2" + lw, "+2" + lw))  # fmt: skip
        entry = (
            (*self._b, *filter(None, (w_, l_)), *mine),
            (p1, *prev) if p1 else prev,
            (n1, *nxt) if n1 else nxt,
            (p2,) if p2 else (),
            (n2,) if n2 else (),
            mid,
            lw[2:],
        )
        if len(w) <= PARTS_CACHED_UP_TO:
            _bounded_put(self._words, w, entry)
        return entry

    def features(self, tokens: Sequence[str]) -> list[list[bytes]] | None:
        """`sentence_features` of one sentence as the taggers read it; None when a word
        needs the plain way (`_entry`)."""
        get, make = self._words.get, self._entry
        win = [get(t) or make(t) for t in tokens]
        if None in win:
            return None
        return window(
            win,
            self.lex.phrase_tags(tokens),
            pair=self._pairs.get,
            edges=(self._bos, self._bos1, self._eos),
            gazetteer=self._gazetteer,
        )

    def _gazetteer(self, tag: str) -> tuple[bytes, ...]:
        found = self._gaz.get(tag)
        if found is None:
            found = self._gaz[tag] = self._sel(("g=" + tag,))
        return found

    def stack(self, feats: list[list[bytes]], tags_a: Sequence[str], conf: Sequence[int]) -> None:
        """`stack_features` in place (what stage B knows of them)."""
        n = len(tags_a)
        cache = self._stack
        for i, f in enumerate(feats):
            t = tags_a[i]
            key = (tags_a[i - 1] if i else "BOS", t, conf[i], tags_a[i + 1] if i + 1 < n else "EOS")
            add = cache.get(key)
            if add is None:
                prev, _, c, nxt = key
                strings = ("A=" + t, f"A={t}|{c}", "A-1=" + prev, "A+1=" + nxt)
                add = self._sel(strings, self.known_b)
                if len(cache) < 10_000:  # labels x bands: a few thousand at most
                    cache[key] = add
            f += add


def _encodable(w: str) -> bool:
    try:
        w.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

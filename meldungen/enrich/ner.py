"""German named-entity recognition (PER, LOC, ORG) with the model shipped in meldungen/models/ner.

The model is a linear-chain CRF (CRFsuite) over lexical features built for German: German
capitalises every noun, so the signals that matter are whether a capitalised word is a known
common noun (german-nouns forms), how frequent its lowercase form is (wordfreq), and whether it
is a known first name, surname, place or organisation (gazetteers). These lexicons are baked
into the model folder at training time, so loading needs neither network nor those packages.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meldungen.enrich.nameshape import NameShape
from meldungen.enrich.text import is_role_noun

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner"
LABELS = ("PER", "LOC", "ORG")
_LABEL_SET = frozenset(LABELS)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    label: str
    base: str = ""  # the name the mention stands for when it is not its text: Wiener -> Wien


class NerModelError(RuntimeError):
    """The model folder is missing or incomplete."""


# ---------------------------------------------------------------------------------------------
# Tokenisation (spaCy's rule-based German tokenizer: no model needed)

_tokenizer = None
_tok_lock = threading.Lock()


def _get_tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _tok_lock:
            if _tokenizer is None:
                import spacy

                _tokenizer = spacy.blank("de").tokenizer
    return _tokenizer


def tokenize_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text` (whitespace dropped)."""
    doc = _get_tokenizer()(text)
    return [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]


_SENT_END = {".", "!", "?"}
_OPEN = '"„“»'


def _sentence_bounds(tokens: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Sentence cut after . ! ? (or a line break token) followed by an upper-case or quote token;
    the CRF works per sentence, and short sequences keep the BOS/EOS features meaningful."""
    start = 0
    n = len(tokens)
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1][:1] if i + 1 < n else ""
        if i + 1 - start >= 200 or (t in _SENT_END and nxt and (nxt.isupper() or nxt in _OPEN)):
            yield start, i + 1
            start = i + 1
    if start < n:
        yield start, n


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
_ORG_HEADS = tuple(
    """konzern firma unternehmen gesellschaft partei verein klub club bank sender zeitung
    verband autobauer hersteller reederei agentur gruppe label marke händler versicherer
    anbieter betreiber airline fluggesellschaft fraktion gewerkschaft stiftung institut
    behörde ministerium zeitschrift magazin verlag team mannschaft sportverein""".split()  # noqa: SIM905
)
_LOC_HEADS = tuple(
    """stadt gemeinde dorf region provinz hauptstadt insel fluss berg bundesland
    landkreis kreis kanton bezirk stadtteil staat land""".split()  # noqa: SIM905
)
_HEAD_ENDINGS = ("", "s", "es", "en", "n")  # inflection after the head: Konzerns, Parteien


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
        self._cache: dict[str, list[str]] = {}
        self.shape: NameShape | None = None  # letters-only class of a capitalised word

    @classmethod
    def load(cls, folder: Path) -> Lexicon:
        with gzip.open(folder / "lexicon.json.gz", "rt", encoding="utf-8") as fh:
            raw = json.load(fh)
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
        """Features of the word itself (cached per word form: the hot path)."""
        f = self._cache.get(w)
        if f is not None:
            return f
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
        if len(self._cache) < 200_000:
            self._cache[w] = f
        return f

    def phrase_tags(self, tokens: Sequence[str]) -> list[str | None]:
        """Longest-match gazetteer phrases: 'B-LOC' / 'I-LOC' per token (None outside)."""
        n = len(tokens)
        out: list[str | None] = [None] * n
        i = 0
        maxp = self.max_phrase
        phrases = self.phrases
        while i < n:
            if not tokens[i][:1].isupper():
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


_CTX = frozenset("ctk")  # neighbour features: classes (c=), tz= and tr= (t), clusters (k)


def sentence_features(lex: Lexicon, tokens: Sequence[str]) -> list[list[str]]:
    """Feature strings for each token of one sentence (own word, window of +-2, gazetteer)."""
    own = [lex.word_features(t) for t in tokens]
    gaz = lex.phrase_tags(tokens)
    n = len(tokens)
    lows = [t.lower() for t in tokens]
    shapes = [f[6] for f in own]
    out = []
    for i in range(n):
        f = ["b"] + own[i]
        if i == 0:
            f.append("BOS")
        else:
            f.append("-1" + own[i - 1][1])
            f.append("-1" + shapes[i - 1])
            f.extend("-1" + x for x in own[i - 1][8:] if x[0] in _CTX)
            f.append("-1|0=" + lows[i - 1] + "|" + lows[i])
            if i == 1:
                f.append("-1BOS")
            else:
                f.append("-2" + own[i - 2][1])
        if i == n - 1:
            f.append("EOS")
        else:
            f.append("+1" + own[i + 1][1])
            f.append("+1" + shapes[i + 1])
            f.extend("+1" + x for x in own[i + 1][8:] if x[0] in _CTX)
            if i + 2 < n:
                f.append("+2" + own[i + 2][1])
        g = gaz[i]
        if g:
            f.append("g=" + g)
        if i > 0:
            # mid-sentence capitalisation carries the signal (sentence starts are always upper)
            f.extend("m" + x for x in own[i][8:] if x[0] == "c" or x[:2] == "gs")
        out.append(f)
    return out


# ---------------------------------------------------------------------------------------------
# Model


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

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 labels of one sentence; an adjective alone is O (GermEval's LOCderiv)."""
        return drop_lone_adjectives(tokens, self._tag(tokens), self.lexicon)

    def _tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        feats = sentence_features(self.lexicon, tokens)
        with self._lock:
            if self._stage_a is not None:
                tags_a, conf = stage_a_tags(self._stage_a, feats)
                stack_features(feats, tags_a, conf)
            tags = self._tagger.tag(feats)
        return _join_particles(tokens, _trim_genitive(tokens, _repair(tags), self.lexicon))

    def tag_document(
        self, sentences: Sequence[Sequence[str]], keep_adjectives: bool = False
    ) -> list[list[str]]:
        """Tag the sentences of one document, then make names consistent across it. With
        keep_adjectives, an adjective alone keeps its label (`_mentions` makes a place of it)."""
        tagged = [self._tag(toks) for toks in sentences]
        tagged = _consistent(sentences, _repeated_full_names(sentences, tagged, self.lexicon),
                             self.lexicon)  # fmt: skip
        if keep_adjectives:
            return tagged
        return [
            drop_lone_adjectives(t, g, self.lexicon) for t, g in zip(sentences, tagged, strict=True)
        ]


_NAME_CLASSES = {"VN", "NN", "TOP", "EN"}


def _common_noun(lex: Lexicon, w: str) -> bool:
    classes = lex.classes(w)
    return "N" in classes and not classes & _NAME_CLASSES


def _is_name_word(w: str) -> bool:
    """A capitalised word of letters, one hyphen at most ("Müller", "Erdoğan", "Wałęsa",
    "Đoković", "Løkke", "Meyer-Landrut"): any alphabet's letters, not only German ones."""
    parts = w.split("-")
    return len(parts) <= 2 and all(
        len(p) > 1 and p[0].isupper() and p[1:].isalpha() and p[1:].islower() for p in parts
    )


def _first_name(lex: Lexicon, w: str) -> bool:
    """A word that only a first name can be: "Helene", "Manuel"; not "Mark" (a noun too) nor
    "Am" (a first name, but mostly the preposition)."""
    classes = lex.classes(w)
    return (
        bool(classes & {"VN", "fn"})
        and "N" not in classes
        and lex.zipf.get(w.lower(), 0) < 5
        and _is_name_word(w)
    )


def _repeated_full_names(
    sentences: Sequence[Sequence[str]], tagged: list[list[str]], lex: Lexicon
) -> list[list[str]]:
    """A first name and the capitalised word after it, untagged, that the document repeats
    ("Helene Fischer" in the headline and again in the text) is a person: the sentence-level
    tagger misses such names when the surname is also a noun (Fischer, Neuer, Bohlen)."""
    found = [
        (k, i)
        for k, (toks, tags) in enumerate(zip(sentences, tagged, strict=True))
        for i in range(len(toks) - 1)
        if tags[i] == "O" and tags[i + 1] == "O" and _full_name_pair(lex, toks, i)
    ]
    seen = Counter((sentences[k][i], sentences[k][i + 1]) for k, i in found)
    out = [list(tags) for tags in tagged]
    for k, i in found:
        if seen[(sentences[k][i], sentences[k][i + 1])] >= 2:
            out[k][i], out[k][i + 1] = "B-PER", "I-PER"
    return out


def _full_name_pair(lex: Lexicon, toks: Sequence[str], i: int) -> bool:
    """Whether toks[i], toks[i + 1] read as first name and surname, and nothing more."""
    nxt = toks[i + 1]
    after = toks[i + 2] if i + 2 < len(toks) else ""
    return (
        _first_name(lex, toks[i])
        and _is_name_word(nxt)
        and not _first_name(lex, nxt)
        and not (after[:1].isupper() and _is_name_word(after))  # three names: unsure
        and not trigger_class(nxt)
        and not is_role_noun(nxt)
    )


def _consistent(
    sentences: Sequence[Sequence[str]], tagged: list[list[str]], lex: Lexicon
) -> list[list[str]]:
    """Document-level consistency: a name found once is a name everywhere in the article.
    'Wladimir Putin' makes a later bare 'Putin' / 'Putins' a PER; an ORG or LOC phrase tagged
    once is tagged at its other untagged occurrences."""
    single: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for toks, tags in zip(sentences, tagged, strict=True):
        for s, e, lab in _spans(tags):
            words = tuple(toks[s:e])
            if any(_common_noun(lex, w) for w in words[-1:]):
                continue  # a common noun tagged as a name is more likely an error: don't spread it
            if lab == "PER":
                w = words[-1]  # the surname: later mentions use it alone
                if len(w) > 2 and w[:1].isupper() and w[1:2].islower():
                    single.setdefault(w, "PER")
                    single.setdefault(w + "s", "PER")
            elif words[0][:1].isupper() and len("".join(words)) > 2:
                phrases.setdefault(words, lab)
    if not single and not phrases:
        return tagged
    maxlen = max((len(p) for p in phrases), default=1)
    out = []
    for toks, tags in zip(sentences, tagged, strict=True):
        tags = list(tags)
        n = len(toks)
        i = 0
        while i < n:
            if tags[i] != "O" or not toks[i][:1].isupper():
                i += 1
                continue
            done = False
            for k in range(min(maxlen, n - i), 0, -1):
                lab = phrases.get(tuple(toks[i : i + k]))
                if (
                    lab
                    and all(t == "O" for t in tags[i : i + k])
                    and (i + k >= n or tags[i + k] == "O")
                    and (i == 0 or tags[i - 1] == "O")
                ):
                    tags[i] = "B-" + lab
                    for j in range(i + 1, i + k):
                        tags[j] = "I-" + lab
                    i += k
                    done = True
                    break
            if done:
                continue
            lab = single.get(toks[i])
            if lab and (i == 0 or tags[i - 1] == "O") and (i + 1 >= n or tags[i + 1] == "O"):
                tags[i] = "B-" + lab
            i += 1
        out.append(tags)
    return out


def _spans(tags: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    i, n = 0, len(tags)
    while i < n:
        if tags[i].startswith("B-"):
            lab = tags[i][2:]
            j = i + 1
            while j < n and tags[j] == "I-" + lab:
                j += 1
            yield i, j, lab
            i = j
        else:
            i += 1


_NAME_LIKE = _NAME_CLASSES | {"gLOC", "gPER", "gORG", "fn", "sn"}


def _trim_genitive(tokens: Sequence[str], tags: list[str], lex: Lexicon) -> list[str]:
    """'Russlands Angriffskrieg', 'Putins Sprecher': a PER/LOC span made of a genitive name and
    a following common noun is cut back to the name (the noun is not part of it)."""
    for s, e, lab in list(_spans(tags)):
        if lab == "ORG" or e - s != 2:
            continue
        first, last = tokens[s], tokens[e - 1]
        if len(first) < 4 or first[-1] != "s" or not _common_noun(lex, last):
            continue
        base = lex.classes(first[:-1])
        if base & _NAME_LIKE:
            tags[e - 1] = "O"
    return tags


_PLACE = frozenset({"gLOC", "TOP"})


def place_of_adjective(word: str, lex: Lexicon) -> str | None:
    """The place a place adjective derives from: Wiener -> Wien, Münchner -> München, Bremer
    -> Bremen. None for a word that is a place itself."""
    if len(word) < 5 or not word.endswith("er") or not word[:1].isupper():
        return None
    own = lex.classes(word)
    if "TOP" in own or "gORG" in own:
        return None  # a place of its own ("Munster"), a company ("Bayer")
    bases = [word[:-2], word[:-2] + "en", word[:-1]]
    if word[-3] == "n":
        bases.append(word[:-3] + "en")  # Münchner, Dresdner
    for base in bases:
        if len(base) >= 4 and lex.classes(base) & _PLACE:
            return base
    return None


# Adjectives of nations and regions: "deutsche", "amerikanischen", "Bayerische", "westlichen"
_NATION_ADJECTIVE = re.compile(r"(?i)([a-zäöüß-]+(isch|lich)|deutsch)(e|en|er|es|em)")


def drop_lone_adjectives(tokens: Sequence[str], tags: list[str], lex: Lexicon) -> list[str]:
    """An adjective alone ("die Wiener Polizei", "Leipziger", "deutsche", "amerikanischen")
    is no place or organisation (GermEval: LOCderiv); inside a longer name it stays
    ("Frankfurter Allgemeine Zeitung", "Deutsche Bank")."""
    for s, e, lab in list(_spans(tags)):
        if e - s != 1 or lab == "PER":
            continue
        if _NATION_ADJECTIVE.fullmatch(tokens[s]) or place_of_adjective(tokens[s], lex):
            tags[s] = "O"
    return tags


_CAP_PARTICLES = frozenset(["Van", "Von", "De", "Di", "Da", "Del", "Le", "La", "Ten", "Ter"])
_PARTICLE_WORDS = frozenset(["der", "den", "de", "la", "le", "du", "des"])


def _join_particles(tokens: Sequence[str], tags: list[str]) -> list[str]:
    """A person span that ends in a capitalised particle ("Alexander Van") goes on over the
    lower-case particles and the name after it ("der Bellen"), which the tagger left out."""
    for s, e, lab in list(_spans(tags)):
        if lab != "PER" or e - s < 2 or tokens[e - 1] not in _CAP_PARTICLES:
            continue
        j = e
        while j < len(tokens) and tokens[j] in _PARTICLE_WORDS and tags[j] == "O":
            j += 1
        if j < len(tokens) and tokens[j][:1].isupper() and tags[j] in ("O", "B-PER"):
            for k in range(e, j + 1):
                tags[k] = "I-PER"
    return tags


def _repair(tags: list[str]) -> list[str]:
    """Make the output valid IOB2 (an I- without a matching predecessor opens an entity)."""
    prev = "O"
    out = []
    for t in tags:
        if t != "O" and t[2:] not in _LABEL_SET:
            t = "O"  # OTH is learnt (it keeps titles and events out of ORG/PER) but not output
        elif t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


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


def tag_tokens(tokens: list[str], model: NerModel | None = None) -> list[str]:
    """IOB2 labels (B-PER, I-LOC, O, ...) for one pre-tokenised sentence."""
    return (model or load()).tag(tokens)


def _mentions(text: str, spans: list[tuple[int, int]], model: NerModel) -> list[Mention]:
    tokens = [text[a:b] for a, b in spans]
    # A line break always ends a sentence (headline, teaser and tag lines have no full stop).
    sents: list[list[str]] = []
    start = 0
    for k in range(1, len(spans) + 1):
        if k == len(spans) or "\n" in text[spans[k - 1][1] : spans[k][0]]:
            block = tokens[start:k]
            sents.extend(block[s:e] for s, e in _sentence_bounds(block))
            start = k
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


def _pairs_apart(
    tokens: Sequence[str], found: Iterable[tuple[int, int, str]]
) -> Iterator[tuple[int, int, str]]:
    """A span with a lone dash inside names two ("Bayer Leverkusen - Holstein Kiel", a match
    or a route): one span each side."""
    for i, j, lab in found:
        start = i
        for k in range(i, j):
            if tokens[k] in _DASHES:
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
    return _mentions(text, tokenize_spans(text), model or load())


def extract_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[list[Mention]]:
    """Mentions for each text, tokenising in batches with spaCy's pipe."""
    model = load()
    tok = _get_tokenizer()
    buf: list[str] = []

    def run(batch: list[str]) -> Iterator[list[Mention]]:
        for text, doc in zip(batch, tok.pipe(batch), strict=True):
            spans = [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
            yield _mentions(text, spans, model) if spans else []

    for text in texts:
        buf.append(text if isinstance(text, str) else "")
        if len(buf) >= batch_size:
            yield from run(buf)
            buf = []
    if buf:
        yield from run(buf)

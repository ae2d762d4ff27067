"""Near-duplicate detection: MinHash over word shingles of normalised text, LSH band keys.

A wire item republished elsewhere keeps most of its word sequence, so word shingles survive
re-headlining, a dateline or credit, quote restyling and boilerplate. Cut-short copies have a low
Jaccard similarity with the original but a high *containment*, so ``is_copy`` compares the smaller
shingle set against the larger one. MinHash estimates containment poorly for small sets, so each
signature also keeps the exact hashes of its first ``LEAD_SHINGLES`` shingles (a teaser or a copy
cut after a paragraph is a prefix of the original).
"""

from __future__ import annotations

import re
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SEED = 20260301  # fixed: signatures stored by one process must match those of another
SHINGLE = 4  # words per shingle
BANDS = 32  # 32 bands x 4 rows: candidate probability 0.57 at Jaccard 0.4, 0.99 at 0.6
ROWS = NUM_PERM // BANDS
LEAD_SHINGLES = 160
HEAD_WORDS = 8
COPY_CONTAINMENT = 0.7  # share of the smaller text's shingles found in the larger one
MIN_SHINGLES = 6  # below this a text is too short to call anything a copy of it

_DATELINE_RE = re.compile(
    r"^\s*(?:[A-ZÄÖÜ][\w.\-]*(?:[ /][A-ZÄÖÜ][\w.\-]*){0,3}\s*)?"
    r"\((?:dpa|dpa-AFX|AFP|AP|Reuters|epd|KNA|dts|SID|APA|sda|ots|[a-zA-Z]{2,8})(?:/[\w-]+)*\)"
    r"\s*[-–—:]\s*"
)
_CREDIT_LINE_RE = re.compile(
    r"^[ \t]*(?:[@©][ \t]*\S.{0,60}|\([\w/ -]{1,30}\)\.?"
    r"|(?:Quelle|Fotos?|Bild|Text|Mitarbeit|Redaktion|Copyright)[ \t]*:.{0,80}"
    r"|(?:dpa|afp|ap|reuters|epd|kna|dts|sid)(?:[/ ,]+\w+){0,3}\.?"
    r"|(?:Kommentar abgeben|Mehr zum Thema|Lesen Sie auch|Weitere Meldungen|Zur Startseite)"
    r".{0,80}|Anzeige)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTES_RE = re.compile(r"[«»„“”‚‘’‹›\"'`´]")
_DASHES_RE = re.compile(r"[‐‑‒–—―−]")
_NON_WORD_RE = re.compile(r"[^\w]+", re.UNICODE)


@dataclass(frozen=True)
class Signature:
    """What the index keeps per article to find its copies later."""

    minhash: np.ndarray  # NUM_PERM uint32 values
    n_shingles: int  # size of the shingle set, for containment estimates
    lead: frozenset[int]  # exact 32-bit hashes of the first LEAD_SHINGLES shingles
    head: int = 0  # hash of the first HEAD_WORDS words: teasers and cut copies share it

    def to_bytes(self) -> bytes:
        """Compact, portable form for a BLOB column."""
        lead = sorted(self.lead)
        start = struct.pack("<III", self.n_shingles, len(lead), self.head)
        return start + self.minhash.astype("<u4").tobytes() + struct.pack(f"<{len(lead)}I", *lead)

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        n_shingles, n_lead, head = struct.unpack_from("<III", data)
        start = 12 + 4 * NUM_PERM
        if len(data) != start + 4 * n_lead:
            raise ValueError(f"signature blob has {len(data)} bytes, expected {start + 4 * n_lead}")
        mh = np.frombuffer(data, dtype="<u4", count=NUM_PERM, offset=12).astype(np.uint32)
        lead = frozenset(struct.unpack_from(f"<{n_lead}I", data, start))
        return cls(mh, n_shingles, lead, head)


def normalise(text: str) -> str:
    """Lower-cased words of ``text`` without dateline, credit lines, quote and dash styles."""
    text = unicodedata.normalize("NFKC", text)
    text = _DATELINE_RE.sub("", text, count=1)
    text = _CREDIT_LINE_RE.sub(" ", text)
    text = _QUOTES_RE.sub("", text)
    text = _DASHES_RE.sub("-", text)
    text = _NON_WORD_RE.sub(" ", text.lower())
    return " ".join(text.split())


def _hash32(s: str) -> int:
    return int.from_bytes(blake2b(s.encode(), digest_size=4).digest(), "little")


def shingles(text: str, k: int = SHINGLE) -> list[int]:
    """32-bit hashes of the word k-grams of the normalised text, in text order, deduplicated."""
    return _shingles(normalise(text).split(), k)


def _shingles(words: list[str], k: int) -> list[int]:
    if len(words) < k:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]
    return list(
        dict.fromkeys(
            int.from_bytes(blake2b(g.encode(), digest_size=4).digest(), "little") for g in grams
        )
    )  # _hash32 of each, first occurrences in order


@lru_cache(maxsize=1)
def _empty_minhash() -> MinHash:
    """An empty MinHash of the project's permutations (drawn from ``SEED`` once per process)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED)


CACHED_UP_TO = 20_000  # characters: the cache keeps its texts (512 of them), so no long ones


def signature(text: str) -> Signature:
    """MinHash signature of ``text`` (the article body; use the headline only if there is none).

    A function of the text only: the copies of one text are signed once (a signature is not
    changed by its users; its MinHash array is read-only)."""
    if len(text) > CACHED_UP_TO:
        return _signature(text)
    return _cached_signature(text)


def _signature(text: str) -> Signature:
    words = normalise(text).split()
    hashes = _shingles(words, SHINGLE)
    mh = _empty_minhash().copy()  # the permutations are shared, not drawn again
    if hashes:
        mh.update_batch([h.to_bytes(4, "little") for h in hashes])
    head = _hash32(" ".join(words[:HEAD_WORDS])) if len(words) >= HEAD_WORDS else 0
    lead = frozenset(hashes[:LEAD_SHINGLES])
    minhash = mh.hashvalues.astype(np.uint32)
    minhash.flags.writeable = False
    return Signature(minhash, len(hashes), lead, head)


_cached_signature = lru_cache(maxsize=512)(_signature)


def band_keys(sig: Signature) -> list[str]:
    """LSH band keys ``b{band}:{hash}`` (plus ``h:{hash}`` of the opening words); two texts
    sharing any key are copy candidates."""
    if sig.n_shingles == 0:
        return []
    keys = [f"h:{sig.head:08x}"] if sig.head else []
    for band in range(BANDS):
        rows = sig.minhash[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        keys.append(f"b{band}:{blake2b(rows, digest_size=8).hexdigest()}")
    return keys


def jaccard_estimate(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    if a.n_shingles == 0 or b.n_shingles == 0:
        return 0.0
    return float(np.count_nonzero(a.minhash == b.minhash)) / NUM_PERM


def containment(a: Signature, b: Signature) -> float:
    """Estimated share of ``a``'s shingles that also occur in ``b``."""
    if a.n_shingles == 0 or b.n_shingles == 0:
        return 0.0
    if a.n_shingles <= len(a.lead) and len(a.lead) <= LEAD_SHINGLES:
        # a is short and fully known: count exactly against b's lead, and trust MinHash only
        # if it says more (a may come from the middle of b).
        exact = len(a.lead & b.lead) / len(a.lead)
        if exact >= COPY_CONTAINMENT or b.n_shingles <= len(b.lead):
            return exact
    j = jaccard_estimate(a, b)
    inter = j * (a.n_shingles + b.n_shingles) / (1.0 + j)
    return min(1.0, inter / a.n_shingles)


def is_copy(a: Signature, b: Signature) -> bool:
    """True if one text is a (possibly shortened or padded) copy of the other."""
    small, large = (a, b) if a.n_shingles <= b.n_shingles else (b, a)
    if small.n_shingles < MIN_SHINGLES:
        return False
    return containment(small, large) >= COPY_CONTAINMENT


def copy_direction(new: Signature, old: Signature) -> str:
    """How ``new`` relates to an earlier ``old`` text.

    "copy": new is (mostly) contained in old (republished, shortened or padded);
    "extends": old is contained in new (old was a teaser or a short first version);
    "": neither.
    """
    if min(new.n_shingles, old.n_shingles) < MIN_SHINGLES:
        return ""
    if containment(new, old) >= COPY_CONTAINMENT:
        return "copy"
    if containment(old, new) >= COPY_CONTAINMENT:
        return "extends"
    return ""

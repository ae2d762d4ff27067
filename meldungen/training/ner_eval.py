"""Reading CoNLL / GermEval files and exact-span scoring of PER, LOC and ORG.

`main(path)` is what `meldungen eval ner FILE` runs: it tags every sentence of the file with
the shipped model and prints per-type lines, then one final `P=... R=... F1=...` line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

TYPES = ("PER", "LOC", "ORG")
Sentence = tuple[list[str], list[str]]


class ConllFormatError(ValueError):
    """Raised for a line that is neither a token line, a comment nor a sentence break."""


def _is_tag(tag: str) -> bool:
    return tag == "O" or (len(tag) > 2 and tag[0] in "BIES" and tag[1] in "-_")


def normalise_tag(tag: str) -> str:
    """Map one raw tag to B-X / I-X / O; GermEval deriv/part tags (B-PERderiv) become O."""
    if tag == "O" or not _is_tag(tag):
        return "O"
    prefix, label = tag[0], tag[2:]
    if label.endswith("deriv") or label.endswith("part"):
        return "O"
    if prefix == "S":
        prefix = "B"
    elif prefix == "E":
        prefix = "I"
    return f"{prefix}-{label}"


def to_iob2(tags: Sequence[str]) -> list[str]:
    """Convert IOB1 (I- may open an entity) to IOB2; IOB2 input is returned unchanged."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and (prev == "O" or prev[2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


def _split_line(line: str) -> list[str]:
    return line.split("\t") if "\t" in line else line.split()


def _read_text(path: str | Path) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 / Latin-1, the encoding
    of older corpora such as the CoNLL-2003 German files."""
    data = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_conll(path: str | Path) -> list[Sentence]:
    """Read CoNLL-style or GermEval TSV into (tokens, IOB2 tags) sentences.

    CoNLL: token first, tag in the last column, IOB1 or IOB2, blank lines between sentences,
    `-DOCSTART-` ignored. GermEval: `idx<TAB>token<TAB>outer<TAB>inner` with `#` lines; the
    outer tag is used and deriv/part tags count as O.
    """
    sentences: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if toks:
            sentences.append((list(toks), to_iob2(tags)))
        toks.clear()
        tags.clear()

    for lineno, raw in enumerate(_read_text(path).split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            flush()
            continue
        cols = _split_line(line)
        if cols and cols[0].startswith("-DOCSTART-"):
            flush()
            continue
        germeval = len(cols) >= 4 and cols[0].isdigit() and _is_tag(cols[2].strip())
        if germeval:
            token, tag = cols[1], cols[2].strip()
        else:
            cols = [c for c in cols if c.strip() != ""]
            if len(cols) < 2 or not _is_tag(cols[-1].strip()):
                if line.startswith("#"):
                    continue  # comment line (GermEval source URL)
                raise ConllFormatError(f"{path}:{lineno}: cannot read token line {line[:80]!r}")
            token, tag = cols[0], cols[-1].strip()
        toks.append(token)
        tags.append(normalise_tag(tag))
    flush()
    return sentences


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """Exact entity spans (start, end exclusive, type) of an IOB2 (or IOB1) tag sequence."""
    out: set[tuple[int, int, str]] = set()
    start, label = -1, ""
    for i, tag in enumerate([*to_iob2(tags), "O"]):
        if tag.startswith("I-") and label == tag[2:]:
            continue
        if label:
            out.add((start, i, label))
            label = ""
        if tag.startswith("B-"):
            start, label = i, tag[2:]
    return out


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    per_type: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in TYPES})
    sentences: int = 0

    @property
    def micro(self) -> Score:
        total = Score()
        for s in self.per_type.values():
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
        return total

    def lines(self) -> list[str]:
        out = []
        for t, s in self.per_type.items():
            out.append(
                f"{t}: P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} "
                f"(gold={s.tp + s.fn} pred={s.tp + s.fp})"
            )
        m = self.micro
        out.append(f"P={m.precision:.3f} R={m.recall:.3f} F1={m.f1:.3f}")
        return out


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> Report:
    """Exact-span scores per type for PER, LOC and ORG; other types are ignored."""
    report = Report()
    for g, p in zip(gold, pred, strict=True):
        report.sentences += 1
        gs = {s for s in spans(g) if s[2] in TYPES}
        ps = {s for s in spans(p) if s[2] in TYPES}
        for t in TYPES:
            gt = {s for s in gs if s[2] == t}
            pt = {s for s in ps if s[2] == t}
            sc = report.per_type[t]
            sc.tp += len(gt & pt)
            sc.fp += len(pt - gt)
            sc.fn += len(gt - pt)
    return report


def evaluate_sentences(
    sentences: Sequence[Sentence], tagger: Callable[[list[str]], list[str]] | None = None
) -> Report:
    """Tag each sentence (default: the shipped model) and score it against its gold tags."""
    if tagger is None:
        from meldungen.enrich.ner import tag_tokens

        tagger = tag_tokens
    preds = [tagger(list(toks)) for toks, _ in sentences]
    return score([tags for _, tags in sentences], preds)


def evaluate(path: str | Path) -> Report:
    """Evaluate the shipped model on a CoNLL / GermEval file."""
    sentences = read_conll(path)
    if not sentences:
        raise ConllFormatError(f"{path}: no token lines found (empty, or only -DOCSTART-)")
    return evaluate_sentences(sentences)


def main(path: str | Path, out: TextIO = sys.stdout) -> Report:
    """Print per-type lines and the final micro `P=... R=... F1=...` line."""
    report = evaluate(path)
    print(f"sentences: {report.sentences}", file=out)
    for line in report.lines():
        print(line, file=out)
    return report


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1])

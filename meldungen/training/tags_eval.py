"""The entity and tag gate: document-level PER/LOC/ORG entities and tags against gold.

For each gold document the enrichment runs as in the portal (the shipped NER, then the entity
stage), with the editors' keywords withheld. Scored, micro over documents:

- **entities**: the set of the document's canonical PER/LOC/ORG entities against the gold set,
  typed (a person found as a place is one miss and one false find);
- **keywords**, where the gold has them: the tag line (entities only) against the keywords;
- **the tag line** against the gold entities: how many of its tags name one of them ("right";
  a name the gold ignores counts neither way), and how many of the document's central
  referents it shows: those named in the headline or at least twice in the text (a person
  also by the surname), the ones an editor would name first.

**Matching rule.** Both sides are folded to keys before they are compared, by one rule:
the entity stage's alias table first ("Europäische Union" -> EU, "Die Grünen" -> Grüne), then
its slug (case, accents and punctuation off). A person is keyed by the surname
(`entities.surname`: "Wladimir Putin", "Putin" -> "putin"; "Ursula von der Leyen" ->
"von-der-leyen"), so a full name in the gold and the surname in the output (or the other way
round) match, and two people of one article who share a surname count once. A place or
organisation is keyed by its name without a trailing legal form (AG, GmbH, SE, Inc ...:
"Volkswagen AG" = "Volkswagen"), and a name of two words or more without its case endings
(`fold_endings`: "Europäischen Union" = "Europäische Union" = EU, "Frankfurter Allgemeinen
Zeitung" = "Frankfurter Allgemeine Zeitung", "Auswärtigen Amtes" = "Auswärtiges Amt"), the alias
table read through the same folding. A final -s of keys longer than four letters is dropped on both
sides (annotators mark "Deutschlands" where the entity stage says "Deutschland"). Output names
equal to a gold `ignore` name (SmartData's streets and stops) count neither way; MISC is not
scored. A body several states have is keyed without its state, whether the output gives it in
brackets or the gold by the state's adjective ("Senat (Hamburg)", "Hamburger Senat" -> Senat;
enrich/entity_homes.py). A keyword matches a tag when the keyword's key or its surname key is
the tag's.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from meldungen.enrich.entities import known_name, surname
from meldungen.enrich.entity_homes import state_of_adjective
from meldungen.enrich.entity_words import ALIASES, SHARED_BODIES
from meldungen.text import slug

TYPES = ("PER", "LOC", "ORG")
_LEGAL_FORMS = frozenset(
    "ag se gmbh kg kgaa ohg co inc ltd llc plc corp sa nv bv spa holding group".split()  # noqa: SIM905
)


def _norm(key: str) -> str:
    return key[:-1] if len(key) > 4 and key.endswith("s") else key


_ADJ_END = re.compile(r"(?<=\w{3})(?:e[mnrs]?)$")
_GEN_END = re.compile(r"(?<=\w{3})(?:es|s)$")


def fold_endings(name: str) -> str:
    """A place's or organisation's name without its German case endings: the adjective
    endings of every word but the last (-e, -em, -en, -er, -es), the genitive -s/-es of the
    last ("Europäischen Union", "Europäische Union" -> "Europäisch Union"; "Auswärtigen
    Amtes" -> "Auswärtig Amt"). Applied to both sides, so it only has to be the same
    for the forms of one name."""
    words = name.split()
    if len(words) < 2:
        return name
    return " ".join([_ADJ_END.sub("", w) for w in words[:-1]] + [_GEN_END.sub("", words[-1])])


_STATE = re.compile(r"(\w+) \([^()]+\)$")  # enrich/entity_homes.py
_FOLDED_ALIASES = {fold_endings(k): v for k, v in ALIASES.items()}


def match_key(name: str, type_: str) -> str:
    """The key a gold or output name of type `type_` is compared by (module docstring)."""
    name = " ".join(name.split())
    # a shared body's state is no part of its name: "Senat (Italien)", "Berliner Senat" -> Senat
    body = _STATE.match(name)
    name = body.group(1) if body and body.group(1) in SHARED_BODIES else name
    adjective, _, body_name = name.rpartition(" ")
    if body_name in SHARED_BODIES and " " not in adjective and state_of_adjective(adjective):
        name = body_name
    if type_ != "PER":
        name = known_name(name) or _FOLDED_ALIASES.get(fold_endings(name)) or name
    else:
        name = known_name(name) or name
    if type_ == "PER":
        return _norm(slug(surname(name)))
    tokens = name.split()
    while len(tokens) > 1 and tokens[-1].strip(".,&").lower() in _LEGAL_FORMS:
        tokens.pop()
    return _norm(slug(fold_endings(" ".join(tokens))))


def _any_keys(name: str) -> set[str]:
    """Keys of an untyped name (keywords and tags): as a name and as a person."""
    return {k for k in (match_key(name, "ORG"), match_key(name, "PER")) if k}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def line(self) -> str:
        p, r, f = self.prf()
        return f"P={p:.3f} R={r:.3f} F1={f:.3f}"


@dataclass
class Prediction:
    """What the enrichment says about one document."""

    entities: list[tuple[str, str]]  # (name, type) of PER/LOC/ORG entities
    tags: list[str]  # the tag line without keywords
    text: str = ""  # the analysed text, headline first (for the central referents)
    headline_end: int = 0
    lead_end: int = 0  # the end of the teaser, or without one of the body's first sentence


@dataclass
class Score:
    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    keywords: Counts = field(default_factory=Counts)
    by_source: dict[str, Counts] = field(default_factory=dict)
    # the tag line (``score_tag_line``), per "source/split": tp/fp = tags that name a gold
    # entity or none; tags that name a central referent or not; tp/fn = central referents
    # shown or not
    line_right: dict[str, Counts] = field(default_factory=dict)
    line_on_central: dict[str, Counts] = field(default_factory=dict)
    line_central: dict[str, Counts] = field(default_factory=dict)
    # tp/fn = referents of the headline and lead (``lead_end``) or named twice, shown or not
    line_lead: dict[str, Counts] = field(default_factory=dict)
    # tp/fn = every referent of the gold, shown or not (an editor names some named only once)
    line_every: dict[str, Counts] = field(default_factory=dict)

    def total(self) -> Counts:
        out = Counts()
        for c in self.by_type.values():
            out.add(c)
        out.add(self.keywords)
        return out


def _groups(names: Iterable[str], type_: str) -> list[set[str]]:
    """Gold names folded to referents: names sharing a key are one, and "A|B" lists two
    forms of one referent ("UEF|Union Europäischer Föderalisten")."""
    groups: list[set[str]] = []
    for name in names:
        keys = {k for alt in name.split("|") if (k := match_key(alt, type_))}
        if not keys:
            continue
        hit = [g for g in groups if g & keys]
        for g in hit:
            keys |= g
            groups.remove(g)
        groups.append(keys)
    return groups


def score_entities(gold: dict, pred: Sequence[tuple[str, str]]) -> dict[str, Counts]:
    """Per-type counts for one document (gold line with `entities`): a gold referent is found
    when one of its keys is among the output's; output keys of no referent are false finds
    unless the gold ignores them."""
    ignore = {k for n in gold.get("ignore", ()) for t in TYPES if (k := match_key(n, t))}
    out = {}
    for t in TYPES:
        want = _groups(gold["entities"].get(t, ()), t)
        got = {k for n, typ in pred if typ == t if (k := match_key(n, t))}
        tp = sum(1 for g in want if g & got)
        wanted = set().union(*want) if want else set()
        fp = len({k for k in got if k not in wanted and k not in ignore})
        out[t] = Counts(tp, fp, len(want) - tp)
    return out


def score_keywords(keywords: Iterable[str], tags: Sequence[str]) -> Counts:
    """The tag line against the editors' keywords, one-to-one."""
    kws = [_any_keys(k) for k in dict.fromkeys(keywords) if k.strip()]
    free = [_any_keys(t) for t in tags]
    tp = 0
    for kw in kws:
        for i, keys in enumerate(free):
            if keys & kw:
                tp += 1
                del free[i]
                break
    return Counts(tp, len(tags) - tp, len(kws) - tp)


def _occurrences(name: str, text: str, headline_end: int) -> tuple[int, bool]:
    """How often ``name`` occurs in ``text`` as whole words, and whether in the headline."""
    found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    return len(found), any(at < headline_end for at in found)


def central(
    gold: dict, text: str, headline_end: int, lead_end: int | None = None
) -> list[set[str]]:
    """The keys of the gold referents named in the headline or at least twice in ``text``
    (any of their names; a person also by the surname); with ``lead_end``, also those named
    before it (in the headline and the lead: ``lead_end``)."""
    out: list[set[str]] = []
    for t in TYPES:
        names = gold["entities"].get(t, ())
        for group in _groups(names, t):
            forms = [
                form
                for name in names
                for alt in name.split("|")
                if match_key(alt, t) in group
                for form in {alt, surname(alt) if t == "PER" else alt}
            ]
            seen = [
                _occurrences(f, text, lead_end or headline_end) for f in dict.fromkeys(forms) if f
            ]
            if any(head for _, head in seen) or max((n for n, _ in seen), default=0) >= 2:
                out.append(group)
    return out


def score_tag_line(gold: dict, pred: Prediction) -> tuple[Counts, Counts, Counts, Counts, Counts]:
    """(tags that name a gold entity or not, tags that name a central referent or not,
    central referents on the line or not, referents of the headline, the lead or named twice
    on the line or not, every referent of the gold on the line or not)."""
    ignore = {k for n in gold.get("ignore", ()) for k in _any_keys(n)}
    wanted = [
        {k for alt in name.split("|") for k in _any_keys(alt)}
        for names in gold["entities"].values()
        for name in names
    ]
    every = set().union(*wanted) if wanted else set()
    keys = [_any_keys(tag) for tag in pred.tags]
    right = Counts()
    for k in keys:
        if k & every:
            right.tp += 1
        elif not k & ignore:
            right.fp += 1
    groups = central(gold, pred.text, pred.headline_end)
    on_central = Counts()
    for k in keys:
        if any(k & group for group in groups):
            on_central.tp += 1
        elif not k & ignore:
            on_central.fp += 1
    shown, lead = _shown(groups, keys), Counts()
    if pred.lead_end:
        lead = _shown(central(gold, pred.text, pred.headline_end, pred.lead_end), keys)
    every_referent = [g for t in TYPES for g in _groups(gold["entities"].get(t, ()), t)]
    return right, on_central, shown, lead, _shown(every_referent, keys)


def _shown(groups: list[set[str]], keys: list[set[str]]) -> Counts:
    """tp/fn: the referents (``groups``) that a tag names or not."""
    shown = Counts()
    for group in groups:
        if any(k & group for k in keys):
            shown.tp += 1
        else:
            shown.fn += 1
    return shown


def lead_end(text: str, headline_end: int, teaser_span: tuple[int, int]) -> int:
    """Where the lead ends: with the teaser, or without one with the body's first sentence."""
    from meldungen.text.sentences import sentence_spans

    if teaser_span[1] > teaser_span[0]:
        return teaser_span[1]
    return next((b for a, b in sentence_spans(text) if a >= headline_end), len(text))


def score(docs: Sequence[dict], preds: Sequence[Prediction]) -> Score:
    s = Score()
    for doc, pred in zip(docs, preds, strict=True):
        src = s.by_source.setdefault(f"{doc.get('source', '?')}/{doc.get('split', '?')}", Counts())
        if "entities" in doc:
            for t, c in score_entities(doc, pred.entities).items():
                s.by_type[t].add(c)
                src.add(c)
            if pred.text:
                key = f"{doc.get('source', '?')}/{doc.get('split', '?')}"
                right, on_central, shown, lead, every = score_tag_line(doc, pred)
                s.line_right.setdefault(key, Counts()).add(right)
                s.line_on_central.setdefault(key, Counts()).add(on_central)
                s.line_central.setdefault(key, Counts()).add(shown)
                s.line_lead.setdefault(key, Counts()).add(lead)
                s.line_every.setdefault(key, Counts()).add(every)
        if doc.get("keywords"):
            c = score_keywords(doc["keywords"], pred.tags)
            s.keywords.add(c)
            src.add(c)
    return s


# ------------------------------------------------------------------------------------------
# Running the enrichment


def _text_of(doc: dict) -> tuple[str, int, tuple[int, int]]:
    from meldungen.enrich.pipeline import article_text
    from meldungen.ingest.draft import ArticleDraft
    from meldungen.training.tags_gold import body_html

    draft = ArticleDraft(
        guid=str(doc["id"]),
        headline=doc.get("headline", ""),
        format="gold",
        teaser=doc.get("teaser", ""),
        body=body_html(doc.get("body", "")),
    )
    return article_text(draft)


@dataclass
class Prepared:
    """A document's text and NER mentions, computed once for every run of the entity stage."""

    text: str
    headline_end: int
    teaser_span: tuple[int, int]
    mentions: list


def prepare(docs: Sequence[dict], ner: Callable[[str], list] | None = None) -> list[Prepared]:
    if ner is None:
        from meldungen.enrich.ner import extract as ner
    out = []
    for doc in docs:
        text, he, ts = _text_of(doc)
        out.append(Prepared(text, he, ts, list(ner(text)) if text.strip() else []))
    return out


def predict(prep: Prepared, skip: frozenset[str] = frozenset()) -> Prediction:
    from meldungen.enrich.entities import canonical_entities
    from meldungen.enrich.tags import select_tags

    kwargs = {"skip": skip} if skip else {}
    ents = canonical_entities(
        prep.mentions, prep.text, headline_end=prep.headline_end,
        teaser_span=prep.teaser_span, **kwargs,
    )  # fmt: skip
    tags = select_tags(ents)
    found = [(e.name, e.type) for e in ents if e.type in TYPES]
    end = lead_end(prep.text, prep.headline_end, prep.teaser_span)
    return Prediction(found, [t.display for t in tags], prep.text, prep.headline_end, end)


# Which parts of the gold decide (rules are kept or removed on them) and which are held out
# (reported only): "source/split" keys of Score.by_source.
DECIDE = ("smartdata/test", "wikinews/dev")
HELD_OUT = ("wikinews/test",)


def part(s: Score, keys: Iterable[str]) -> Counts:
    """The counts of the gold parts `keys` ("source/split") together."""
    out = Counts()
    for k in keys:
        out.add(s.by_source.get(k, Counts()))
    return out


def f1(s: Score, keys: Iterable[str]) -> float:
    return part(s, keys).prf()[2]


def report(s: Score, out: TextIO) -> None:
    for src, c in sorted(s.by_source.items()):
        out.write(f"source {src}: {c.line()} (tp={c.tp} fp={c.fp} fn={c.fn})\n")
    for t, c in s.by_type.items():
        out.write(f"{t}: {c.line()} (tp={c.tp} fp={c.fp} fn={c.fn})\n")
    if s.keywords.tp + s.keywords.fn:
        c = s.keywords
        out.write(f"keywords: {c.line()} (tp={c.tp} fp={c.fp} fn={c.fn})\n")
    for name, keys in (("decide", DECIDE), ("held-out", HELD_OUT)):
        c = part(s, keys)
        if c.tp + c.fn:
            out.write(f"{name} ({' + '.join(keys)}): {c.line()} (tp={c.tp} fp={c.fp} fn={c.fn})\n")
    for src in sorted(s.line_right):
        right, on, shown = s.line_right[src], s.line_on_central[src], s.line_central[src]
        lead, every = s.line_lead.get(src, Counts()), s.line_every.get(src, Counts())
        out.write(
            f"tag line {src}: right {right.prf()[0]:.3f} ({right.tp} of {right.tp + right.fp}), "
            f"naming a central entity {on.prf()[0]:.3f}, "
            f"central entities shown {shown.prf()[1]:.3f} ({shown.tp} of {shown.tp + shown.fn}), "
            f"with the lead's {lead.prf()[1]:.3f} ({lead.tp} of {lead.tp + lead.fn}), "
            f"every referent {every.prf()[1]:.3f} ({every.tp} of {every.tp + every.fn})\n"
        )
    out.write(s.total().line() + "\n")


def main(
    file: Path, out: TextIO = sys.stdout, *, shared: Path | None = None, ablate: bool = False,
    ner: Callable[[str], list] | None = None,
) -> Score:  # fmt: skip
    """Score the gold of `file`; with `ablate`, also the figure without each step of the entity
    stage (one line a step, before the summary)."""
    from meldungen.training.tags_gold import read_gold

    docs = read_gold(file, shared)
    if not docs:
        raise ValueError(f"{file}: no gold documents")
    prepared = prepare(docs, ner)
    full = score(docs, [predict(p) for p in prepared])
    out.write(f"documents: {len(docs)}\n")
    if ablate:
        from meldungen.enrich.entities import REQUIRED, STEPS

        for step in (st for st in STEPS if st.__name__ not in REQUIRED):
            s = score(docs, [predict(p, frozenset([step.__name__])) for p in prepared])
            deltas = [
                f"{name} {part(s, keys).prf()[2]:.3f} ({f1(s, keys) - f1(full, keys):+.3f})"
                for name, keys in (("decide", DECIDE), ("held-out", HELD_OUT))
                if part(full, keys).tp + part(full, keys).fn
            ]
            delta = s.total().prf()[2] - full.total().prf()[2]
            out.write(
                f"without {step.__name__}: {s.total().line()} (delta F1 {delta:+.3f}"
                + "".join(f"; {d}" for d in deltas)
                + ")\n"
            )
    report(full, out)
    return full

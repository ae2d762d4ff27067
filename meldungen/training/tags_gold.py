"""Gold for the entity and tag gate (`meldungen eval tags FILE`).

One JSON object a line:

    {"id": "...", "source": "smartdata", "split": "test", "headline": "...", "teaser": "",
     "body": "plain text, paragraphs apart by a blank line",
     "entities": {"PER": ["Wladimir Putin"], "LOC": ["Kiew"], "ORG": ["Nato"]},
     "ignore": ["Köln Hbf"], "keywords": ["Ukraine", "Wladimir Putin"]}

`entities` is the document's set of PER/LOC/ORG names (several surface forms of one referent may
be listed: the scorer folds them by its matching rule); `ignore` are names neither right nor
wrong (SmartData's streets, stops and routes); `keywords` are the editors' keywords, scored
against the tag line. A line without `entities` scores only its keywords. A line without
`body` is a reference ("source": "wikinews", "id": "article_12"): its text is read from
`../shared` when the gold is read, so no text of ../shared is stored in the repository.

`build(shared, out)` writes the full gold set from the CC BY data in ../shared:
- SmartData v3 **test** (news and RSS items; tweets left out): held out from the NER's training
  and never read while the entity rules were written. PERSON -> PER; LOCATION, LOCATION_CITY
  -> LOC; ORGANIZATION, ORGANIZATION_COMPANY -> ORG; streets, stops, routes -> ignore, and
  so are mentions in lower case (SmartData tags adjectives such as "deutsche" as places; a tag
  is a name).
- the dpa-digitalwires fixtures' `keyword_names` (keywords only);
- the Wikinews documents annotated by hand in `gold/wikinews_*.jsonl` (ids and names only,
  one file per annotator; `tags.jsonl` is the first, smaller set).

Wikinews annotation conventions: names as the article writes them, case endings included
("Europäischen Union"); "A|B" lists forms of one referent; `ignore` lists names that are
neither right nor wrong. `check_reference` holds a reference to the convention and
`python -m meldungen.training.tags_gold --merge FILE --out gold/wikinews_X.jsonl` adds an
annotator's file through it, reporting every fix.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from meldungen.training.jsonl import json_lines

GOLD_DIR = Path(__file__).resolve().parent / "gold"
BUNDLED = GOLD_DIR / "tags_bundled.jsonl"
WIKINEWS = GOLD_DIR / "wikinews_tags.jsonl"


def wikinews_files() -> list[Path]:
    """The hand-annotated Wikinews reference files, one per annotator."""
    return sorted(GOLD_DIR.glob("wikinews_*.jsonl"))


DEFAULT_SHARED = Path(__file__).resolve().parents[2].parent / "shared"

SMARTDATA_TYPES = {
    "PERSON": "PER",
    "LOCATION": "LOC",
    "LOCATION_CITY": "LOC",
    "ORGANIZATION": "ORG",
    "ORGANIZATION_COMPANY": "ORG",
}
SMARTDATA_IGNORE = {"LOCATION_STREET", "LOCATION_STOP", "LOCATION_ROUTE"}
WIKINEWS_CSV = "data/news/dewikinews-politik.csv"


def json_docs(path: Path) -> Iterator[dict]:
    """The JSON objects of a (gzipped) file of concatenated objects, read one after another."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        data = fh.read()
    decoder, i = json.JSONDecoder(), 0
    while True:
        while i < len(data) and data[i].isspace():
            i += 1
        if i >= len(data):
            return
        obj, i = decoder.raw_decode(data, i)
        yield obj


def _unwrap(value: object) -> object:
    """Avro's JSON wraps optional values: {"string": "..."}, {"array": [...]}."""
    if isinstance(value, dict) and len(value) == 1:
        return next(iter(value.values()))
    return value


def smartdata_gold(shared: Path, name: str = "v3_20200302_test.json.gz") -> list[dict]:
    """Gold lines of SmartData's news and RSS items (see the module docstring)."""
    out = []
    for doc in json_docs(shared / "data/ner/smartdata" / name):
        if "TWITTER" in str(_unwrap(doc.get("docType")) or ""):
            continue
        text = str(_unwrap(doc.get("text")) or "")
        mentions = _unwrap(doc.get("conceptMentions")) or []
        if not text.strip():
            continue
        ents: dict[str, set[str]] = {"PER": set(), "LOC": set(), "ORG": set()}
        ignore: set[str] = set()
        for m in mentions:
            span = m["span"]
            surface = " ".join(text[span["start"] : span["end"]].split())
            name_like = surface[:1].isupper() or surface[:1].isdigit()
            if m["type"] in SMARTDATA_TYPES and name_like:
                ents[SMARTDATA_TYPES[m["type"]]].add(surface)
            elif m["type"] in SMARTDATA_TYPES or m["type"] in SMARTDATA_IGNORE:
                ignore.add(surface)  # a street, a stop, or "deutsche": no name
        # the first line of a crawled page is as often the site's boilerplate as the headline:
        # all of it is body
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        out.append(
            {
                "id": doc["id"],
                "source": "smartdata",
                "split": "test",
                "headline": "",
                "teaser": "",
                "body": "\n\n".join(lines),
                "entities": {k: sorted(v) for k, v in ents.items()},
                "ignore": sorted(ignore),
            }
        )
    return out


def dpa_gold(shared: Path) -> list[dict]:
    """Keyword-only gold lines of the dpa-digitalwires fixtures with `keyword_names`."""
    from meldungen.ingest.detect import parse
    from meldungen.text import html_to_text

    out = []
    for path in sorted((shared / "fixtures/dpa-digitalwires").glob("*.json")):
        for draft in parse(path.read_bytes()):
            if not getattr(draft, "keywords", None) or not getattr(draft, "body", ""):
                continue
            out.append(
                {
                    "id": f"{path.name}:{draft.guid}",
                    "source": "dpa",
                    "split": "test",
                    "headline": draft.headline,
                    "teaser": draft.teaser,
                    "body": "\n\n".join(html_to_text(draft.body).split("\n")),
                    "keywords": list(draft.keywords),
                }
            )
    return out


def wikinews_rows(shared: Path) -> dict[str, tuple[str, str]]:
    """Wikinews article id -> (title, text) from ../shared's CSV."""
    from meldungen.training.ressort_train import _read_semicolon_csv
    from meldungen.training.wikinews import wikinews_title

    rows = _read_semicolon_csv(shared / WIKINEWS_CSV)
    return {r[0]: (wikinews_title(r[1]), r[4].strip()) for r in rows if len(r) >= 5}


def read_gold(path: Path, shared: Path | None = None) -> list[dict]:
    """The gold lines of `path`, references filled in with their text from `shared`.

    Raises ValueError with the line number for a line that is not a gold object, and when a
    reference's text cannot be had."""
    docs = []
    rows: dict[str, tuple[str, str]] | None = None
    for n, doc in json_lines(path):
        if isinstance(doc, ValueError):
            raise ValueError(f"{path}:{n}: {doc}")
        if not isinstance(doc, dict) or "id" not in doc:
            raise ValueError(f"{path}:{n}: a gold line needs an object with an id")
        if "body" not in doc:
            if doc.get("source") != "wikinews":
                raise ValueError(f"{path}:{n}: no body and no known reference source")
            if rows is None:
                base = shared or DEFAULT_SHARED
                if not (base / WIKINEWS_CSV).is_file():
                    raise ValueError(f"{path}:{n}: references need {base / WIKINEWS_CSV}")
                rows = wikinews_rows(base)
            if doc["id"] not in rows:
                raise ValueError(f"{path}:{n}: no Wikinews article {doc['id']!r}")
            doc["headline"], doc["body"] = rows[doc["id"]]
        docs.append(doc)
    return docs


def build(shared: Path, out: Path) -> int:
    """Write the full gold set from ../shared to `out`; the number of documents."""
    docs = smartdata_gold(shared) + dpa_gold(shared)
    for path in wikinews_files():
        docs += read_gold(path, shared)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return len(docs)


def _written_forms(name: str, text: str) -> list[str]:
    """The forms in which `text` writes the name of two words or more `name` with other endings
    or separators: each word's stem (adjective and genitive endings off) with up to three more
    letters, words apart by a space, a hyphen or an underscore, the whole not inside a longer
    compound. "Russische Föderation" -> ["Russischen Föderation"]; "Spiegel Online" ->
    ["Spiegel-Online"]. A single word is left alone ("Bremen" is not "Bremer")."""
    words = re.split(r"[\s_-]+", name.strip())
    if len(words) < 2:
        return []
    stems = [re.sub(r"(e[nrsm]?|n|s)$", "", w) if len(w) > 4 else w for w in words]
    pattern = r"[\s_-]+".join(re.escape(s) + r"\w{0,3}" for s in stems)
    found = re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", text, re.IGNORECASE)
    return list(dict.fromkeys(m[0] for m in found))


def check_reference(doc: dict, text: str) -> list[str]:
    """Hold a Wikinews reference line to the convention against its article `text`, in place;
    the fixes made, one line each. A form the text does not have is replaced by the forms it
    has ("Russische Föderation" -> "Russischen Föderation"), else dropped from its
    alternatives; a name none of whose forms the text has (world knowledge: "USA" where the
    article says only "US-Präsident") moves to `ignore`, so finding it counts neither way.
    An `ignore` name is replaced by its written forms when the text has them, else kept."""
    notes: list[str] = []
    ignore: list[str] = []
    for name in doc.get("ignore", ()):
        new = [] if name in text else _written_forms(name, text)
        if new:
            notes.append(f"ignore {name!r} -> {new}")
        elif name not in text:
            notes.append(f"ignore {name!r} not in the text, kept")
        ignore += [f for f in new or [name] if f not in ignore]
    for type_, names in doc.get("entities", {}).items():
        kept = []
        for name in names:
            forms: list[str] = []
            for alt in (a.strip() for a in name.split("|")):
                if not alt:
                    continue
                new = [alt] if alt in text else _written_forms(alt, text)
                if new != [alt]:
                    notes.append(f"{type_} {alt!r} -> {new or 'dropped'}")
                forms += [f for f in new if f not in forms]
            if forms:
                kept.append("|".join(forms))
            else:
                notes.append(f"{type_} {name!r}: no form in the text, moved to ignore")
                ignore += [a.strip() for a in name.split("|") if a.strip() not in ignore]
        doc["entities"][type_] = kept
    if ignore:
        doc["ignore"] = ignore
    return notes


def merge(src: Path, out: Path, shared: Path) -> list[str]:
    """Add the reference lines of an annotator's file `src` to `out` (rewritten), each held to
    the convention (`check_reference`); lines with no article, with text, or whose id another
    gold file already has are left out. Returns the report, one line a fix or drop."""
    rows = wikinews_rows(shared)
    taken = {
        json.loads(line)["id"]
        for path in wikinews_files()
        if path.resolve() != out.resolve()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    report, lines = [], []
    for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            report.append(f"{src.name}:{n}: not JSON ({exc.msg}), dropped")
            continue
        where = f"{src.name}:{n} {doc.get('id')}"
        if doc.get("id") not in rows or doc.get("source") != "wikinews":
            report.append(f"{where}: no Wikinews article, dropped")
            continue
        if doc["id"] in taken or "body" in doc or "headline" in doc:
            report.append(f"{where}: id taken or text in the line, dropped")
            continue
        if doc.get("split") not in ("dev", "test") or not isinstance(doc.get("entities"), dict):
            report.append(f"{where}: no split or entities, dropped")
            continue
        title, body = rows[doc["id"]]
        report += [f"{where}: {note}" for note in check_reference(doc, f"{title}\n{body}")]
        taken.add(doc["id"])
        lines.append(json.dumps(doc, ensure_ascii=False))
    out.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    return report


def body_html(body: str) -> str:
    """Plain gold text as the sanitized body HTML the enrichment reads."""
    return "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Build the full gold set of the tag gate.")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--merge", type=Path, help="an annotator's Wikinews references to check")
    args = ap.parse_args(argv)
    if args.merge:
        report = merge(args.merge, args.out, args.shared)
        print("\n".join(report), file=sys.stdout)
        print(f"{len(report)} fixes or drops -> {args.out}", file=sys.stdout)
        return
    n = build(args.shared, args.out)
    print(f"{n} documents -> {args.out}", file=sys.stdout)


if __name__ == "__main__":
    main()

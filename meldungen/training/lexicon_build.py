"""Derive the compact word lists shipped in meldungen/enrich/lexicon/ (run once, by a developer).

    python -m meldungen.training.lexicon_build

Needs the `train` extras (german-nouns, wordfreq); the runtime reads only the small gzip lists,
so neither package is loaded when the portal enriches an article.

- common_nouns.txt.gz: every inflected form of a German common noun (Wiktionary via
  german-nouns) that wordfreq has seen; of a lemma also used as a proper noun (Fischer, Mann)
  only the forms with a changed stem (Männer, not Mann, Manns, Sinnen), so a surname that is
  also a trade does not count as a common noun.
- name_nouns.txt.gz: the forms left out of common_nouns because their lemma is also a name
  (Steuer, Mann, Stein): nouns all the same where they are a compound's part (Grundsteuer,
  Feuerwehrmann), which is what search/compounds.py reads them for.
- singular_nouns.txt.gz: the forms of common_nouns whose lemma has no plural in any of its
  Wiktionary entries (Twitter, FIFA, Eurovision, Kultusministerkonferenz; also Frieden,
  Spott): a one-word name the NER tags as an organisation is kept when it is one of them,
  unlike a noun with a plural (Universität, Parlament), which names a kind of thing.
- s_final.txt.gz: words ending in -s, one per line as "word<TAB>k" (the -s belongs to the word:
  Paris, Klaus, Texas) or "word<TAB>g" (a genitive: Putins, Kremls, Russlands), decided by
  whether wordfreq knows the form with or without the -s better.
- noun_genders.txt.gz: "Lemma<TAB>m|n|f" for the nouns whose Wiktionary entries give one
  grammatical gender and that wordfreq has seen (zipf >= 1.0): the gender of a name's head
  noun, which decides the form of the adjectives before it ("Europäischer Rat", "Weißes Haus";
  nouns.cited_form). A compound not in the list takes its last part's gender.

    python -m meldungen.training.lexicon_build --org-nouns ../shared

- `org_nouns` in enrich/data/entity_words.json: forms of common_nouns that the annotated news
  of ../shared (GermEval 2014 dev, SmartData, MobIE, SoNAR dev) mark as a one-word organisation
  in most of their capitalised occurrences (Siemens, BMW, Facebook, Bundeswehr): names the noun
  lexicon has as nouns (a unit, a car, ...), which the entity stage keeps when the NER tags them
  as an organisation.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from meldungen.enrich.nouns import LEXICON_DIR  # where the runtime reads them

_PROPER_MARKS = ("Toponym", "Eigenname", "Nachname", "Vorname")


def german_nouns_csv() -> Path:
    import german_nouns

    return Path(list(german_nouns.__path__)[0]) / "nouns.csv"


def build_common_nouns() -> list[str]:
    return build_noun_lists()[0]


def _noun_entries() -> Iterator[tuple[str, str, list[str], bool]]:
    """Each Wiktionary entry of a one-word capitalised lemma: (lemma, part of speech, its
    capitalised one-word forms with the lemma, whether it gives a plural)."""
    csv.field_size_limit(10**7)
    with german_nouns_csv().open(encoding="utf-8") as fh:
        rows = csv.reader(fh)
        plural_columns = [i for i, name in enumerate(next(rows)) if "plural" in name]
        for row in rows:
            lemma, pos = row[0], row[1]
            if not lemma[:1].isupper() or " " in lemma:
                continue
            forms = [lemma] + [c for c in row[7:] if c and " " not in c and c[:1].isupper()]
            yield lemma, pos, forms, any(row[i] for i in plural_columns if i < len(row))


def build_noun_lists() -> tuple[list[str], list[str]]:
    """(common nouns, the forms left out of them because their lemma is also a name)."""
    from wordfreq import zipf_frequency

    proper: set[str] = set()
    forms_by_lemma: dict[str, set[str]] = {}
    for lemma, pos, forms, _plural in _noun_entries():
        if any(mark in pos for mark in _PROPER_MARKS):
            proper.add(lemma)
        elif pos == "Substantiv":
            forms_by_lemma.setdefault(lemma, set()).update(forms)
    out: set[str] = set()
    left_out: set[str] = set()
    for lemma, forms in forms_by_lemma.items():
        if lemma in proper:  # "Mann", "Sinn": not the forms of the name's stem, but "Männer"
            kept = forms - {lemma + end for end in ("", "s", "es", "e", "n", "en", "ns")} - proper
            left_out.update(f for f in forms - kept if zipf_frequency(f, "de") > 0)
            forms = kept
        out.update(f for f in forms if zipf_frequency(f, "de") > 0)
    return sorted(out), sorted(left_out - out)


def build_singular_nouns(common: frozenset[str] | set[str]) -> list[str]:
    """``singular_nouns`` (module docstring): forms in ``common`` of lemmas without a plural."""
    with_plural: set[str] = set()
    forms_by_lemma: dict[str, set[str]] = {}
    for lemma, pos, forms, plural in _noun_entries():
        if pos != "Substantiv":
            continue
        if plural:
            with_plural.add(lemma)  # one entry with a plural is enough ("Bank", "Kaffee")
        else:
            forms_by_lemma.setdefault(lemma, set()).update(forms)
    return sorted(
        {
            f
            for lemma, forms in forms_by_lemma.items()
            if lemma not in with_plural
            for f in forms
            if f in common
        }
    )


def build_s_final(min_zipf: float = 1.5) -> list[str]:
    from wordfreq import iter_wordlist, zipf_frequency

    lines = []
    for word in iter_wordlist("de"):
        z_word = zipf_frequency(word, "de")
        if z_word < min_zipf:
            break
        if len(word) < 4 or not word.endswith("s") or not word.isalpha():
            continue
        keep = z_word >= zipf_frequency(word[:-1], "de")
        lines.append(f"{word}\t{'k' if keep else 'g'}")
    return sorted(lines)


def build_noun_genders(min_zipf: float = 1.0) -> list[str]:
    """``noun_genders`` (module docstring)."""
    from wordfreq import zipf_frequency

    csv.field_size_limit(10**7)
    genders: dict[str, set[str]] = {}
    with german_nouns_csv().open(encoding="utf-8") as fh:
        rows = csv.reader(fh)
        columns = [i for i, name in enumerate(next(rows)) if name.startswith("genus")]
        for row in rows:
            lemma, pos = row[0], row[1]
            if pos != "Substantiv" or not lemma[:1].isupper() or not lemma.isalpha():
                continue
            genders.setdefault(lemma, set()).update(row[i] for i in columns if row[i])
    return [
        f"{lemma}\t{next(iter(g))}"
        for lemma, g in sorted(genders.items())
        if len(g) == 1 and g <= {"m", "n", "f"} and zipf_frequency(lemma, "de") >= min_zipf
    ]


def _write(name: str, lines: list[str]) -> None:
    LEXICON_DIR.mkdir(exist_ok=True)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    # mtime=0: the same input gives byte-identical files
    with gzip.GzipFile(LEXICON_DIR / name, "wb", mtime=0) as fh:
        fh.write(data)


ORG_MIN_COUNT = 2  # one-word organisation spans of the form, at least
ORG_MIN_SHARE = 0.65  # of its capitalised occurrences in the annotated news


def build_org_nouns(shared: Path) -> list[str]:
    """``org_nouns`` (module docstring), from the annotated news sets in ``shared``."""
    from meldungen.enrich.nouns import common_nouns
    from meldungen.training import nerdata

    sets = nerdata.germeval(shared) + nerdata.smartdata(shared) + nerdata.mobie(shared, 10**6)
    sets += nerdata.conll(shared / "data/ner/sonar/sonar-de-dev.conll")
    nouns, seen, as_org = common_nouns(), Counter(), Counter()
    for tokens, tags in sets:
        for i, (token, tag) in enumerate(zip(tokens, tags, strict=True)):
            if token[:1].isupper() and token in nouns:
                seen[token] += 1
                alone = i + 1 == len(tags) or not tags[i + 1].startswith("I-")
                as_org[token] += tag == "B-ORG" and alone
    return sorted(
        w for w, n in as_org.items() if n >= ORG_MIN_COUNT and n / seen[w] >= ORG_MIN_SHARE
    )


def write_org_nouns(words: list[str]) -> None:
    from meldungen.enrich.entity_words import DATA_FILE

    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["org_nouns"] = {
        "_about": (
            "Forms of German common nouns that name an organisation in the annotated news of "
            f"../shared (a one-word organisation span at least {ORG_MIN_COUNT} times and in "
            f"{ORG_MIN_SHARE:.0%} of their capitalised occurrences): a mention the NER tags as "
            "an organisation keeps them. Written by python -m meldungen.training.lexicon_build "
            "--org-nouns ../shared."
        ),
        "words": words,
    }
    DATA_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--org-nouns":
        write_org_nouns(build_org_nouns(Path(sys.argv[2])))
        return
    common, name_nouns = build_noun_lists()
    _write("common_nouns.txt.gz", common)
    _write("name_nouns.txt.gz", name_nouns)
    _write("singular_nouns.txt.gz", build_singular_nouns(set(common)))
    _write("s_final.txt.gz", build_s_final())
    _write("noun_genders.txt.gz", build_noun_genders())


if __name__ == "__main__":
    main()

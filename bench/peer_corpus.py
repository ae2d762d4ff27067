"""How many feeds of a peer project's test corpus (e.g. feedparser's tests/wellformed) ingest.

    python bench/peer_corpus.py PATH [--store]

Walks PATH for *.xml/*.rdf/*.atom/*.rss files. A file counts as *storable* when feedparser
itself finds at least one entry with a title in it (the reference reader's view); it counts as
*read* when ``meldungen.ingest.detect.parse`` returns at least one draft for it, and with
``--store`` as *stored* when ``ingest_bytes`` stores at least one item of it in a throw-away
SQLite database. Tracebacks are counted separately (there should be none). Nothing of the
corpus is copied anywhere.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SUFFIXES = {".xml", ".rdf", ".atom", ".rss"}


def storable(data: bytes) -> bool:
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    return any((e.get("title") or "").strip() for e in parsed.entries)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("path", type=Path)
    args.add_argument("--store", action="store_true", help="also store into a temp SQLite")
    args.add_argument("--show", type=int, default=10, help="list this many storable misses")
    opts = args.parse_args(argv)

    from meldungen.ingest.detect import parse
    from meldungen.ingest.draft import ArticleDraft

    store = None
    if opts.store:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from _django_store import setup

        setup(Path(tempfile.mkdtemp(prefix="peer_corpus_")))
        from meldungen.news.services import ingest_bytes

        store = ingest_bytes

    files = sorted(p for p in opts.path.rglob("*") if p.suffix.lower() in SUFFIXES)
    counts = collections.Counter()
    reasons = collections.Counter()
    misses: list[str] = []
    for path in files:
        data = path.read_bytes()
        counts["files"] += 1
        try:
            results = parse(data, url=path.as_uri())
        except Exception:  # parse must never raise
            counts["tracebacks"] += 1
            continue
        want = storable(data)
        counts["storable"] += want
        read = any(isinstance(r, ArticleDraft) for r in results)
        counts["read"] += read
        if want and read:
            counts["storable_read"] += 1
        elif want:
            misses.append(f"{path.relative_to(opts.path)}: {results[0].reason}")
            reasons[results[0].reason.split(":")[0]] += 1
        if store is not None and want:
            outcomes = [r.outcome for r in store(data, str(path), url=path.as_uri())]
            if any(o not in ("rejected",) for o in outcomes):
                counts["storable_stored"] += 1
    for line in misses[: opts.show]:
        print("miss", line)
    for reason, n in reasons.most_common(8):
        print(f"reason {n:5d} {reason}")
    print(" ".join(f"{k}={counts[k]}" for k in sorted(counts)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

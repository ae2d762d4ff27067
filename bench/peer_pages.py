"""How many article pages of a peer project's test corpus (e.g. trafilatura's tests/cache, real
web pages) are read as pages and stored with a body.

    python bench/peer_pages.py PATH

Walks PATH for *.html/*.htm files and reads each through ``meldungen.ingest.detect.parse`` (as
a file, a polled page source or ``POST /api/ingest`` would) and the storage boundary
(``ingest.bounds.bound_draft``). Prints the outcomes by reason, and the pages whose stored body
still holds a line that opens like a reading recommendation ("Lesen Sie auch", "Mehr zum
Thema" ...). Nothing of the corpus is copied anywhere.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldungen.settings")

SUFFIXES = {".html", ".htm"}
RECOMMENDATION = re.compile(
    r"(?im)^(?:lesen sie auch|mehr zum thema|das könnte sie auch interessieren|auch interessant"
    r"|weiterlesen|mehr dazu|weitere artikel|zum thema)\b"
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("path", type=Path)
    args = ap.parse_args()
    from meldungen.ingest.bounds import bound_draft
    from meldungen.ingest.detect import parse
    from meldungen.ingest.draft import ArticleDraft
    from meldungen.text import html_to_text

    files = sorted(p for p in args.path.rglob("*") if p.suffix.lower() in SUFFIXES)
    outcomes: collections.Counter[str] = collections.Counter()
    left = []
    for path in files:
        results = parse(path.read_bytes(), url=f"https://pages.example/{path.stem}")
        draft = results[0] if results else None
        if isinstance(draft, ArticleDraft):
            draft = bound_draft(draft)
        if not isinstance(draft, ArticleDraft):
            reason = getattr(draft, "reason", "nothing") or "nothing"
            outcomes[f"rejected: {reason[:60]}"] += 1
            continue
        outcomes["stored with a body" if html_to_text(draft.body).strip() else "no body"] += 1
        if RECOMMENDATION.search(html_to_text(draft.body)):
            left.append(path.name)
    print(f"pages: {len(files)}")
    for outcome, n in outcomes.most_common():
        print(f"{n:5d}  {outcome}")
    print(f"bodies with a recommendation line left: {len(left)} {left[:10]}")


if __name__ == "__main__":
    main()

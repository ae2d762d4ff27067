"""The shipped Ressort default (the cue-word model a fresh install classifies with) on a labelled
German news set with coarse labels, and on the Wikinews Politik articles: with and without its
label weights (``RessortModel.label_prior``, ``training/ressort_train.DEFAULT_LABEL_PRIOR``).

    python bench/ressort_default.py [XGLUE_TSV] [WIKINEWS_CSV]

XGLUE_TSV: title TAB body TAB label (default ../shared/data/ressort/xglue-nc-de-dev.tsv, for
local evaluation only); a prediction is right when it is one of the Ressorts the coarse label
covers. WIKINEWS_CSV: ../shared/data/news/dewikinews-politik.csv (id;dateiname;datum;ort;text);
reported is the share filed under Politik, Ausland, Wirtschaft or Panorama.
"""

from __future__ import annotations

import csv
import sys
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from meldungen.enrich.ressort import RessortModel, default_model  # noqa: E402

COVERS = {
    "news": {"Politik", "Ausland", "Panorama", "Wissenschaft", "Digital", "Wirtschaft"},
    "sports": {"Sport"},
    "finance": {"Wirtschaft"},
    "entertainment": {"Kultur", "Panorama"},
    "autos": {"Auto"},
    "health": {"Gesundheit"},
    "lifestyle": {"Lifestyle"},
    "travel": {"Reise"},
}
POLITICAL = {"Politik", "Ausland", "Wirtschaft", "Panorama"}


def main() -> None:
    shared = REPO.parent / "shared" / "data"
    xglue = Path(sys.argv[1]) if len(sys.argv) > 1 else shared / "ressort" / "xglue-nc-de-dev.tsv"
    wiki = Path(sys.argv[2]) if len(sys.argv) > 2 else shared / "news" / "dewikinews-politik.csv"
    rows = [line.rstrip("\n").split("\t") for line in xglue.open(encoding="utf-8")]
    rows = [r for r in rows if len(r) == 3 and r[2] in COVERS]
    csv.field_size_limit(10**8)
    wn = [
        (urllib.parse.unquote(r["dateiname"].split("wiki_", 1)[-1]).replace("_", " "), r["text"])
        for r in csv.DictReader(wiki.open(encoding="utf-8"), delimiter=";")
    ]
    shipped = default_model()
    plain = RessortModel(shipped.word_vec, shipped.char_vec, shipped.coef, shipped.intercept,
                         shipped.labels, shipped.temperature)  # fmt: skip
    for name, model in (("without label weights", plain), ("shipped", shipped)):
        mapped = sum(model.predict(t, b).label in COVERS[lab] for t, b, lab in rows) / len(rows)
        political = sum(model.predict(t, b).label in POLITICAL for t, b in wn) / len(wn)
        print(
            f"{name:22s} mapped accuracy {mapped:.3f} ({len(rows)} articles); Wikinews Politik "
            f"filed under Politik/Ausland/Wirtschaft/Panorama {political:.3f} ({len(wn)})"
        )


if __name__ == "__main__":
    main()

"""Generate story dev streams from ../shared/data/news and compare our clustering to a baseline.

Each real Wikinews article is one gold story. Around it we generate republished copies (new
headline, dateline and credit, cut short, a sentence dropped, quotes restyled, boilerplate) and
teaser-only feed items (headline + first sentence). Different real articles, many published on
the same days on related political topics, must stay apart. Articles are split by id into a dev
part (for hand-setting weights) and a held-out part. Nothing is written into the repo: streams go
to a temp dir (or --out).

Run: PYTHONPATH=. .venv/bin/python bench/story_stream.py [--out DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
import tempfile
import zlib
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

from meldungen.text import content_lemmas
from meldungen.text import split_sentences as sentences
from meldungen.training.stories_eval import (
    cluster_stream,
    eval_similarity,
    eval_stories,
    load_stream,
    pairwise_prf,
)
from meldungen.training.wikinews import wikinews_title

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
CSV_PATH = SHARED / "data" / "news" / "dewikinews-politik.csv"

DATELINES = ["Berlin (dpa) - ", "Brüssel (AFP) - ", "Hamburg (dpa) – ", "BERLIN (Reuters) - "]
CREDITS = ["\n© dpa-infocom, dpa:251126-99-123456/2", "\n(dpa/AFP)", "\nQuelle: dpa", "\n@ dpa.de"]
BOILERPLATE = [
    "\nKommentar abgeben",
    "\nMehr zum Thema: Alle aktuellen Nachrichten aus der Politik finden Sie auf unserer Seite.",
    "\nDieser Artikel wurde automatisch aus dem Agenturangebot übernommen und nicht redaktionell "
    "bearbeitet. Folgen Sie uns auch in den sozialen Netzwerken.",
    "\nAnzeige",
]
KICKERS = ["Aktuell: ", "Eilmeldung: ", "Politik: ", "Medienbericht: "]


def read_articles() -> list[dict]:
    rows = []
    with open(CSV_PATH, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            try:
                day = datetime.strptime(row["datum"].strip(), "%d.%m.%Y").replace(tzinfo=UTC)
            except ValueError:
                continue  # "NA" dates
            text = " ".join(row["text"].split())
            text = re.sub(r"\s*Kommentar abgeben\s*$", "", text)
            if len(text.split()) < 40:
                continue
            rows.append(
                {
                    "id": row["id"],
                    "title": wikinews_title(row["dateiname"]),
                    "day": day,
                    "text": text,
                }
            )
    return rows


def restyle_quotes(text: str, rng: random.Random) -> str:
    style = rng.choice([("«", "»"), ('"', '"'), ("‚", "‘"), ("»", "«")])
    return text.replace("„", style[0]).replace("“", style[1])


def mutate(orig: dict, rng: random.Random) -> tuple[str, str]:
    """A republished copy: 1-3 mutations from the brief's list."""
    title, sents = orig["title"], sentences(orig["text"])
    ops = rng.sample(["headline", "dateline", "cut", "drop", "quotes", "boiler"], rng.randint(1, 3))
    if "cut" in ops and len(sents) > 3:
        sents = sents[: max(2, int(len(sents) * rng.uniform(0.3, 0.7)))]
    if "drop" in ops and len(sents) > 3:
        del sents[rng.randrange(1, len(sents))]
    text = " ".join(sents)
    if "quotes" in ops:
        text = restyle_quotes(text, rng)
    if "dateline" in ops:
        text = rng.choice(DATELINES) + text + rng.choice(CREDITS)
    if "boiler" in ops:
        text += rng.choice(BOILERPLATE)
    if "headline" in ops:
        words = title.split()
        title = rng.choice(KICKERS) + " ".join(words[: max(3, len(words) - rng.randint(0, 3))])
    return title, text


def build_stream(
    articles: list[dict], rng: random.Random, dense_days: int = 0, hard: bool = False
) -> list[dict]:
    """The stream for one part. ``dense_days``: squeeze all publication dates into that many
    days (a busy news day has many related articles). ``hard``: teasers with their own summary
    and headline, and second reports on the same story that share no sentence with the first."""
    out = []
    start = min(a["day"] for a in articles)
    for art in articles:
        day = start + timedelta(days=rng.randrange(dense_days)) if dense_days else art["day"]
        t0 = day + timedelta(hours=rng.uniform(6, 20))
        story = art["id"]
        sents = sentences(art["text"])
        report2 = ""
        if hard and len(sents) >= 8 and rng.random() < 0.4:
            # a second outlet's report that shares no sentence: split the article in two
            report2 = " ".join(sents[len(sents) // 2 :])
            sents = sents[: len(sents) // 2]
            art = {**art, "text": " ".join(sents)}

        def emit(
            suffix: str, title: str, text: str, when: datetime, kind: str, story=story
        ) -> None:
            out.append(
                {
                    "id": f"{story}{suffix}",
                    "title": title,
                    "text": text,
                    "date": when.isoformat(),
                    "story": story,
                    "kind": kind,
                }
            )

        emit("", art["title"], art["text"], t0, "original")
        if rng.random() < 0.6:
            for i in range(rng.randint(1, 3)):
                title, text = mutate(art, rng)
                emit(f"-copy{i}", title, text, t0 + timedelta(hours=rng.uniform(0.2, 36)), "copy")
        if rng.random() < 0.5:
            title, lead = art["title"], sents[0]
            if hard and len(sents) > 2:  # the feed writes its own teaser and headline
                lead = rng.choice(sents[1:3])
                title = mutate(art, random.Random(rng.random()))[0]
            emit("-teaser", title, lead, t0 + timedelta(hours=rng.uniform(-2, 6)), "teaser")
        if report2:
            words = art["title"].split()
            title = " ".join(words[len(words) // 3 :]) or art["title"]
            emit("-report2", title, report2, t0 + timedelta(hours=rng.uniform(1, 30)), "report2")
    return out


def baseline_single_link(items: list[dict]) -> dict[float, dict[str, str]]:
    """TF-IDF (lemmas) single-link online clustering for a grid of thresholds."""
    ordered = sorted(items, key=lambda r: r["date"])
    vec = TfidfVectorizer(analyzer=lambda s: content_lemmas(s), sublinear_tf=True)
    x = vec.fit_transform([f"{r['title']} {r['text']}" for r in ordered])
    sims = (x @ x.T).toarray()
    results = {}
    for thr in [round(0.05 * i, 2) for i in range(2, 19)]:
        label: dict[str, str] = {}
        for i, r in enumerate(ordered):
            j = int(sims[i, :i].argmax()) if i else -1
            label[r["id"]] = label[ordered[j]["id"]] if j >= 0 and sims[i, j] >= thr else r["id"]
        results[thr] = label
    return results


def merged_originals(items: list[dict], pred: dict[str, str]) -> int:
    """Pairs of distinct real articles that ended in one predicted story."""
    per_story = defaultdict(int)
    for r in items:
        if r["kind"] == "original":
            per_story[pred[r["id"]]] += 1
    return sum(n * (n - 1) // 2 for n in per_story.values())


def similarity_pairs(articles: list[dict], rng: random.Random) -> list[tuple[str, str, float]]:
    """Graded pairs: copy 3, two halves of one article 2, same-day other article 1, random 0."""
    by_day = defaultdict(list)
    for a in articles:
        by_day[a["day"]].append(a)
    pairs = []
    for a in articles:
        pairs.append((a["text"], mutate(a, rng)[1], 3.0))
        sents = sentences(a["text"])
        if len(sents) >= 6:
            half = len(sents) // 2
            pairs.append((" ".join(sents[:half]), " ".join(sents[half:]), 2.0))
        same = [b for b in by_day[a["day"]] if b is not a]
        if same:
            pairs.append((a["text"], rng.choice(same)["text"], 1.0))
        pairs.append((a["text"], rng.choice(articles)["text"], 0.0))
    return pairs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="directory for the generated files")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dense-days", type=int, default=0, help="squeeze dates into N days")
    ap.add_argument("--hard", action="store_true", help="own teasers and second reports")
    args = ap.parse_args()
    if not CSV_PATH.exists():
        print(f"../shared not present: {CSV_PATH}", file=sys.stderr)
        return 1
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="story-stream-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    articles = read_articles()
    parts = {"dev": [], "heldout": []}
    for a in articles:  # stable split by id, 60 % dev
        parts["dev" if zlib.crc32(a["id"].encode()) % 10 < 6 else "heldout"].append(a)
    for name, arts in parts.items():
        items = build_stream(arts, rng, args.dense_days, args.hard)
        path = out_dir / f"{name}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for r in items:
                fh.write(
                    json.dumps({k: v for k, v in r.items() if k != "kind"}, ensure_ascii=False)
                )
                fh.write("\n")
        kinds = defaultdict(int)
        for r in items:
            kinds[r["kind"]] += 1
        print(f"== {name}: {path} ({len(items)} items: {dict(kinds)})")
        eval_stories(path, sys.stdout)
        buf = io.StringIO()
        stream = load_stream(path, buf)
        pred = cluster_stream(a for a, _ in stream)
        gold = {r["id"]: r["story"] for r in items}
        print(f"merged pairs of distinct real articles: {merged_originals(items, pred)}")
        for kind in ("copy", "teaser", "report2"):
            sub = [r for r in items if r["kind"] == kind]
            ok = sum(pred[r["id"]] == pred[r["story"]] for r in sub)
            print(f"{kind}s joined their original's story: {ok}/{len(sub)}")
        grid = baseline_single_link(items)
        scored = {t: pairwise_prf(lab, gold) for t, lab in grid.items()}
        best = max(scored, key=lambda t: scored[t][2])
        p, r, f = scored[best]
        print(
            f"baseline TF-IDF single-link, threshold {best} tuned on this stream: "
            f"P={p:.3f} R={r:.3f} F1={f:.3f}"
        )
        sim_path = out_dir / f"{name}-similarity.csv"
        with open(sim_path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["text1", "text2", "score"])
            w.writerows(similarity_pairs(arts, rng))
        print(f"-- similarity sanity pairs {sim_path}")
        eval_similarity(sim_path, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

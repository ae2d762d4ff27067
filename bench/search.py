"""Search latency on SQLite at 10,000 and 100,000 synthetic German articles.

    .venv/bin/python bench/search.py [--sizes 10000 100000] [--queries 200]

Builds a throw-away data dir (never ./var), stores synthetic articles with bulk inserts, indexes
them with the real indexing code, then times ``meldungen.search.service.search`` (ranking,
count, loading the page of 20, folding copies, highlighting) over a fixed mix of queries. The
baseline in the same run is a plain ``LIKE '%term%'`` scan over headline, teaser and body.
Prints median and p95 per size; the goal is p95 < 50 ms at 100,000.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _words(*lines: str) -> list[str]:
    return [w for line in lines for w in line.split()]


# Invented vocabulary: news nouns with inflected forms, verbs, places, names.
NOUNS = _words(
    "Verhandlung Verhandlungen Regierung Regierungen Kanzler Kanzlers Minister Ministerin",
    "Haushalt Haushalts Haushalte Gesetz Gesetze Gesetzes Wahl Wahlen Partei Parteien",
    "Bundestag Landtag Landtags Gericht Gerichts Urteil Urteile Polizei Feuerwehr Unfall",
    "Unfälle Streik Streiks Gewerkschaft Gewerkschaften Bahn Flughafen Hafen Energie Preise",
    "Preis Inflation Zinsen Bank Banken Unternehmen Konzern Konzerne Arbeitsplätze Schule",
    "Schulen Klinik Kliniken Krankenhaus Gesundheit Klima Hitze Sturm Hochwasser Ernte",
    "Verkehr Autobahn Brücke Brücken Stadion Mannschaft Trainer Spiel Spiele Saison Pokal",
    "Meisterschaft Konzert Ausstellung Museum Theater Festival Forschung Studie Studien",
    "Raumfahrt Satellit Software Daten Netz Sicherheit Angriff Angriffe Grenze Grenzen",
    "Waffenruhe Gespräche Gipfel Bündnis Sanktionen Export Exporte Import Zölle Handel",
)
VERBS = _words(
    "beschließt beschlossen kritisiert fordert fordern warnt warnen kündigt plant planen",
    "verschiebt einigt einigen scheitert gewinnt verliert eröffnet schließt steigt sinkt",
    "berichtet meldet bestätigt dementiert untersucht prüft stoppt startet",
)
PLACES = _words(
    "Berlin Hamburg München Köln Frankfurt Stuttgart Dresden Leipzig Hannover Bremen Wien",
    "Zürich Brüssel Paris Warschau Prag Genf Rom Madrid London Kiew Moskau Washington Peking",
)
PEOPLE = _words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter",
    "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Putin Macron Selenskyj",
)
FILLER = _words(
    "der die das und in im am zu mit für auf nach bei von über unter am Montag Dienstag",
    "Mittwoch Donnerstag Freitag Samstag Sonntag sagte sagten erklärte hieß es weiter zudem",
    "jedoch bislang bereits deutlich rund etwa Prozent Millionen Euro Jahr Jahre Woche Wochen",
)
# Compounds give the vocabulary a realistic size, so that a common noun occurs in a minority
# of articles (as in real news) rather than in most of them.
PREFIXES = _words(
    "Landes Bundes Stadt Kreis Finanz Wirtschafts Verkehrs Umwelt Sozial Bildungs Sicherheits",
    "Außen Innen Gesundheits Energie Klima Arbeits Justiz Kultur Sport Wissenschafts Haupt",
    "Nachbar Grenz Bürger Jugend Familien Renten Steuer Miet Wohnungs Agrar Digital Medien",
    "Kommunal Regional Europa Welt Handels Industrie",
)
COMPOUNDS = [p + n.lower() for p in PREFIXES for n in NOUNS]
RESSORTS = ["Politik", "Ausland", "Wirtschaft", "Sport", "Kultur", "Wissenschaft", "Panorama"]

QUERIES = [  # (query, extra parameters): common, medium and rare terms, phrases, filters
    ("Verhandlungen", {}),
    ("Regierung", {}),
    ("Regierung", {"sort": "date"}),
    ("Putins", {}),
    ("Brücke Hochwasser", {}),
    ("Streik Bahn", {"sort": "date"}),
    ('"Gespräche in Genf"', {}),
    ("Kanzler -Wahl", {}),
    ("Pokal OR Meisterschaft", {"ressort": "Sport"}),
    ("Inflation Zinsen", {"ressort": "Wirtschaft", "sort": "date"}),
    ("Satellit", {}),
    ("Zimmermann Dresden", {}),
    ("Sanktionen Export", {"since": datetime(2025, 6, 1, tzinfo=UTC)}),
]


def sentence(rng: random.Random) -> str:
    subject = rng.choice(PEOPLE) if rng.random() < 0.3 else rng.choice(COMPOUNDS)
    words = [subject, rng.choice(VERBS)]
    for _ in range(rng.randint(6, 14)):
        pick = rng.random()
        if pick < 0.45:
            words.append(rng.choice(FILLER))
        elif pick < 0.75:
            words.append(rng.choice(COMPOUNDS))
        elif pick < 0.8:
            words.append(rng.choice(NOUNS))
        elif pick < 0.9:
            words.append(rng.choice(PLACES))
        else:
            words.append(str(rng.randint(2, 2000)))
    return " ".join(words) + "."


def make_articles(start: int, count: int, rng: random.Random) -> list:
    from meldungen.news.models import Article

    base = datetime(2025, 1, 1, tzinfo=UTC)
    out = []
    for i in range(start, start + count):
        headline = (
            f"{rng.choice(NOUNS)} in {rng.choice(PLACES)}: {rng.choice(PEOPLE)} "
            f"{rng.choice(VERBS)} {rng.choice(NOUNS)}"
        )
        body = "".join(f"<p>{sentence(rng)} {sentence(rng)}</p>" for _ in range(rng.randint(3, 6)))
        published = base + timedelta(minutes=7 * i)
        out.append(
            Article(
                guid=f"urn:bench:{i}",
                format="bench",
                headline=headline,
                teaser=sentence(rng),
                body=body,
                published=published,
                modified_at=published,
                ressort=rng.choice(RESSORTS),
                content_hash=f"{i:064x}",
                source_name="Bench",
            )
        )
    return out


def grow(target: int, rng: random.Random) -> float:
    """Add articles (bulk, then the real indexer) until there are ``target``; seconds taken."""
    from meldungen.news.models import Article
    from meldungen.search.indexing import index_articles

    t0 = time.perf_counter()
    have = Article.objects.count()
    while have < target:
        n = min(5000, target - have)
        created = Article.objects.bulk_create(make_articles(have, n, rng))
        if created[0].pk is None:  # backends that do not return ids
            created = list(Article.objects.order_by("-pk")[:n])
        index_articles(created)
        have += n
    return time.perf_counter() - t0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def time_search(rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per search (CPU time is less disturbed when other
    processes share the machine)."""
    from meldungen.search.service import SearchParams, search

    times, cpu = [], []
    for i in range(rounds):
        q, extra = QUERIES[i % len(QUERIES)]
        t0, c0 = time.perf_counter(), time.process_time()
        search(SearchParams(q=q, **extra), page=1, per_page=20)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return times, cpu


def time_like(rounds: int) -> list[float]:
    """Baseline: what a search without an index does (no stemming, no ranking)."""
    from django.db.models import Q

    from meldungen.news.models import Article

    times = []
    for i in range(rounds):
        term = QUERIES[i % len(QUERIES)][0].split()[0].strip('"-')
        t0 = time.perf_counter()
        match = Q(headline__icontains=term) | Q(teaser__icontains=term) | Q(body__icontains=term)
        list(Article.objects.filter(match).order_by("-published")[:20].values_list("id"))
        Article.objects.filter(match).count()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    print(
        f"{label:<34} n={len(times):4d}  median {statistics.median(times):7.2f} ms"
        f"  p95 {percentile(times, 95):7.2f} ms  max {max(times):7.2f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=240, help="timed searches per size")
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=10_000,
        help="run the LIKE baseline only up to this size",
    )
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="meldungen-bench-")
    os.environ["MELDUNGEN_DATA_DIR"] = data_dir
    os.environ.setdefault("MELDUNGEN_SEED_SOURCES", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldungen.settings")
    os.environ.pop("DATABASE_URL", None)  # always the SQLite file in the temp dir
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"SQLite {connection.Database.sqlite_version}, data dir {data_dir}")
    rng = random.Random(20250301)
    for size in sorted(args.sizes):
        took = grow(size, rng)
        print(f"\n{size:,} articles (built and indexed in {took:.1f} s)", flush=True)
        time_search(len(QUERIES))  # warm the page cache and the stemmer
        wall, cpu = time_search(args.queries)
        report("FTS5 search (page of 20), wall", wall)
        report("FTS5 search (page of 20), CPU", cpu)
        if size <= args.baseline_max:
            report("baseline LIKE '%term%' scan", time_like(max(24, args.queries // 5)))
        for q, extra in QUERIES:
            from meldungen.search.service import SearchParams, search

            t0 = time.perf_counter()
            result = search(SearchParams(q=q, **extra))
            ms = (time.perf_counter() - t0) * 1000
            print(f"    {q!r:<28} {str(extra or ''):<40.40} hits {result.total:6d} {ms:7.2f} ms")


if __name__ == "__main__":
    main()

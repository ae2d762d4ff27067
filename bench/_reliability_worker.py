"""Django side of bench/reliability.py, run in child processes (``python bench/reliability.py
--worker NAME DATA_DIR ...``). Each prints JSON lines prefixed with ``@@`` on stdout.

The parent sets MELDUNGEN_DATA_DIR (and DATABASE_URL for PostgreSQL) before starting us.
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time
from urllib.parse import quote

from _reliability_inputs import (
    hostile_inputs,
    live_in_feed,
    live_in_html,
    live_in_json,
    xss_feed,
    xss_vectors,
    xss_wire_items,
)


def emit(record: dict) -> None:
    sys.stdout.write("@@" + json.dumps(record) + "\n")
    sys.stdout.flush()


def setup() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _token() -> str:
    from meldungen.api.models import ApiToken

    _, token = ApiToken.issue("bench")
    return token


def xss(seed: int) -> None:
    """Ingest every vector (feed and API), render pages, feeds and API answers, find live script."""
    from django.test import Client

    from meldungen.news.models import Article
    from meldungen.news.services import ingest_bytes

    rng = random.Random(seed)
    vectors = xss_vectors()
    feed_results = ingest_bytes(
        xss_feed(vectors, rng), "bench-xss", content_type="application/rss+xml"
    )
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_token()}"}
    api_statuses = []
    for item in xss_wire_items(vectors, rng):
        r = client.post("/api/ingest", json.dumps(item), content_type="application/json", **auth)
        api_statuses.append(r.status_code)
    pages = ["/", "/rss.xml", "/atom.xml", "/api/articles?limit=100"]
    pages += [f"/artikel/{pk}/" for pk in Article.objects.values_list("pk", flat=True)]
    pages += [
        f"/quelle/{pk}/"
        for pk in Article.objects.exclude(source=None).values_list("source", flat=True).distinct()
    ]
    probe = quote("<script>alert('xss99')</script>")
    pages += [f"/suche?q={probe}", f"/suche/rss.xml?q={probe}", f"/suche/atom.xml?q={probe}"]
    found, statuses = [], {}
    for url in pages:
        response = client.get(url)
        statuses[url] = response.status_code
        body = response.content
        ctype = response.get("Content-Type", "")
        if "json" in ctype:
            found += live_in_json(body, url)
        elif "xml" in ctype:
            found += live_in_feed(body, url)
        else:
            found += live_in_html(body.decode("utf-8", "replace"), url)
    emit(
        {
            "vectors": len(vectors) + 1,  # + the search query probe
            "stored": Article.objects.count(),
            "feed_outcomes": [r.outcome for r in feed_results],
            "api_statuses": api_statuses,
            "pages": len(pages),
            "errors": {u: s for u, s in statuses.items() if s >= 500},
            "live": found,
        }
    )


def hostile(seed: int, start: int) -> None:
    """Each hostile input through file ingest and the API; one record per input."""
    from django.test import Client

    from meldungen.news.models import Article, ArticleVersion
    from meldungen.news.services import ingest_bytes

    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_token()}"}
    inputs = hostile_inputs(random.Random(seed))
    warm = {
        "urn": "urn:bench:warm",
        "version": 1,
        "headline": "Aufwärmen",
        "article_html": "<p>Der Landtag in Schwerin tagt.</p>",
    }
    ingest_bytes(json.dumps(warm).encode(), "bench-warm-up")  # load the models once
    for i, case in enumerate(inputs):
        if i < start:
            continue
        Article.objects.all().delete()
        t0 = time.monotonic()
        record = {"i": i, "name": case["name"], "size": len(case["data"])}
        try:
            results = ingest_bytes(case["data"], f"bench-hostile-{i}", content_type=case["ct"])
            record["file"] = sorted({r.outcome for r in results}) or ["nothing"]
            record["reasons"] = [r.reason[:120] for r in results if r.reason][:2]
        except Exception as exc:  # the bench reports it; the portal must not raise
            record["file"] = ["exception"]
            record["reasons"] = [f"{type(exc).__name__}: {exc}"[:200]]
        record["file_s"] = round(time.monotonic() - t0, 2)
        try:
            response = client.post("/api/ingest", case["data"], content_type=case["ct"], **auth)
            record["api"] = response.status_code
            if response.status_code == 200:
                record["api_outcomes"] = sorted(
                    {r["outcome"] for r in response.json().get("results", [])}
                )
        except Exception as exc:
            record["api"] = f"exception {type(exc).__name__}"
        leak = case["leak"]
        texts = Article.objects.values_list("headline", "teaser", "body")
        record["stored"] = Article.objects.count()
        record["leaked"] = bool(leak) and any(leak in (t or "") for row in texts for t in row)
        versions = ArticleVersion.objects.values_list("data", flat=True)
        record["leaked"] = record["leaked"] or (
            bool(leak) and any(leak in json.dumps(v, ensure_ascii=False) for v in versions)
        )
        emit(record)


def big(size_mb: float, seed: int) -> None:
    from _reliability_inputs import WORDS, filler

    from meldungen.news.services import ingest_bytes

    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < size_mb * 1_000_000:
        p = f"<p>{filler(rng, 6)} {rng.choice(WORDS)}</p>"
        paragraphs.append(p)
        size += len(p.encode())
    item = {
        "urn": f"urn:newsml:bench.test:big-{size_mb}",
        "version": 1,
        "version_created": "2025-02-12T18:27:49+01:00",
        "headline": f"Ein sehr langer Bericht ({size_mb} MB)",
        "article_html": "".join(paragraphs),
    }
    data = json.dumps(item, ensure_ascii=False).encode()
    t0 = time.monotonic()
    results = ingest_bytes(data, "bench-big", content_type="application/json")
    emit(
        {
            "bytes": len(data),
            "seconds": round(time.monotonic() - t0, 2),
            "outcomes": [r.outcome for r in results],
            "reasons": [r.reason[:120] for r in results if r.reason],
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
    )


def check() -> None:
    """Consistency of what the kill runs left: versions, duplicates, half-written rows."""
    from django.db.models import Count, Max

    from meldungen.news.models import Article

    rows = Article.objects.annotate(n=Count("versions"), top=Max("versions__version"))
    bad = []
    for a in rows.values("guid", "version", "headline", "body", "n", "top"):
        if a["n"] == 0 or a["top"] != a["version"] or not a["headline"] or not a["body"]:
            bad.append(a["guid"])
    dup = Article.objects.values("guid").annotate(c=Count("id")).filter(c__gt=1).count()
    emit({"articles": rows.count(), "inconsistent": bad, "duplicated_guids": dup})


def main(argv: list[str]) -> None:
    name = argv[0]
    setup()
    if name == "xss":
        xss(int(argv[1]))
    elif name == "hostile":
        hostile(int(argv[1]), int(argv[2]))
    elif name == "big":
        big(float(argv[1]), int(argv[2]))
    elif name == "check":
        check()
    else:
        raise SystemExit(f"unknown worker {name}")

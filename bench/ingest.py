"""Ingest throughput: the whole pipeline beside the parse step alone, on the same files.

Builds ``--new`` Wikinews articles (../shared; generated German text when absent) as
dpa-digitalwires JSON files, plus ``--copies`` copies of them under new URNs (the same story
sent again by another desk: dedup must catch them; after all originals, or with ``--mix``
among them), then in one run times
  parse     ``meldungen.ingest.detect.parse`` on every file's bytes (no database), and
  pipeline  what ``meldungen ingest`` does with the files: parse each, then store them in
            batches of ``--batch`` items, one write transaction each (enrichment, dedup, story
            assignment, storing; ``--batch 1``: one item per transaction) into a fresh portal
            database (SQLite in a temp dir, or ``--database-url``). The pure part of
            enrichment runs in ``MELDUNGEN_ENRICH_WORKERS`` worker processes (default: the
            cores), the next batch's while one is written; their CPU time is printed apart
            (under ``--profile`` they inherit the profiler and run slower).
Prints items/s of both and their ratio, figures last. ``--profile`` also runs the pipeline
under cProfile and prints the top functions by cumulative and own time.

Run: .venv/bin/python bench/ingest.py [--new 400] [--copies 800] [--batch 100] [--mix] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import stories

# --mix: a copy arrives this many originals after its original (another desk sends it again)
RESEND_AFTER = 50


def build_files(folder: Path, new: int, copies: int, mix: bool = False) -> tuple[list[Path], str]:
    """``new`` originals, then ``copies`` re-sends of them under new URNs, in rounds (the
    copies come after all originals: the last batches are copies alone). ``mix``: each copy
    comes ``RESEND_AFTER`` originals after its original, so a batch holds both, as on a wire."""
    items, origin = stories(new)
    order = list(range(new + copies))
    if mix:  # original j at 3j; its copies around the original RESEND_AFTER later
        order.sort(key=lambda i: (3 * i, 0) if i < new else (3 * (i % new + RESEND_AFTER), i))
    paths = []
    for n, i in enumerate(order):
        story = items[i % new]
        item = {
            "format": "digitalwires@0.9.1",
            "type": "composite",
            "urn": f"urn:bench:{i}",
            "version": 1,
            "version_created": f"{story.day}T10:00:00+01:00",
            "pubstatus": "usable",
            "headline": story.headline,
            "article_html": "".join(f"<p>{p}</p>" for p in story.paragraphs),
            "keyword_names": [],
            "rubric_names": [],
        }
        path = folder / f"item{n:06d}.json"
        path.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths, origin


def setup_django(data_dir: Path, database_url: str) -> None:
    os.environ["MELDUNGEN_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "meldungen.settings"
    os.environ.setdefault("MELDUNGEN_SEED_SOURCES", "0")
    os.environ.setdefault("MELDUNGEN_FETCH_PICTURES", "0")
    os.environ["MELDUNGEN_TASK_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    if database_url:  # a reused database: start from empty tables
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def children_cpu() -> float:
    """CPU seconds of this process's live children (the enrichment workers), from /proc."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def run_queue_wait() -> float:
    """Seconds this process has waited for a CPU (Linux schedstat; 0 elsewhere): how busy
    the machine was, beside the load average."""
    try:
        return int(Path("/proc/self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def run_parse(blobs: list[bytes]) -> tuple[float, float, int]:
    from meldungen.ingest.detect import parse

    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(len(parse(b)) for b in blobs)
    return time.perf_counter() - t0, time.process_time() - c0, n


def run_pipeline(paths: list[Path], blobs: list[bytes], batch: int) -> tuple[float, float, dict]:
    from meldungen.enrich.parallel import pool
    from meldungen.news.services import parse_bytes, totals
    from meldungen.news.store_batches import store_stream

    pool.allow()  # as ``meldungen ingest`` does

    def entries():  # as ``meldungen ingest``: files parsed as the batches are stored
        for path, blob in zip(paths, blobs, strict=True):
            yield from ((item, str(path)) for item in parse_bytes(blob))

    results = []
    t0, c0, w0, q0 = time.perf_counter(), time.process_time(), children_cpu(), run_queue_wait()
    for done in store_stream(entries(), batch_size=batch):
        results.extend(done)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    counts = totals(results)
    counts["workers_cpu"] = round(children_cpu() - w0, 2)
    counts["queue_wait"] = round(run_queue_wait() - q0, 2)
    return wall, cpu, counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--new", type=int, default=400)
    ap.add_argument("--copies", type=int, default=800)
    ap.add_argument("--database-url", default="", help="default: a fresh SQLite database")
    ap.add_argument("--batch", type=int, default=100, help="items per write transaction")
    ap.add_argument(
        "--mix", action="store_true",
        help="copies between the originals, each 50 originals after its own (default: after all)",
    )  # fmt: skip
    ap.add_argument("--profile", action="store_true", help="profile the pipeline (cProfile)")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        folder = Path(tmp) / "items"
        folder.mkdir()
        paths, origin = build_files(folder, args.new, args.copies, args.mix)
        blobs = [p.read_bytes() for p in paths]
        setup_django(Path(tmp), args.database_url)
        # Warm-up outside the timings: models and lexicons load once per process.
        from _corpus import generated
        from django.db import connection

        from meldungen.news.services import ingest_bytes

        warm = generated(1, seed=99)[0]
        ingest_bytes(
            json.dumps(
                {
                    "format": "digitalwires@0.9.1",
                    "type": "composite",
                    "urn": "urn:bench:warm",
                    "version": 1,
                    "version_created": "2001-01-01T10:00:00+01:00",
                    "pubstatus": "usable",
                    "headline": warm.headline,
                    "article_html": "".join(f"<p>{p}</p>" for p in warm.paragraphs),
                }
            ).encode(),
            "warm-up",
        )
        parse_s, parse_cpu, parsed = run_parse(blobs)
        # CPU time, not wall time: the shares stay meaningful on a loaded machine.
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        if profiler:
            profiler.enable()
        pipe_s, pipe_cpu, counts = run_pipeline(paths, blobs, args.batch)
        if profiler:
            profiler.disable()
            stats = pstats.Stats(profiler, stream=sys.stdout)
            print(f"--- pipeline profile, top {args.top} by cumulative time ---")
            stats.sort_stats("cumulative").print_stats(args.top)
            print(f"--- top {args.top} by own time ---")
            stats.sort_stats("tottime").print_stats(args.top)

    from meldungen.enrich.parallel import worker_count

    n = len(blobs)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    workers_cpu = counts.pop("workers_cpu", 0.0)
    queue_wait = counts.pop("queue_wait", 0.0)
    order = "copies among the originals" if args.mix else "copies after the originals"
    print(f"items: {args.new} new + {args.copies} copies = {n} files ({order}), text: {origin}")
    print(f"database: {connection.vendor}, {args.batch} items per batch; outcomes: {counts}")
    if profiler:
        print("(pipeline timed under cProfile: slower than without; profile in CPU seconds)")
    print(f"parse only : {parse_s:8.2f} s  {parsed / parse_s:9.1f} items/s")
    print(f"pipeline   : {pipe_s:8.2f} s  {n / pipe_s:9.1f} items/s")
    print(f"CPU time (this process): parse {parse_cpu:.2f} s, pipeline {pipe_cpu:.2f} s")
    print(f"CPU time of the enrichment workers ({worker_count()}): {workers_cpu:.2f} s")
    print(f"this process waited for a CPU {queue_wait:.2f} s of the pipeline (load: {load})")
    print(f"pipeline / parse CPU time: {pipe_cpu / parse_cpu:.1f}x")
    print(f"pipeline / parse time: {pipe_s / parse_s:.1f}x (goal: within 15x)")
    print(f"new articles/s (pipeline): {counts.get('new', 0) / pipe_s:.1f}")


if __name__ == "__main__":
    main()

"""How long one random 8 KB read of a PostgreSQL table's file takes on this machine's disk.

A cold search at 1,000,000 articles reads hundreds of pages one at a time (index look-ups are
not read ahead); this prints the disk's own latency for such reads, to set beside
``bench/archive.py``'s cold figures. Run it as a user who may read the server's files, on the
machine of the server, after dropping the page cache (as root: ``sync; echo 3 >
/proc/sys/vm/drop_caches``), or the reads come from memory.

Run: .venv/bin/python bench/disk_reads.py [--database-url URL] [--table T] [--reads 400]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path

PAGE = 8192


def table_files(url: str, table: str) -> list[Path]:
    """The table's segment files (1 GB each) in the server's data directory."""
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT current_setting('data_directory'), pg_relation_filepath(%s::regclass)",
            [table],
        ).fetchone()
    base = Path(row[0]) / row[1]
    return sorted(p for p in base.parent.glob(base.name + "*") if p.name.split(".")[0] == base.name)


def read_times(files: list[Path], reads: int, seed: int = 7) -> list[float]:
    """Milliseconds of ``reads`` random page reads spread over the files by their size."""
    rng = random.Random(seed)
    sizes = [f.stat().st_size // PAGE for f in files]
    handles = [os.open(f, os.O_RDONLY) for f in files]
    times = []
    try:
        for _ in range(reads):
            i = rng.choices(range(len(files)), weights=sizes)[0]
            offset = rng.randrange(sizes[i]) * PAGE
            t0 = time.perf_counter()
            os.pread(handles[i], PAGE, offset)
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        for fd in handles:
            os.close(fd)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--database-url",
        default="postgresql://postgres@127.0.0.1:5432/meldungen_archive_1000000",
    )
    ap.add_argument("--table", default="search_document")
    ap.add_argument("--reads", type=int, default=400)
    args = ap.parse_args()
    files = table_files(args.database_url, args.table)
    times = sorted(read_times(files, args.reads))
    size_mb = sum(f.stat().st_size for f in files) / 2**20
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{args.table}: {len(files)} file(s), {size_mb:,.0f} MB")
    print(
        f"{args.reads} random {PAGE // 1024} KB reads: median {statistics.median(times):.3f} ms,"
        f" p95 {p95:.3f} ms, mean {statistics.mean(times):.3f} ms"
    )


if __name__ == "__main__":
    main()

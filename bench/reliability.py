"""Reliability figures for the README, measured on this machine (loopback only, bounded).

    python bench/reliability.py [--kills 5] [--writers 4] [--items 16] [--sizes 2]
                                [--postgres postgresql://user@host/db]   (the db is emptied!)

(a) XSS vectors ingested through a feed and the API; pages, feeds out, the search feed and
    API answers checked for live script (count of vectors found live, should be 0).
(b) Hostile inputs (XXE, entity bombs, XInclude, truncated, wrong encodings, deep nesting, NUL,
    over-size) through file ingest and the API: refused, stored safely, or failed.
(c) kill -9 during `meldungen ingest` (SQLite, and PostgreSQL with --postgres): afterwards every
    article has its version rows, no guid twice, and re-ingest reports stored items unchanged.
(d) Concurrent writers: several processes ingest the same files; rejections are false.
(e) The largest item ingested: wall time inside ingest and peak RSS of the process.

Every section runs in child processes with a time limit; a Markdown table is printed last.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _reliability_inputs import WORDS, filler, hostile_inputs  # noqa: E402

MEMORY_LIMIT = 4 * 1024**3
SLOW = 10.0  # seconds: a hostile input that takes longer to refuse or store counts as failed
HOSTILE_MUST_REFUSE = {"over-size (60 MB padded JSON)"}


def env_for(data_dir: Path, db_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MELDUNGEN_", "DATABASE_"))}
    env.update(
        MELDUNGEN_DATA_DIR=str(data_dir),
        MELDUNGEN_SEED_SOURCES="0",
        MELDUNGEN_POLL="0",
        MELDUNGEN_ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        MELDUNGEN_PUBLIC_URL="http://testserver",
        MELDUNGEN_TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        DJANGO_SETTINGS_MODULE="meldungen.settings",
        PYTHONPATH=f"{ROOT}:{HERE}",
    )
    if db_url:
        env["DATABASE_URL"] = db_url
    return env


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def cli(env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "meldungen.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def worker(env: dict, *args: str, timeout: float = 300) -> tuple[list[dict], dict]:
    """Run a worker; (records, info) where info has returncode, seconds and stderr."""
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "reliability.py"), "--worker", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        preexec_fn=_limit,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        err += f"\n(killed after {timeout:g} s)"
    records = [json.loads(line[2:]) for line in out.splitlines() if line.startswith("@@")]
    return records, {
        "returncode": proc.returncode,
        "seconds": round(time.monotonic() - t0, 1),
        "stderr": err[-600:],
    }


def fresh(base: Path, name: str, db_url: str | None) -> dict:
    data = base / name
    data.mkdir(parents=True, exist_ok=True)
    env = env_for(data, db_url)
    if db_url:
        cli(env, "migrate", "--verbosity", "0")
        cli(env, "flush", "--noinput")
    else:
        cli(env, "migrate", "--verbosity", "0")
    return env


def stream_worker(env: dict, *args: str, per_record: float) -> tuple[list[dict], str]:
    """Run a worker that emits one record per input; stop it when one input takes too long."""
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            [sys.executable, str(HERE / "reliability.py"), "--worker", *args],
            env=env, stdout=subprocess.PIPE, stderr=errors, cwd=ROOT, preexec_fn=_limit,
        )  # fmt: skip
        records, buffer, why = [], b"", "exit"
        fd = proc.stdout.fileno()
        while True:
            ready, _, _ = select.select([fd], [], [], per_record)
            if not ready:
                proc.kill()
                why = f"no answer within {per_record:g} s"
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            records += [json.loads(x[2:]) for x in lines if x.startswith(b"@@")]
        proc.wait()
        if why == "exit" and proc.returncode:
            errors.seek(0)
            why = f"exit {proc.returncode}: {errors.read()[-160:].decode(errors='replace')}"
    return records, why


# --- (a) XSS ---------------------------------------------------------------------------------
def run_xss(base: Path, seed: int) -> dict:
    env = fresh(base, "xss", None)
    records, info = worker(env, "xss", str(seed), timeout=240)
    if not records:
        return {"row": ("XSS vectors (feed + API → pages, feeds out, API)", "-", "worker failed"),
                "detail": info["stderr"]}  # fmt: skip
    r = records[0]
    markers = sorted({m for _, snip in r["live"] for m in _markers(snip)})
    unattributed = [s for s in r["live"] if not _markers(s[1])]
    result = f"live: {len(markers)} vectors" + (
        f" (+{len(unattributed)} unattributed)" if unattributed else ""
    )
    if r["errors"]:
        result += f"; 5xx on {len(r['errors'])} pages"
    detail = [f"stored {r['stored']} items, checked {r['pages']} pages/feeds"]
    detail += [f"  {where}: {snip[:150]}" for where, snip in r["live"][:40]]
    return {"row": ("XSS vectors (feed + API → pages, feeds out, API)", str(r["vectors"]), result),
            "detail": "\n".join(detail), "live_markers": markers}  # fmt: skip


def _markers(snippet: str) -> list[str]:
    import re

    return re.findall(r"xss\d\d", snippet)


# --- (b) hostile inputs ----------------------------------------------------------------------
def run_hostile(base: Path, seed: int, per_input: float = 30) -> dict:
    env = fresh(base, "hostile", None)
    total = len(hostile_inputs(random.Random(seed)))
    records: dict[int, dict] = {}
    start = 0
    while start < total:
        recs, why = stream_worker(env, "hostile", str(seed), str(start), per_record=per_input)
        for rec in recs:
            records[rec["i"]] = rec
        done = max([start - 1, *records]) + 1
        if done < total:  # the worker died or hung on this input
            records[done] = {"i": done, "file": ["crash/timeout"], "reasons": [why], "api": "-"}
        start = done + 1
    names = {i: c["name"] for i, c in enumerate(hostile_inputs(random.Random(seed)))}
    refused = safe = failed = 0
    lines = []
    for i in range(total):
        rec = records[i]
        rec["name"] = names[i]
        outcomes = set(rec.get("file", []))
        api = rec.get("api")
        slow = isinstance(rec.get("file_s"), float) and rec["file_s"] > SLOW
        bad = (
            rec.get("leaked")
            or slow
            or (HOSTILE_MUST_REFUSE & {names[i]} and outcomes - {"rejected", "nothing"})
            or outcomes & {"exception", "crash/timeout"}
            or (isinstance(api, int) and api >= 500)
            or (isinstance(api, str) and api != "-")
        )
        if bad:
            failed += 1
            verdict = "FAILED"
        elif outcomes <= {"rejected", "nothing"}:
            refused += 1
            verdict = "refused"
        else:
            safe += 1
            verdict = "stored safely"
        lines.append(
            f"  {rec['name']}: {verdict}; file {sorted(outcomes)} in {rec.get('file_s', '-')} s, "
            f"API {api} {rec.get('api_outcomes', '')} {(rec.get('reasons') or [''])[0][:90]}"
        )
    result = f"refused {refused}, stored safely {safe}, failed {failed}"
    return {"row": ("Hostile inputs (file + API)", str(total), result), "detail": "\n".join(lines)}


# --- shared items for (c) and (d) ------------------------------------------------------------
def write_items(folder: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    headlines = []
    for k in range(n):
        headline = f"Meldung {k}: {' '.join(rng.sample(WORDS, 4))}"
        headlines.append(headline)
        item = {
            "urn": f"urn:newsml:bench.test:item-{k}",
            "version": 1,
            "version_created": "2025-02-12T18:27:49+01:00",
            "pubstatus": "usable",
            "language": "de",
            "headline": headline,
            "teaser": filler(rng, 1),
            "article_html": "".join(f"<p>{filler(rng, 5)}</p>" for _ in range(6)),
            "rubric_names": ["Politik"],
        }
        (folder / f"item-{k:03d}.json").write_text(json.dumps(item, ensure_ascii=False))
    return headlines


def outcomes_by_headline(stdout: str) -> dict[str, str]:
    out = {}
    for line in stdout.splitlines():
        outcome, _, rest = line.partition(": ")
        if outcome in ("new", "updated", "unchanged", "duplicate", "withdrawn", "rejected"):
            out[rest.strip()] = outcome
    return out


# --- (c) kill -9 -----------------------------------------------------------------------------
def run_kills(base: Path, items: Path, headlines: list[str], runs: int, db: str | None) -> dict:
    label = "PostgreSQL" if db else "SQLite"
    env = fresh(base, f"kill-calibrate-{label}", db)
    t0 = time.monotonic()
    cli(env, "ingest", str(items))
    full = time.monotonic() - t0
    env = fresh(base, f"kill-{label}", db)
    rng = random.Random(7)
    for _ in range(runs):  # kill after a random number of stored items, mid-way to the next
        proc = subprocess.Popen(
            [sys.executable, "-m", "meldungen.cli", "ingest", str(items)],
            env={**env, "PYTHONUNBUFFERED": "1"}, cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wanted, seen = rng.randrange(0, len(headlines)), 0
        fd = proc.stdout.fileno()
        while seen < wanted and select.select([fd], [], [], full)[0]:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            seen += chunk.count(b"\n")
        time.sleep(rng.uniform(0, 0.5 * full / len(headlines)))
        proc.kill()  # SIGKILL
        proc.wait()
        proc.stdout.close()
    before, _ = worker(env, "check", timeout=120)
    stored = before[0]["articles"] if before else -1
    again = cli(env, "ingest", str(items))
    outcomes = outcomes_by_headline(again.stdout)
    after, _ = worker(env, "check", timeout=120)
    twice = cli(env, "ingest", str(items))
    unchanged = sum(o == "unchanged" for o in outcomes_by_headline(twice.stdout).values())
    problems = []
    if before:
        problems += [f"half-written {g}" for g in before[0]["inconsistent"]]
        problems += ["duplicated guids"] * before[0]["duplicated_guids"]
    # what was stored before the re-ingest must come back unchanged, the rest new
    not_clean = [h for h, o in outcomes.items() if o not in ("new", "unchanged")]
    problems += [f"re-ingest said {outcomes[h]}: {h}" for h in not_clean]
    if sum(o == "unchanged" for o in outcomes.values()) != stored:
        problems.append(f"{stored} stored after kills, re-ingest found a different number")
    if not after or after[0]["articles"] != len(headlines) or unchanged != len(headlines):
        problems.append(f"after re-ingest: {after[0]['articles'] if after else '?'} articles, "
                        f"second re-ingest {unchanged} unchanged of {len(headlines)}")  # fmt: skip
    result = f"inconsistencies: {len(problems)}"
    detail = (f"  {label}: full ingest {full:.1f} s, {runs} kills, {stored} stored before "
              f"re-ingest\n" + "\n".join(f"  {p}" for p in problems[:20]))  # fmt: skip
    return {"row": (f"kill -9 during ingest ({label})", f"{runs} runs", result), "detail": detail}


# --- (d) concurrent writers ------------------------------------------------------------------
def run_concurrent(base: Path, items: Path, headlines: list[str], writers: int, db: str | None):
    label = "PostgreSQL" if db else "SQLite"
    env = fresh(base, f"concurrent-{label}", db)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "meldungen.cli", "ingest", str(items)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(writers)
    ]
    outs = [p.communicate(timeout=600)[0] for p in procs]
    counts: dict[str, int] = {}
    reasons = []
    for out in outs:
        for line in out.splitlines():
            outcome = line.partition(": ")[0]
            if outcome in ("new", "updated", "unchanged", "duplicate", "withdrawn", "rejected"):
                counts[outcome] = counts.get(outcome, 0) + 1
                if outcome == "rejected":
                    reasons.append(line[:160])
    after, _ = worker(env, "check", timeout=120)
    stored = after[0]["articles"] if after else -1
    rejected = counts.get("rejected", 0)
    result = f"false rejections: {rejected}; stored {stored} of {len(headlines)}"
    if counts.get("new", 0) != len(headlines):
        result += f"; 'new' reported {counts.get('new', 0)} times"
    detail = f"  {label}: outcomes {counts}\n" + "\n".join(f"  {r}" for r in reasons[:10])
    return {"row": (f"Concurrent writers ({label})", f"{writers} × {len(headlines)} items",
                    result), "detail": detail}  # fmt: skip


# --- (e) largest item ------------------------------------------------------------------------
def run_big(base: Path, sizes: list[float], seed: int, limit: float) -> dict:
    env = fresh(base, "big", None)
    lines, best = [], None
    for size in sizes:
        records, info = worker(env, "big", str(size), str(seed), timeout=limit)
        if not records:
            lines.append(f"  {size} MB: no result ({info['stderr'][-200:].strip()})")
            break
        r = records[0]
        peak = r["peak_rss_mb"]
        lines.append(f"  {size} MB ({r['bytes']} bytes): {r['outcomes']} in {r['seconds']} s, "
                     f"peak RSS {peak:.0f} MB {r['reasons'][:1]}")  # fmt: skip
        if r["outcomes"] and r["outcomes"][0] == "new":
            best = (r["bytes"], r["seconds"], peak)
    if best is None:
        return {"row": ("Largest item ingested", "-", "none stored"), "detail": "\n".join(lines)}
    mb = best[0] / 1_000_000
    figure = f"{best[1]:.1f} s, peak RSS {best[2]:.0f} MB"
    return {"row": ("Largest item ingested", f"{mb:.1f} MB", figure), "detail": "\n".join(lines)}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        from _reliability_worker import main as worker_main

        worker_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--items", type=int, default=16)
    parser.add_argument("--sizes", default="2", help="MB sizes of the largest-item test")
    parser.add_argument("--big-limit", type=float, default=120, help="seconds per big item")
    parser.add_argument("--postgres", default="", help="URL of a database that may be emptied")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--keep", action="store_true", help="keep the data dirs")
    parser.add_argument("--only", default="", help="comma list of a,b,c,d,e")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else set("abcde")
    base = Path(tempfile.mkdtemp(prefix="meldungen-reliability-"))
    started = time.monotonic()
    rows = []

    def section(name: str, result: dict) -> None:
        print(f"\n## {name}: {result['row'][2]}\n{result.get('detail', '')}", flush=True)
        rows.append(result["row"])

    try:
        if "a" in only:
            section("XSS", run_xss(base, args.seed))
        if "b" in only:
            section("hostile inputs", run_hostile(base, args.seed))
        items = base / "items"
        headlines = write_items(items, args.items, args.seed)
        dbs = [None] + ([args.postgres] if args.postgres else [])
        for db in dbs:
            if "c" in only:
                section("kill -9", run_kills(base, items, headlines, args.kills, db))
            if "d" in only:
                section("concurrent", run_concurrent(base, items, headlines, args.writers, db))
        if "e" in only:
            sizes = [float(s) for s in args.sizes.split(",") if s]
            section("largest item", run_big(base, sizes, args.seed, args.big_limit))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(f"\n(total {time.monotonic() - started:.0f} s on {os.cpu_count()} cores)\n")
    print("| Check | Tried | Result |")
    print("|---|---|---|")
    for check, tried, result in rows:
        print(f"| {check} | {tried} | {result} |")


if __name__ == "__main__":
    main()

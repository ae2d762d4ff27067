"""Serving figures: wrk (32 connections) against `meldungen serve`, beside nginx serving the same
article page saved as a file, in one run.

    .venv/bin/python bench/portal.py [--duration 10] [--connections 32] [--items 400]
                                     [--only article ...] [--data DIR]

Fills a throw-away data dir (never ./var) with the Wikinews articles of
../shared/data/news/dewikinews-politik.csv as dpa-digitalwires items through `meldungen ingest`
(generated German text when ../shared is absent), serves it with `meldungen serve` (gunicorn,
no poller) and runs wrk against a cached article page, home, a Ressort, a topic, search and RSS;
then again with the page cache off (MELDUNGEN_PAGE_CACHE=0) for the uncached figures; then
nginx with the article page's bytes as a static file. Needs `wrk` and `nginx` (Debian:
`apt-get install wrk nginx-light`). Prints a Markdown table last: requests/s, p99, the ratio
to nginx, and the CPU time the server's processes spent per answered request (user + system,
read from /proc; less sensitive to other work on the machine than requests/s). Goals: cached
article >= 1,000 req/s with p99 < 100 ms; uncached article >= 150 req/s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import title_of

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "data" / "news" / "dewikinews-politik.csv"
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _item(i: int, headline: str, paragraphs: list[str], day: str) -> dict:
    return {
        "format": "digitalwires@0.9.1",
        "type": "composite",
        "urn": f"urn:bench:portal:{i}",
        "version": 1,
        "version_created": f"{day}T09:00:00+01:00",
        "pubstatus": "usable",
        "headline": headline[:150],
        "article_html": "".join(f"<p>{p}</p>" for p in paragraphs),
    }


def wikinews_items(limit: int) -> list[dict]:
    csv.field_size_limit(10**8)
    items = []
    with NEWS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if len(items) >= limit:
                break
            name = title_of(row["dateiname"])
            parts = row["datum"].split(".")
            day = f"{parts[2]}-{parts[1]}-{parts[0]}" if len(parts) == 3 else "2010-01-01"
            sentences = re.split(r"(?<=[.!?])\s+", row["text"].strip())
            paras = [" ".join(sentences[k : k + 3]) for k in range(0, len(sentences), 3)]
            items.append(_item(len(items), name, paras, day))
    return items


def generated_items(limit: int) -> list[dict]:
    places = ["Berlin", "Hamburg", "München", "Köln", "Leipzig", "Bremen", "Dresden", "Kiel"]
    topics = ["Haushalt", "Bahnstreik", "Schulreform", "Hochwasser", "Wahlrecht", "Klinikplan"]
    people = ["Anna Berger", "Jonas Keller", "Mira Hofmann", "Paul Lindner", "Eva Roth"]
    items = []
    for i in range(limit):
        place, topic, who = places[i % 8], topics[i % 6], people[i % 5]
        paras = [
            f"In {place} hat der Stadtrat am Dienstag über den {topic} beraten.",
            f"{who} sagte, die Entscheidung sei lange vorbereitet worden und komme nun zur "
            f"rechten Zeit für {place}.",
            f"Die Opposition kritisierte den {topic} als zu teuer; eine Abstimmung folgt im "
            f"nächsten Monat, hieß es aus dem Rathaus.",
        ]
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        items.append(_item(i, f"{place}: Streit um {topic} ({i})", paras, day))
    return items


def fill(data_dir: Path, limit: int, env: dict) -> str:
    if NEWS.exists():
        items, what = wikinews_items(limit), f"{limit} Wikinews articles"
    else:
        items, what = generated_items(limit), f"{limit} generated articles (../shared absent)"
    folder = data_dir / "items"
    folder.mkdir(parents=True)
    for i, item in enumerate(items):
        (folder / f"item{i:04d}.json").write_text(json.dumps(item, ensure_ascii=False))
    subprocess.run(
        [PYTHON, "-m", "meldungen.cli", "ingest", str(folder)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=REPO,
    )
    return what


class Server:
    def __init__(self, env: dict, port: int):
        self.port = port
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "meldungen.cli", "serve", "--no-worker", "--port", str(port)],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(120):
            try:
                self.get("/")
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("meldungen serve did not answer")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as r:
            return r.read().decode()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def pick_urls(server: Server) -> dict[str, str]:
    home = server.get("/")
    ressort = re.search(r'href="(/ressort/[^/"]+/)"', home).group(1)
    article = re.search(r'href="(/artikel/\d+/)"', home).group(1)
    page = server.get(article)
    topic = re.search(r'href="(/thema/[^/"]+/)"', page)
    if topic is None:  # an article without tags: take the first topic of any article
        for other in re.findall(r'href="(/artikel/\d+/)"', home):
            topic = re.search(r'href="(/thema/[^/"]+/)"', server.get(other))
            if topic:
                break
    return {
        "article": article,
        "home": "/",
        "Ressort": ressort,
        "topic": topic.group(1),
        "search": "/suche?q=Regierung",
        "RSS": "/rss.xml",
    }


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of a process group."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ...
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def wrk(url: str, duration: int, connections: int) -> tuple[float, float, int]:
    """(requests/s, p99 in ms, non-2xx/3xx responses)."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    wrk.requests = int(re.search(r"(\d+) requests in", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", out).groups()
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, float(value) * _UNITS[unit], int(bad.group(1)) if bad else 0


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp;
    proxy_temp_path {root}/tmp;
    fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp;
    scgi_temp_path {root}/tmp;
    server {{
        listen 127.0.0.1:{port};
        root {root}/www;
        location / {{ default_type text/html; }}
    }}
}}
"""


def nginx_static(page: bytes, root: Path, duration: int, connections: int):
    (root / "www").mkdir(parents=True)
    (root / "tmp").mkdir()
    (root / "www" / "artikel.html").write_bytes(page)
    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(root=root, port=port, user=user))
    proc = subprocess.Popen(["nginx", "-p", str(root), "-c", str(conf), "-e", str(root / "e.log")])
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/artikel.html", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        return wrk(f"http://127.0.0.1:{port}/artikel.html", duration, connections)
    finally:
        proc.send_signal(signal.SIGQUIT)
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["article", "home", "Ressort", "topic", "search", "RSS"],
        help="run wrk against these pages only (cached and uncached)",
    )
    parser.add_argument(
        "--data", type=Path, help="keep the filled data dir here (reused if present)"
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: apt-get install wrk nginx-light")

    tmp = Path(tempfile.mkdtemp(prefix="meldungen-bench-portal-"))
    env = {
        **os.environ,
        "MELDUNGEN_DATA_DIR": str(args.data or tmp / "data"),
        "MELDUNGEN_POLL": "0",
        "MELDUNGEN_SEED_SOURCES": "0",
        "MELDUNGEN_DEBUG": "0",
        "PYTHONPATH": str(REPO),
    }
    try:
        t0 = time.perf_counter()
        if args.data and (args.data / "items").exists():
            what = f"the portal in {args.data}"
        else:
            what = fill(Path(env["MELDUNGEN_DATA_DIR"]), args.items, env)
        print(f"filled with {what} in {time.perf_counter() - t0:.0f} s", flush=True)
        rows: list[tuple[str, float, float, int]] = []
        for cached in (True, False):
            env["MELDUNGEN_PAGE_CACHE"] = "1" if cached else "0"
            server = Server(env, free_port())
            try:
                urls = pick_urls(server)
                page = server.get(urls["article"]).encode()
                for name, path in urls.items():
                    if args.only and name not in args.only:
                        continue
                    server.get(path)  # warm: rendered once, then cached (when on)
                    label = f"{name}, {'cached' if cached else 'uncached'}"
                    url = f"http://127.0.0.1:{server.port}{path}"
                    cpu0 = group_cpu(server.proc.pid)
                    result = wrk(url, args.duration, args.connections)
                    cpu = 1000 * (group_cpu(server.proc.pid) - cpu0) / max(1, wrk.requests)
                    rows.append((label, *result, cpu))
                    print(
                        f"{label}: {result[0]:.0f} req/s, p99 {result[1]:.1f} ms, "
                        f"server CPU {cpu:.2f} ms/request",
                        flush=True,
                    )
            finally:
                server.stop()
        nginx = nginx_static(page, tmp / "nginx", args.duration, args.connections)
        rows.append(("nginx, the article page saved as a file", *nginx, 0.0))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    load = os.getloadavg()
    print()
    print(
        f"{what}; wrk {args.connections} connections, {args.duration} s each; "
        f"{os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print()
    print("| what | requests/s | p99 | nginx / this | errors | server CPU per request |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, rps, p99, bad, cpu in rows:
        cpu_text = f"{cpu:.2f} ms" if cpu else "–"
        print(
            f"| {label} | {rps:,.0f} | {p99:.1f} ms | {nginx[0] / rps:,.1f} | {bad} | {cpu_text} |"
        )


if __name__ == "__main__":
    main()

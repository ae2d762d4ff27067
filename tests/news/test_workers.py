"""Several `meldungen worker` processes on one PostgreSQL database: each due source is polled
once, the work is spread, and a worker killed with SIGKILL mid-fetch leaves its source to be
polled again once its lease ends. Bounded: 10 loopback feeds, 3 processes, deadlines below."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone
from loopback import loopback_server

from meldungen.news.models import FetchLog, Source

pytestmark = [pytest.mark.db]

REPO = Path(__file__).resolve().parents[2]
EMPTY_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kreisblatt</title><link>http://127.0.0.1/</link>
<description>Meldungen aus dem Kreis</description></channel></rss>"""


class Feeds(BaseHTTPRequestHandler):
    hits: Counter = Counter()
    slow_seen = threading.Event()
    release_slow = threading.Event()

    def do_GET(self):
        Feeds.hits[self.path] += 1
        if self.path == "/slow.xml" and Feeds.hits[self.path] == 1:
            Feeds.slow_seen.set()
            Feeds.release_slow.wait(30)  # the worker fetching this is killed meanwhile
        else:
            time.sleep(0.2)  # a feed takes a moment: gives the other workers their share
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(EMPTY_FEED)))
            self.end_headers()
            self.wfile.write(EMPTY_FEED)
        except OSError:
            pass  # the client was killed

    def log_message(self, *args):
        pass


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_three_workers_poll_each_source_once_and_survive_a_kill(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "several workers on several machines need PostgreSQL (row locks, advisory locks); "
            "SQLite runs one worker per machine: MELDUNGEN_TEST_POSTGRES=1 runs this"
        )
    Feeds.hits.clear()
    Feeds.slow_seen.clear()
    Feeds.release_slow.clear()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": _database_url(),
        "MELDUNGEN_DATA_DIR": str(tmp_path),
        "MELDUNGEN_ALLOW_PRIVATE_FETCH": "1",
        "MELDUNGEN_SEED_SOURCES": "0",
        "MELDUNGEN_FETCH_PICTURES": "0",
        "MELDUNGEN_POLL_LEASE_SECONDS": "4",
        "MELDUNGEN_FETCH_TIMEOUT": "30",
        "MELDUNGEN_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    env.pop("MELDUNGEN_TESTING", None)
    workers: list[subprocess.Popen] = []
    with loopback_server(Feeds) as base:
        names = [f"feed{i}" for i in range(9)] + ["slow"]
        for name in names:
            Source.objects.create(name=name, url=f"{base}/{name}.xml", interval_minutes=60)
        try:
            for i in range(3):
                log = open(tmp_path / f"worker{i}.log", "w")  # noqa: SIM115 - closed with the process
                workers.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "meldungen.cli", "worker", "--interval", "0.3"],
                        cwd=REPO,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            fast = [f"/feed{i}.xml" for i in range(9)]
            _wait(
                lambda: Feeds.slow_seen.is_set() and all(Feeds.hits[p] for p in fast),
                90,
                "every feed fetched once",
            )
            # Who holds the slow feed? The worker whose log says it is polling it.
            time.sleep(0.5)
            logs = [(tmp_path / f"worker{i}.log").read_text() for i in range(3)]
            holder = [i for i, text in enumerate(logs) if "polling slow" in text]
            assert len(holder) == 1, logs
            workers[holder[0]].send_signal(signal.SIGKILL)
            workers[holder[0]].wait(10)
            Feeds.release_slow.set()
            slow = Source.objects.get(name="slow")
            _wait(
                lambda: FetchLog.objects.filter(source=slow, status=200).exists(),
                60,
                "the killed worker's source polled again",
            )
            time.sleep(1.5)  # a few more rounds: nothing may be fetched twice meanwhile
        finally:
            Feeds.release_slow.set()
            for w in workers:
                if w.poll() is None:
                    w.terminate()
            for w in workers:
                try:
                    w.wait(10)
                except subprocess.TimeoutExpired:
                    w.kill()
    assert {p: Feeds.hits[p] for p in fast} == dict.fromkeys(fast, 1)
    assert Feeds.hits["/slow.xml"] == 2  # the killed fetch, then once more after the lease
    assert FetchLog.objects.filter(source__name__startswith="feed").count() == 9
    logs = [(tmp_path / f"worker{i}.log").read_text() for i in range(3)]
    polled_by = [text.count("polling feed") for text in logs]
    assert sum(polled_by) == 9 and sum(1 for n in polled_by if n) >= 2, polled_by
    slow.refresh_from_db()
    assert slow.next_fetch_at > timezone.now() + timedelta(minutes=50)


@pytest.mark.django_db
def test_a_claim_is_taken_once_and_a_superseded_claim_does_nothing(monkeypatch):
    from meldungen import tasks
    from meldungen.news import polling

    polled: list[int] = []
    monkeypatch.setattr(polling, "poll_source", lambda source: polled.append(source.pk) or [])
    enqueued: list[tuple] = []
    task = tasks.poll_source_task
    monkeypatch.setattr(
        tasks, "poll_source_task", SimpleNamespace(enqueue=lambda *a: enqueued.append(a))
    )
    source = Source.objects.create(name="Kreisblatt", url="http://127.0.0.1:9/feed.xml")

    assert tasks.schedule_due_sources() == 1
    assert tasks.schedule_due_sources() == 0  # leased: not due again until the lease ends
    (source_id, claim) = enqueued[0]
    source.refresh_from_db()
    assert source.next_fetch_at > timezone.now() + timedelta(minutes=5)

    # The lease ends (the worker died): the source is claimed anew, the old task is void.
    Source.objects.filter(pk=source.pk).update(next_fetch_at=timezone.now() - timedelta(seconds=1))
    assert tasks.schedule_due_sources() == 1
    new_claim = enqueued[1][1]
    assert task.call(source_id, claim) == {}
    assert polled == []
    task.call(source_id, new_claim)
    assert polled == [source.pk]

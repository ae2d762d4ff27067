"""Several writers at once: each item is stored once and its outcome says what happened
(never a false "rejected" for an item another writer stored), enrichment never holds the
write lock, and an item that meets a busy database is retried, not lost. Runs on SQLite and
on PostgreSQL (db marker)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.db import OperationalError, connection, transaction
from storehelp import run_writers

from meldungen.ingest.draft import ArticleDraft
from meldungen.news import batch, services
from meldungen.news.models import Article, ArticleVersion, Rejection
from meldungen.news.services import store_draft, store_results

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.db]
WRITERS = 4
ITEMS = 4


def draft(n: int, version: int = 1) -> ArticleDraft:
    return ArticleDraft(
        guid=f"urn:test:parallel-{n}",
        headline=f"Meldung Nummer {n} aus dem Landtag in Schwerin",
        format="ninjs",
        version=version,
        body=f"<p>Der Landtag berät heute über den Antrag {n} zur Schulpolitik im Land.</p>",
        published=datetime(2026, 1, 5, 9, n, tzinfo=UTC),
    )


def test_concurrent_writers_store_each_item_once_without_false_rejections():
    barriers = [threading.Barrier(WRITERS) for _ in range(ITEMS)]

    def work(_i: int) -> list[str]:
        outcomes = []
        for n in range(ITEMS):
            barriers[n].wait(60)  # every writer offers item n at the same moment
            outcomes.append(store_results([draft(n)], "parallel")[0].outcome)
        return outcomes

    per_writer = run_writers(work, WRITERS)
    for n in range(ITEMS):
        column = sorted(outcomes[n] for outcomes in per_writer)
        assert column.count("new") == 1, column
        assert set(column) <= {"new", "unchanged", "duplicate"}, column
    assert Article.objects.count() == ITEMS
    assert ArticleVersion.objects.count() == ITEMS
    assert not Rejection.objects.exists()


def test_concurrent_updates_keep_one_row_per_version():
    store_draft(draft(1))
    barrier = threading.Barrier(WRITERS)

    def work(_i: int) -> str:
        barrier.wait(60)
        return store_results([draft(1, version=2)], "parallel")[0].outcome

    outcomes = sorted(run_writers(work, WRITERS))
    assert outcomes == ["unchanged"] * (WRITERS - 1) + ["updated"], outcomes
    assert ArticleVersion.objects.count() == 2
    assert not Rejection.objects.exists()


def test_enrichment_runs_outside_the_write_transaction(monkeypatch):
    seen: list[bool] = []
    compute = services.compute_enrichment

    def spy(article, **kw):
        seen.append(connection.in_atomic_block)
        return compute(article, **kw)

    monkeypatch.setattr(services, "compute_enrichment", spy)
    assert store_draft(draft(1)).outcome == "new"
    assert seen == [False]


def test_an_item_meeting_a_busy_lock_is_retried_and_stored(monkeypatch):
    calls = {"n": 0}
    write = services._write

    def busy_twice(*args):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OperationalError("database is locked")
        return write(*args)

    monkeypatch.setattr(services, "_write", busy_twice)
    monkeypatch.setattr(services.time, "sleep", lambda s: None)
    assert store_draft(draft(3)).outcome == "new"
    assert calls["n"] == 3


def test_a_lock_that_never_frees_marks_the_item_for_another_offer(monkeypatch):
    def always_busy(*args):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_write", always_busy)
    monkeypatch.setattr(batch, "write", always_busy)
    monkeypatch.setattr(services.time, "sleep", lambda s: None)
    [result] = store_results([draft(4)], "busy")
    assert result.outcome == "rejected" and result.transient


def test_a_long_writer_does_not_make_others_fail():
    """One writer holds the write lock while another stores an item: the second waits
    (retrying on SQLite's busy lock) and stores it once the first commits."""
    holding = threading.Event()
    release = threading.Event()

    def work(i: int) -> str:
        if i == 0:
            with transaction.atomic():
                store_draft(draft(10))
                holding.set()
                release.wait(30)
            return "held"
        if i == 1:
            holding.wait(30)
            timer = threading.Timer(0.5, release.set)
            timer.start()
            return store_draft(draft(11)).outcome
        return "idle"

    results = run_writers(work, WRITERS)
    assert results[:2] == ["held", "new"], results
    assert Article.objects.count() == 2

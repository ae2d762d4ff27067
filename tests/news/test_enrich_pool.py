"""Enrichment's pure part in worker processes (enrich/parallel.py, news/analysis_pool.py): the
same results as in this process, the same outcomes and stored state for a batch ingest, and
a pool that fails costs no item. Runs on SQLite and on PostgreSQL (db marker)."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime

import pytest
from django.db import transaction
from test_store_batch import snapshot

from meldungen.enrich import parallel
from meldungen.enrich.parallel import Pool, pool
from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.news import analysis_pool, enrichment, services
from meldungen.news.analysis_pool import Ahead
from meldungen.news.enrichment import analysis_input, compute_enrichment
from meldungen.news.models import Article, Source
from meldungen.news.services import _apply
from meldungen.news.store_batches import store_entries

pytestmark = [pytest.mark.django_db, pytest.mark.db]

PARENT = os.getpid()

PEOPLE = ["Anna Schmidt", "Olaf Scholz", "Ulf Kämpfer", "Manuela Schwesig", "Boris Pistorius"]
SENTENCES = [
    "Der Haushalt für das kommende Jahr wurde im Landtag lange beraten.",
    "Der Hafen meldet mehr Container aus China als im Vorjahr.",
    "Der neue Radweg am Fluss soll im Sommer fertig werden.",
    "Der FC St. Pauli gewann das Spiel gegen Hertha BSC mit zwei zu eins.",
    "Die Feuerwehr löschte in der Nacht einen Brand in einer Lagerhalle.",
    "Forscher der Universität entdeckten eine neue Käferart im Moor.",
    "Die Preise für Strom und Gas sind im Winter deutlich gestiegen.",
    "Das Theater zeigt im Herbst eine Komödie von Molière.",
    "Die Bahn kündigte Bauarbeiten auf der Strecke nach Berlin an.",
    "Ein Gericht verurteilte zwei Männer wegen Betrugs zu Haftstrafen.",
    "Der Zoo freut sich über zwei junge Eisbären im Gehege.",
    "Die Landwirte klagen über die lange Trockenheit im Frühjahr.",
    "Ein neues Krankenhaus mit dreihundert Betten wird gebaut.",
]


EVENTS = [
    "Im Rathaus von Kiel stritten die Fraktionen über den Bau einer Schwimmhalle.",
    "Auf der Autobahn bei Hannover stauten sich die Lastwagen über zwanzig Kilometer.",
    "Die Sternwarte in Sonneberg beobachtete einen hellen Kometen am Abendhimmel.",
    "Bei der Regatta vor Warnemünde kenterten drei Jollen im starken Wind.",
    "Das Orchester aus Bamberg spielte Bruckners Sinfonie vor ausverkauftem Saal.",
    "Imker aus dem Allgäu berichten von einer ungewöhnlich reichen Honigernte.",
    "In Görlitz eröffnete ein Museum für schlesische Volkskunst und Trachten.",
]


def text(i: int) -> tuple[str, str]:
    """Texts different enough that the story step sees no copies among them: any two of the
    first 35 share at most one of their sentences."""
    person = PEOPLE[i % len(PEOPLE)]
    first = SENTENCES[i % len(SENTENCES)]
    second = EVENTS[i % len(EVENTS)]
    headline = f"{second.split()[2]} und {first.split()[1]}: Meldung {i} von {person}"
    body = f"<p>{person} berichtet. {first}</p><p>{second} Es ist die Nummer {i * 7919}.</p>"
    return headline, body


def draft(guid: str, i: int, minute: int = 0, **kw) -> ArticleDraft:
    headline, body = text(i)
    return ArticleDraft(
        guid=guid,
        headline=headline,
        format="digitalwires",
        body=body,
        published=datetime(2026, 2, 2, 9, minute % 60, tzinfo=UTC),
        credit="dpa",
        **kw,
    )


def variety() -> list[ArticleDraft]:
    """Drafts that take every branch of the analysis: stated and unstated language, an English
    text stated German, Ressort from metadata and from the classifier, keywords, no body."""
    english = (
        "<p>The city council of Kiel approved a new cycle path along the river on Monday "
        "evening. The mayor said construction would begin in the summer.</p>"
    )
    return [
        draft("urn:v:1", 1),
        draft("urn:v:2", 2, language="de"),
        draft("urn:v:3", 3, ressort_hints=["sport"], keywords=["Fußball", "St. Pauli"]),
        ArticleDraft(
            guid="urn:v:4",
            headline="Kiel approves cycle path",
            format="rss",
            body=english,
            language="de",
        ),  # fmt: skip
        ArticleDraft(
            guid="urn:v:5", headline="Kiel approves cycle path", format="rss", body=english
        ),  # fmt: skip
        ArticleDraft(guid="urn:v:6", headline="Nur eine Überschrift", format="rss"),
        *(draft(f"urn:v:{i}", i) for i in range(7, 12)),
    ]


@pytest.fixture
def workers(monkeypatch):
    """The pool on, with two workers; stopped after the test."""
    monkeypatch.setenv(parallel.ENV, "2")
    monkeypatch.setattr(pool, "allowed", True)  # as ``meldungen ingest`` does
    yield
    pool.shutdown()


def as_stored(d: ArticleDraft, source: Source | None = None) -> Article:
    article = Article(guid=d.guid)
    _apply(article, d, source)
    return article


def test_pool_analyses_give_the_enrichment_computed_in_this_process(workers):
    source = Source.objects.create(name="Kieler Blatt", url="https://kiel.example/rss")
    source.ressort = "Panorama"  # the source's Ressort where the item names none
    articles = [as_stored(d) for d in variety()] + [as_stored(draft("urn:v:s", 20), source)]
    requests = [analysis_input(a, language_decided=True) for a in articles]
    analyses = list(Ahead().analyses(requests))
    assert pool._executor is not None and pool._pid == PARENT  # computed by the pool
    for article, analysis in zip(articles, analyses, strict=True):
        expected = compute_enrichment(article)  # in this process, language decided again
        got = compute_enrichment(article, analysis=analysis, language_decided=True)
        assert got.result == expected.result
        assert got.tag_keys == expected.tag_keys
    results = [compute_enrichment(a).result for a in articles]
    assert any(r.entities for r in results) and any(r.lemmas for r in results)
    assert {r.language for r in results} == {"de", "en"}
    assert {r.ressort_origin for r in results} >= {"metadata", "classifier", "source"}


def batch_drafts() -> list:
    """Four batches of 10: new texts, copies within and across batches, an update, a
    withdrawal, a parser rejection."""
    items: list = [draft(f"urn:p:{i}", i, minute=i) for i in range(24)]
    items += [draft(f"urn:p:kopie-{i}", i, minute=30 + i) for i in (0, 5, 13, 23)]
    items.insert(12, Rejected("kaputtes JSON", guid="urn:p:kaputt"))
    items.append(draft("urn:p:3", 34, version=2, minute=40))  # an update with a new text
    items.append(draft("urn:p:4", 4, version=2, minute=41, pubstatus="withdrawn"))
    items += [draft(f"urn:p:spaet-{i}", i, minute=42 + i) for i in range(24, 31)]
    english = (
        "<p>The city council of Kiel approved a new cycle path along the river on Monday "
        "evening. The mayor said construction would begin in the summer.</p>"
    )
    for guid, stated in (("urn:p:en-de", "de"), ("urn:p:en", ""), ("urn:p:en-en", "en")):
        headline = f"Kiel approves cycle path ({guid})"
        when = datetime(2026, 2, 2, tzinfo=UTC)
        items.append(
            ArticleDraft(guid=guid, headline=headline, format="rss", body=english,
                         language=stated, published=when)
        )  # fmt: skip
    return items


def ingest(monkeypatch, workers_: str) -> tuple[list[str], dict, int, int]:
    """(result lines, stored state, analyses submitted to the pool, languages identified in
    this process), then rolled back."""
    submitted, identified = [], []
    real = pool.submit
    decide = services.decide_language

    def counting_decide(stated, text):
        identified.append(text)
        return decide(stated, text)

    def counting(fn, args, warm=None):
        args = list(args)
        futures = real(fn, args, warm)
        submitted.extend(args if futures is not None else [])
        return futures

    class Rollback(Exception):
        pass

    with monkeypatch.context() as m:
        m.setenv(parallel.ENV, workers_)
        m.setattr(pool, "allowed", True)
        m.setattr(pool, "submit", counting)
        m.setattr(services, "decide_language", counting_decide)
        services._languages.clear()
        try:
            with transaction.atomic():
                results = store_entries([(d, "p.json") for d in batch_drafts()], batch_size=10)
                state = snapshot()
                raise Rollback
        except Rollback:
            pass
    return [r.line() for r in results], state, len(submitted), len(identified)


def test_a_batch_ingest_through_the_pool_stores_what_one_process_stores(monkeypatch, workers):
    lines, state, submitted, identified = ingest(monkeypatch, "1")
    assert submitted == 0
    pooled_lines, pooled_state, pooled_submitted, pooled_identified = ingest(monkeypatch, "2")
    assert pooled_submitted >= 24  # the new texts were analysed by the pool
    # the first batch's languages are identified here, the later ones' by the workers
    assert identified >= 30 and pooled_identified <= 10
    assert pooled_lines == lines
    assert pooled_state == state
    assert len(lines) == len(batch_drafts())
    outcomes = [line.split(":")[0] for line in lines]
    assert outcomes.count("duplicate") == 4 + 2 and "withdrawn" in outcomes  # 2 English copies
    languages = {g: a["fields"][4] for g, a in state["articles"].items()}
    assert languages["urn:p:en-de"] == "en" and languages["urn:p:1"] == "de"


def _dies_in_a_worker(request):
    if os.getpid() != PARENT:
        os._exit(3)  # a worker killed mid-analysis
    return enrichment.analyse_input(request)


# Python 3.11's pool manager thread may raise InvalidStateError on an analysis this process
# took over (cancelled) once the pool breaks (CPython gh-107219, fixed in 3.12): harmless.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_pool_whose_workers_die_stores_every_item_in_this_process(monkeypatch, caplog):
    lines, state, _, _ = ingest(monkeypatch, "1")
    with monkeypatch.context() as m:
        m.setattr(analysis_pool, "analyse_input", _dies_in_a_worker)
        pool.shutdown()  # the next pool is forked with the patch
        with caplog.at_level(logging.WARNING, logger="meldungen.enrich"):
            broken_lines, broken_state, submitted, _ = ingest(monkeypatch, "2")
    pool.shutdown()
    assert submitted > 0
    # once per broken pool (each of the 5 batches starts one), not once per item
    assert caplog.text.count("enrichment pool failed") <= 5
    assert "enrichment pool failed" in caplog.text
    assert broken_lines == lines
    assert broken_state == state


def _double_or_die(x: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)
    return 2 * x


def test_a_broken_pool_is_replaced_and_its_work_done_here(monkeypatch):
    monkeypatch.setenv(parallel.ENV, "2")
    own = Pool()
    own.allow()
    futures = own.submit(_double_or_die, [1, 2, 3])
    assert futures is not None
    done = [own.result(f, _double_or_die, x) for f, x in zip(futures, [1, 2, 3], strict=True)]
    assert done == [2, 4, 6]
    assert own._executor is None  # discarded: the next call starts a new pool
    assert own.submit(abs, [-5])[0].result(timeout=60) == 5
    own.shutdown()


def test_a_pool_that_cannot_start_computes_here(monkeypatch):
    monkeypatch.setenv(parallel.ENV, "2")
    own = Pool()
    own.allow()

    def no_fork(*args, **kwargs):
        raise OSError("fork: out of memory")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_fork)
    assert own.submit(abs, [-5]) is None
    assert own.result(None, abs, -5) == 5


@pytest.mark.parametrize("value,count", [("0", 0), ("1", 1), ("3", 3), ("zwei", None)])
def test_the_worker_count_comes_from_the_environment(monkeypatch, value, count):
    monkeypatch.setenv(parallel.ENV, value)
    expected = count if count is not None else len(os.sched_getaffinity(0))
    assert parallel.worker_count() == expected
    if count is not None and count <= 1:
        allowed = Pool()
        allowed.allow()
        assert allowed.submit(abs, [-1]) is None  # in this process


def test_a_process_that_did_not_allow_the_pool_computes_here(monkeypatch):
    """Web and worker processes run threads: they never fork a pool."""
    monkeypatch.setenv(parallel.ENV, "2")
    own = Pool()
    assert own.submit(abs, [-1]) is None and own._executor is None


def test_a_pool_inherited_through_fork_is_not_used(monkeypatch, workers):
    futures = pool.submit(abs, [-2])
    assert futures[0].result(timeout=60) == 2
    first = pool._executor
    monkeypatch.setattr(pool, "_pid", PARENT + 1)  # as seen from a forked child
    assert pool.submit(abs, [-3])[0].result(timeout=60) == 3
    assert pool._executor is not first and pool._pid == PARENT
    first.shutdown(wait=True)

"""The pure part of enrichment for a batch of articles in worker processes (``enrich/parallel``).

``Ahead`` holds analyses submitted before they are needed: ``store_batches`` submits the next
batch's while the current batch is written, so the second core analyses while the first
writes. An analysis is used only for an article whose input (``AnalysisInput.key``) is equal
to the one it was computed from; anything missing or failed is computed here, in this process.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future

from meldungen.enrich.parallel import MIN_BATCH, pool
from meldungen.enrich.pipeline import Analysis
from meldungen.ingest.draft import ArticleDraft

from .enrichment import AnalysisInput, analyse_input


class Ahead:
    """Analyses submitted to the pool, by their input's key."""

    def __init__(self) -> None:
        self.futures: dict[tuple, Future] = {}

    def submit(self, requests: list[AnalysisInput], *, min_batch: int = 1) -> None:
        """Start analysing the requests not yet submitted (none when fewer than ``min_batch``
        or without a pool: they are then computed when needed)."""
        todo: dict[tuple, AnalysisInput] = {}
        for request in requests:
            key = request.key()
            if key not in self.futures:
                todo.setdefault(key, request)
        if not todo or len(todo) < min_batch:
            return
        futures = pool.submit(analyse_input, todo.values(), warm=warm)
        if futures is not None:
            self.futures.update(zip(todo, futures, strict=True))

    def analyses(self, requests: list[AnalysisInput]) -> Iterator[Analysis]:
        """The analysis of each request, in order, as each is ready: from the pool (submitting
        what is not there yet when there are enough), or computed here."""
        self.submit(requests, min_batch=MIN_BATCH)
        for request in requests:
            yield pool.result(self.futures.get(request.key()), analyse_input, request)

    def forget(self) -> None:
        """Drop every analysis submitted so far (its batch is prepared): a long import keeps
        at most one batch's analyses."""
        self.futures.clear()


def warm() -> None:
    """Load the models in this process before the pool forks (the workers share them)."""
    sample = ArticleDraft(
        guid="warm-up",
        headline="Bundesregierung berät in Berlin",
        format="page",
        body="<p>Die Ministerin Anna Schmidt sprach am Montag in Berlin über den Haushalt.</p>",
    )
    analyse_input(AnalysisInput(draft=sample, source_ressort="", language=None))

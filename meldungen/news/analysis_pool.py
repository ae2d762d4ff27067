"""The pure part of enrichment for a batch of articles in worker processes (``enrich/parallel``).

``Ahead`` holds analyses submitted before they are needed: ``store_batches`` submits the next
batch's while the current batch is written, so the second core analyses while the first
writes. An analysis is used only for an article whose input (``AnalysisInput.key``) is equal
to the one it was computed from; anything missing or failed is computed here, in this process.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, wait

from meldungen.enrich.parallel import MIN_BATCH, RESULT_TIMEOUT, pool
from meldungen.enrich.pipeline import Analysis
from meldungen.ingest.draft import ArticleDraft

from .enrichment import AnalysisInput, analyse_input
from .services import remember_language


class Ahead:
    """Analyses submitted to the pool, by their input's key without the language."""

    def __init__(self) -> None:
        self.futures: dict[tuple, tuple[AnalysisInput, Future]] = {}

    def submit(self, requests: list[AnalysisInput], *, min_batch: int = 1) -> None:
        """Start analysing the requests not yet submitted (none when fewer than ``min_batch``
        or without a pool: they are then computed when needed)."""
        todo: dict[tuple, AnalysisInput] = {}
        for request in requests:
            key = request.key(language=False)
            if key not in self.futures:
                todo.setdefault(key, request)
        if not todo or len(todo) < min_batch:
            return
        futures = pool.submit(analyse_input, todo.values(), warm=warm)
        if futures is not None:
            for (key, request), future in zip(todo.items(), futures, strict=True):
                self.futures[key] = (request, future)

    def remember_languages(self) -> None:
        """Tell ``services.item_language`` the languages the workers identified (requests
        submitted without a decided language), so this process does not identify them again."""
        waiting = [(r, f) for r, f in self.futures.values() if r.language is None]
        wait([f for _r, f in waiting], timeout=RESULT_TIMEOUT)  # one deadline for them all
        for request, future in waiting:
            if not future.done() or future.cancelled() or future.exception() is not None:
                continue  # the language is identified here, when needed
            analysis = future.result()
            remember_language(request.draft, analysis.language)

    def analyses(self, requests: list[AnalysisInput]) -> Iterator[Analysis]:
        """The analysis of each request, in order: from the pool (submitting what is not
        there yet when there are enough), or computed here. While it waits, this process
        takes the analyses no worker has started yet, from the back of the queue."""
        self.submit(requests, min_batch=MIN_BATCH)
        found = [self.futures.get(request.key(language=False)) for request in requests]
        here: dict[int, Analysis] = {}
        for i in reversed(range(len(requests))):
            if found[i] is not None and found[i][1].cancel():  # not started: done here
                here[i] = analyse_input(found[i][0])
        for i, request in enumerate(requests):
            if found[i] is None:
                yield analyse_input(request)
                continue
            submitted, future = found[i]
            analysis = here[i] if i in here else pool.result(future, analyse_input, submitted)
            yield analysis if _fits(analysis, submitted, request) else analyse_input(request)

    def forget(self) -> None:
        """Drop every analysis submitted so far (its batch is prepared): a long import keeps
        at most one batch's analyses."""
        self.futures.clear()


def _fits(analysis: Analysis, submitted: AnalysisInput, request: AnalysisInput) -> bool:
    """Whether an analysis of ``submitted`` is the one of ``request`` (equal but for the
    language): the rest of an analysis does not depend on the language."""
    if request.language is not None:
        return analysis.language == request.language
    return submitted.language is None and submitted.draft.language == request.draft.language


def warm() -> None:
    """Load the models in this process before the pool forks (the workers share them)."""
    sample = ArticleDraft(
        guid="warm-up",
        headline="Bundesregierung berät in Berlin",
        format="page",
        body="<p>Die Ministerin Anna Schmidt sprach am Montag in Berlin über den Haushalt.</p>",
    )
    analyse_input(AnalysisInput(draft=sample, source_ressort="", language=None))

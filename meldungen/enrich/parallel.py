"""A process pool for the pure, CPU-bound part of enrichment (``pipeline.analyse``).

The pool is started lazily, by whichever process first needs it, with the fork start method:
the workers share the models the parent has loaded (copy-on-write) and start in milliseconds.
A pool inherited through a fork (gunicorn forks its workers from a master) is never used: each
process starts its own. Workers run only pure code; they never touch the database, so the
parent's database connections, which they inherit, stay untouched. The pool is shut down at
exit.

Anything that goes wrong with the pool (it cannot start, a worker dies, an answer takes too
long) is logged and the caller computes in its own process: no item is lost to the pool.

``MELDUNGEN_ENRICH_WORKERS``: the number of worker processes (default: the usable cores);
``0`` or ``1`` computes everything in the calling process. No Django here.

A process uses the pool only after ``pool.allow()``: ``meldungen ingest`` (one thread, a long
import) calls it. Web and worker processes run threads, and forking a process while another of
its threads holds a lock can leave the child stuck: they enrich in their own process.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

log = logging.getLogger("meldungen.enrich")

ENV = "MELDUNGEN_ENRICH_WORKERS"
MIN_BATCH = 8  # fewer analyses than this are computed in the calling process
RESULT_TIMEOUT = 300.0  # seconds for one answer before the pool counts as broken


def worker_count() -> int:
    """Worker processes to use: ``MELDUNGEN_ENRICH_WORKERS``, else the usable cores."""
    raw = os.environ.get(ENV, "").strip()
    if raw:
        try:
            return max(int(raw), 0)
        except ValueError:
            log.warning("%s=%r is no number; using the number of cores", ENV, raw)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Pool:
    """One lazily started ``ProcessPoolExecutor`` per process (see the module's docstring)."""

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._pid = 0  # the process that started ``_executor``
        self._workers = 0
        self._lock = threading.Lock()
        self.allowed = False  # see allow()

    def allow(self) -> None:
        """Let this process start a pool (a single-threaded command: see the module's text).

        Such a command is a long batch import that allocates many short-lived objects: the
        garbage collector's youngest generation is collected every 10,000 allocations instead
        of every 700 (Python's default), which costs no memory that matters here."""
        self.allowed = True
        gc.set_threshold(10_000, *gc.get_threshold()[1:])

    def usable(self) -> bool:
        """Whether this process may use a pool of more than one worker (else callers need not
        prepare work for it)."""
        return self.allowed and worker_count() > 1

    def _get(self, warm: Callable[[], None] | None) -> ProcessPoolExecutor | None:
        if not self.usable():
            self.shutdown()
            return None
        workers = worker_count()
        if self._pid != os.getpid():  # inherited through a fork: not ours to use or stop
            self._executor = None
        elif self._executor is not None and self._workers != workers:
            self.shutdown()
        if self._executor is None:
            if warm is not None:
                warm()  # load the models here, so the workers share them
            # The loaded models are millions of objects that live as long as the process: the
            # garbage collector stops walking them (here and in the workers, whose copies of
            # them then stay shared pages). Python's documentation advises it before a fork.
            gc.freeze()
            self._executor = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start
            )
            self._pid, self._workers = os.getpid(), workers
        return self._executor

    def submit(
        self, fn: Callable[[Any], Any], args: Iterable[Any], warm: Callable[[], None] | None = None
    ) -> list[Future] | None:
        """``fn(arg)`` for each arg in the pool, or None: compute them in this process."""
        args = list(args)
        with self._lock:
            try:
                executor = self._get(warm)
                if executor is None:
                    return None
                return [executor.submit(fn, arg) for arg in args]
            except Exception as exc:  # cannot fork, a broken pool, shut down
                log.warning("enrichment pool unavailable (%s: %s)", type(exc).__name__, exc)
                self._discard()
                return None

    def result(self, future: Future | None, fn: Callable[[Any], Any], arg: Any) -> Any:
        """The future's result, or ``fn(arg)`` computed here when the pool failed it. An error
        of ``fn`` itself is raised as it would be in this process (computed here again)."""
        if future is not None:
            try:
                return future.result(timeout=RESULT_TIMEOUT)
            except Exception as exc:
                broken = not future.done() or _broken(exc)
                with self._lock:
                    first = not broken or self._executor is not None  # once per broken pool
                    if broken:
                        self._discard()
                (log.warning if first else log.debug)(
                    "enrichment pool failed (%s: %s); computing in this process",
                    type(exc).__name__,
                    exc,
                )
        return fn(arg)

    def _discard(self) -> None:
        """Stop a pool that failed: its workers are ended, the next call starts a new one."""
        executor, self._executor = self._executor, None
        if executor is None or self._pid != os.getpid():
            return
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):  # already gone
                process.terminate()
        executor.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None and self._pid == os.getpid():
            executor.shutdown(wait=True, cancel_futures=True)


WORKER_NICENESS = 10  # the process that waits for the workers writes: it goes first


def _worker_start() -> None:
    """In each worker: a lower CPU priority than the process it works for, whose database
    writes are the ingest's critical path (the workers analyse the next batch meanwhile)."""
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)


def _broken(exc: BaseException) -> bool:
    from concurrent.futures.process import BrokenProcessPool

    return isinstance(exc, BrokenProcessPool | TimeoutError)


pool = Pool()
atexit.register(pool.shutdown)

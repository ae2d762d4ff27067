"""The search stemmer under a threaded server: threads stemming at once get the same stems as
one thread (a shared Snowball stemmer mixed their words up and raised IndexError)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from meldungen.search import text

WORDS = [
    f"{head}{tail}"
    for head in ("verhandlung", "bundes", "klima", "atom", "gericht", "schul", "bahn")
    for tail in ("en", "ungen", "programme", "streiks", "politikern", "s", "lichkeiten")
]


def _stems(offset: int) -> list[str]:
    words = [f"{w}{offset}x{i}" for i, w in enumerate(WORDS * 20)]  # uncached words
    return [text.stem.__wrapped__(w) for w in words]


def test_threads_stemming_at_once_get_the_stems_of_one_thread():
    expected = {n: _stems(n) for n in range(8)}
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            got = dict(zip(range(8), pool.map(_stems, range(8)), strict=True))
            assert got == expected

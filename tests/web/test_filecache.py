"""The default file cache stays bounded without listing its directory on every write."""

from __future__ import annotations

import random

from meldungen.web.filecache import CHECK_EVERY, SampledCullFileCache


def test_the_file_cache_culls_but_lists_its_directory_rarely(tmp_path, monkeypatch):
    random.seed(7)
    cache = SampledCullFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50}})
    listings = 0
    original = SampledCullFileCache._list_cache_files

    def counting(self):
        nonlocal listings
        listings += 1
        return original(self)

    monkeypatch.setattr(SampledCullFileCache, "_list_cache_files", counting)
    writes = 2000
    for i in range(writes):
        cache.set(f"page-{i}", "x" * 10)
    assert listings < writes / 10  # Django's own lists the directory on every write
    stored = len(list(tmp_path.glob("*.djcache")))
    assert 0 < stored <= 50 + 8 * CHECK_EVERY  # bounded: culled again at the next check


def test_set_many_writes_what_get_reads_and_stays_bounded(tmp_path, monkeypatch):
    """The page cache bumps hundreds of tags with one set_many: each key reads back with its
    own value and Django's expiry, no temporary file is left, and the size is checked."""
    random.seed(3)
    cache = SampledCullFileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 100}})
    stamp = 1234.5
    data = {f"pc:t:topic:{i}": stamp for i in range(60)}
    data["other"] = {"nested": [1, 2]}
    assert cache.set_many(data, timeout=None) == []
    assert cache.get_many(list(data)) == data
    assert cache.get("pc:t:topic:7") == stamp
    cache.set_many({"short": 1}, timeout=-1)  # already expired: Django's expiry is written
    assert cache.get("short", "gone") == "gone"
    cache.set_many({"pc:t:topic:7": 99.0})  # a second write replaces the file
    assert cache.get("pc:t:topic:7") == 99.0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".djcache")) == []
    for start in range(0, 3000, 300):  # far more keys than MAX_ENTRIES, in large calls
        cache.set_many({f"k{i}": i for i in range(start, start + 300)})
    assert len(list(tmp_path.glob("*.djcache"))) <= 100 + 300


def test_keys_written_together_stay_independent(tmp_path, monkeypatch):
    """set_many may let keys of one value share their bytes: touching or rewriting one of them
    changes only that one; without hard links each key gets a file of its own."""
    import os

    cache = SampledCullFileCache(str(tmp_path), {})
    cache.set_many({"a": 5.0, "b": 5.0, "c": 5.0}, timeout=None)
    assert cache.touch("a", timeout=-1)  # expires a at once
    assert cache.get("a") is None and cache.get("b") == 5.0 and cache.get("c") == 5.0
    cache.set("b", 6.0)
    assert cache.get("b") == 6.0 and cache.get("c") == 5.0

    def no_links(src, dst):
        raise OSError("no hard links on this file system")

    monkeypatch.setattr(os, "link", no_links)
    cache.set_many({"x": "eins", "y": "eins", "z": 3})
    assert cache.get_many(["x", "y", "z"]) == {"x": "eins", "y": "eins", "z": 3}
    assert all(p.name.endswith(".djcache") for p in tmp_path.iterdir())

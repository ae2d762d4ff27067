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

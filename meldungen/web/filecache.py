"""Django's file cache, without a directory listing on every write.

``FileBasedCache`` lists its whole directory on each ``set`` to decide whether to cull, so a
write costs time in proportion to the number of cached pages and tags (profiled: most of the
CPU of ingesting into a filled portal went to the page cache's tag bumps). Checking on one
write in ``CHECK_EVERY`` keeps the cache bounded (it may overshoot ``MAX_ENTRIES`` by at most
that many writes before the next check culls it) at a fraction of the cost.
"""

from __future__ import annotations

import random

from django.core.cache.backends.filebased import FileBasedCache

CHECK_EVERY = 64


class SampledCullFileCache(FileBasedCache):
    def _cull(self) -> None:
        if random.random() * CHECK_EVERY < 1:
            super()._cull()

"""Django's file cache, without a directory listing on every write, and with a cheap
``set_many``.

``FileBasedCache`` lists its whole directory on each ``set`` to decide whether to cull, so a
write costs time in proportion to the number of cached pages and tags (profiled: most of the
CPU of ingesting into a filled portal went to the page cache's tag bumps). Checking on one
write in ``CHECK_EVERY`` keeps the cache bounded (it may overshoot ``MAX_ENTRIES`` by at most
that many writes before the next check culls it) at a fraction of the cost.

``set_many`` is what a batch of ingest calls to bump the page cache's tags (hundreds of keys,
one value): it checks the size once for the whole call (as likely as that many single writes
would, making room for all of them), serialises each distinct value once, and writes each
key's file with a plain create-write-rename (the file format and the atomic replacement are
Django's; only ``mkstemp``'s random names and the per-key directory and size checks are gone).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import random
import threading
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

CHECK_EVERY = 64
_counter = itertools.count()
_TOKEN = os.urandom(4).hex()  # temporary names of a killed process never collide


class SampledCullFileCache(FileBasedCache):
    def _cull(self) -> None:
        if random.random() * CHECK_EVERY < 1:
            super()._cull()

    def _make_room(self, n: int) -> None:
        """Django's cull (a random ``1 / CULL_FREQUENCY`` of the entries once there are
        ``MAX_ENTRIES``), counting the ``n`` files about to be written, and at least enough that
        they fit: large writes do not push the cache past its bound."""
        files = self._list_cache_files()
        if len(files) + n < self._max_entries:
            return
        if self._cull_frequency == 0:
            self.clear()
            return
        drop = max(len(files) // self._cull_frequency, len(files) + n - self._max_entries)
        for fname in random.sample(files, min(drop, len(files))):
            self._delete(fname)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        self._createdir()  # the directory can be deleted at any time
        if random.random() * CHECK_EVERY < len(data):  # as likely as len(data) single writes
            self._make_room(len(data))
        expiry = pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol)
        blobs: dict[int, bytes] = {}  # id(value) -> file content; values live in ``data``
        tag = f"{os.getpid()}-{_TOKEN}-{threading.get_ident()}"
        for key, value in data.items():
            blob = blobs.get(id(value))
            if blob is None:
                blob = expiry + zlib.compress(pickle.dumps(value, self.pickle_protocol))
                blobs[id(value)] = blob
            fname = self._key_to_file(key, version)
            tmp = os.path.join(self._dir, f".tmp-{tag}-{next(_counter)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with open(fd, "wb") as f:
                    f.write(blob)
                os.replace(tmp, fname)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(tmp)
                raise
        return []

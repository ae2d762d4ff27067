"""Django's file cache, without a directory listing on every write, and with a cheap
``set_many``.

``FileBasedCache`` lists its whole directory on each ``set`` to decide whether to cull, so a
write costs time in proportion to the number of cached pages and tags (profiled: most of the
CPU of ingesting into a filled portal went to the page cache's tag bumps). Checking on one
write in ``CHECK_EVERY`` keeps the cache bounded (it may overshoot ``MAX_ENTRIES`` by at most
that many writes before the next check culls it) at a fraction of the cost.

``set_many`` is what a batch of ingest calls to bump the page cache's tags (hundreds of keys,
one value): it checks the size once for the whole call (as likely as that many single writes
would, making room for all of them), writes each distinct value to one file, and gives each
key a hard link to it, renamed into place (Django's file format and atomic replacement; on
ext4 a link costs a tenth of creating a file, which was most of a bump's time). Files are
never changed in place, except by ``touch``, which first gives a shared file its own copy.
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
        sources: dict[int, str] = {}  # id(value) -> a file holding it; values live in ``data``
        try:
            for key, value in data.items():
                source = sources.get(id(value))
                if source is None:
                    content = expiry + zlib.compress(pickle.dumps(value, self.pickle_protocol))
                    source = sources[id(value)] = self._temp_file(content)
                tmp = self._temp_name()
                try:
                    os.link(source, tmp)  # one more name for the same bytes: no new file
                except OSError:  # no hard links here (or too many): a file of its own
                    with open(source, "rb") as f:
                        tmp = self._temp_file(f.read())
                self._replace(tmp, self._key_to_file(key, version))
        finally:
            for source in sources.values():
                with contextlib.suppress(FileNotFoundError):
                    os.remove(source)
        return []

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        """Django's touch rewrites the file in place: a file ``set_many`` shares with other
        keys is first given its own copy."""
        fname = self._key_to_file(key, version)
        try:
            shared = os.stat(fname).st_nlink > 1
        except FileNotFoundError:
            return False
        if shared:
            with open(fname, "rb") as f:
                tmp = self._temp_file(f.read())
            self._replace(tmp, fname)
        return super().touch(key, timeout, version)

    def _temp_name(self) -> str:
        name = f".tmp-{os.getpid()}-{_TOKEN}-{threading.get_ident()}-{next(_counter)}"
        return os.path.join(self._dir, name)

    def _temp_file(self, content: bytes) -> str:
        tmp = self._temp_name()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with open(fd, "wb") as f:
                f.write(content)
        except BaseException:
            self._remove(tmp)
            raise
        return tmp

    def _replace(self, tmp: str, fname: str) -> None:
        try:
            os.replace(tmp, fname)  # atomic: a reader sees the old file or the new one
        except BaseException:
            self._remove(tmp)
            raise

    @staticmethod
    def _remove(path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)

"""Loaded forms of the models and dictionaries, kept on disk so that a process starts fast.

Each process that enriches articles first reads the NER lexicon (a 3 MB gzipped JSON),
simplemma's German dictionary (1.1 million front-coded forms) and py3langid's model (an
LZMA-compressed npz). Decoding them took 0.63, 0.69 and 0.36 CPU seconds of every
`meldungen ingest`, worker and web process; unpickling what they decode to takes 0.25, 0.23
and 0.05 s. `loaded` keeps that pickle in a cache folder and reads it instead, as long as the
files it was made from are unchanged.

joblib.Memory does the same but took 1.6 s to load simplemma's dictionary (its hashing and
pickler), slower than decoding it again; hence this small module.

The folder is ``MELDUNGEN_MODEL_CACHE`` (``off`` or ``0``: no cache, everything is decoded
every time), else ``$XDG_CACHE_HOME/meldungen`` (``~/.cache/meldungen``). A cache file's name
holds a hash of what it was made from: its name, the caller's version string, the Python
version, and the path, size and modification time of each source file: the data files and the
module that defines ``build`` (a changed decoder never meets an old pickle). A file is read only
when it belongs to this user and no one else may write it or its folder. Anything that goes
wrong with the cache (a folder that cannot be written, a truncated or foreign file) is logged
and the value decoded from its sources: the cache can only make a start faster, never change
what is loaded. Files are written under a temporary name and renamed, so processes starting
together never read a half-written file; older cache files of the same name are removed when a
new one is written.

No Django here: the pure core (text, enrich) uses it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

log = logging.getLogger("meldungen.loadcache")

ENV = "MELDUNGEN_MODEL_CACHE"
FORMAT = 1  # bump when what this module writes changes

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    raw = os.environ.get(ENV, "").strip()
    if raw.lower() in ("0", "off", "no", "false"):
        return None
    if raw:
        return Path(raw)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "meldungen"


def _key(name: str, sources: Sequence[Path], version: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{name}\0{version}\0{sys.version}\0".encode())
    for source in sources:
        st = Path(source).stat()
        digest.update(f"{Path(source).resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:20]


def _trusted(st: os.stat_result) -> bool:
    """Owned by this user, writable by no one else (a file or the folder that holds it)."""
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path) -> tuple[bool, object]:
    try:
        with open(path, "rb") as fh:
            if not (_trusted(os.fstat(fh.fileno())) and _trusted(path.parent.stat())):
                log.warning("model cache %s is not this user's alone; not read", path)
                return False, None
            return True, pickle.load(fh)
    except FileNotFoundError:
        return False, None
    except Exception as exc:  # a truncated or foreign file: decode from the sources instead
        log.warning("model cache %s unreadable (%s); decoding the sources", path, exc)
        return False, None


def _write(folder: Path, name: str, path: Path, value: object) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError) as exc:
        log.warning("model cache %s not written (%s)", path, exc)


def loaded(name: str, sources: Sequence[Path], build: Callable[[], T], version: str = "") -> T:
    """``build()``, or what it returned before for the same unchanged ``sources`` (see the
    module's text). ``name`` names the cache file (letters, digits, ``-`` and ``_``);
    ``version`` adds what the sources do not show (a library's version, settings)."""
    folder = cache_dir()
    if folder is None:
        return build()
    code = getattr(build, "__code__", None)  # the file that builds it: its code may change
    own = [Path(code.co_filename)] if code is not None and Path(code.co_filename).is_file() else []
    try:
        path = folder / f"{name}-{_key(name, [*sources, *own], version)}.pickle"
    except OSError as exc:  # a source is missing: let build() say so
        log.warning("model cache for %s: %s", name, exc)
        return build()
    found, value = _read(path)
    if found:
        return value  # type: ignore[return-value]
    value = build()
    _write(folder, name, path, value)
    return value

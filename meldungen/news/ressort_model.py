"""The Ressort model trained on this portal's own articles (`meldungen train ressort`), loaded
for enrichment; training itself is in meldungen.training.ressort_store."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings

from meldungen.enrich.ressort import RessortModel, RessortModelError

log = logging.getLogger("meldungen.ressort")
_cache: dict[str, tuple[float, RessortModel]] = {}


def local_model_dir() -> Path:
    return Path(settings.DATA_DIR) / "models" / "ressort"


def load_local_model() -> RessortModel | None:
    """The trained model in the data dir, reloaded when its files change; None if absent."""
    folder = local_model_dir()
    files = list(folder.glob("*")) if folder.is_dir() else []
    if not files:
        return None
    stamp = max(f.stat().st_mtime for f in files)
    cached = _cache.get(str(folder))
    if cached is None or cached[0] != stamp:
        try:
            _cache[str(folder)] = (stamp, RessortModel.load(folder))
        except RessortModelError as exc:  # a broken local model must not stop ingest
            log.warning("%s; using the shipped default", exc)
            return None
    return _cache[str(folder)][1]

"""Background work queued after an item is stored (kept out of the store's own code)."""

from __future__ import annotations

import logging

log = logging.getLogger("meldungen.store")

RELATED_OUTCOMES = ("new", "updated", "withdrawn")  # copies change no list: they are not shown


def schedule_related(outcome: str, article_id: int | None, origin: str) -> None:
    """Queue the stored "Weitere Meldungen" of a new, updated or withdrawn article and of its
    neighbours (``tasks.refresh_related_task``); never fails the batch."""
    if outcome not in RELATED_OUTCOMES or article_id is None:
        return
    from meldungen.tasks import schedule_related as schedule

    try:
        schedule(article_id)
    except Exception as exc:
        log.warning("%s: related lists of #%s not queued: %s", origin, article_id, exc)

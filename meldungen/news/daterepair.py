"""Stored times that no time zone can show, brought into the range the storage boundary keeps.

Since the storage boundary (``ingest/bounds.py``) refuses a publication time within two days
of year 1 or 9999 (it cannot be shown in Berlin time: 9999-12-31T23:59Z is 10000-01-01 there),
no new item brings one. Rows stored before that, or written straight into the database, made
every page that showed them answer 500 (home, the article, search, sitemaps, Ressort, topic
and story pages, the API's article). ``repair_dates`` moves them, by the boundary's own rules:

- an ``updated`` out of range is dropped (the boundary drops it too);
- an ``embargo`` out of range becomes the last time that can be shown (held back, as the
  boundary holds it);
- every other time (``published``, the story index's copies of it, the bookkeeping times) is
  moved to the nearest time that can be shown: ``bounds.DATE_MIN`` or ``bounds.DATE_MAX``.

Migration 0014 runs it once on upgrade; ``meldungen repair_dates`` runs it again for rows
written by hand later.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from meldungen.ingest.bounds import DATE_MAX, DATE_MIN

DROPPED = {("news", "article", "updated")}
HELD = {("news", "article", "embargo")}


def _key(model, field) -> tuple[str, str, str]:
    return (model._meta.app_label, model._meta.model_name, field.name)


def repair_dates(model_list: Iterable[type[models.Model]], dry_run: bool = False) -> dict:
    """Repair the out-of-range times of ``model_list`` (the models of an app, or the
    historical ones of a migration); returns {"app.model.field": rows} of what it changed
    (or would change, with ``dry_run``)."""
    changed: dict[str, int] = {}
    for model in model_list:
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateTimeField):
                continue
            key = _key(model, field)
            rows = 0
            for lookup, bound in (("lt", DATE_MIN), ("gt", DATE_MAX)):
                if key in DROPPED:
                    value = None
                elif key in HELD:
                    value = DATE_MAX
                else:
                    value = bound
                found = model._base_manager.filter(**{f"{field.name}__{lookup}": bound})
                rows += found.count() if dry_run else found.update(**{field.name: value})
            if rows:
                changed[".".join(key)] = rows
    return changed

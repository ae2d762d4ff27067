"""Many rows with one prepared statement each (``executemany``): what a batch of ingest writes.

Django's ``bulk_create`` and ``bulk_update`` build a model instance, or a CASE expression, for
every row and value; for the thousands of index rows of one batch that costs more than the
database's own work. These helpers prepare each value through its model field (JSON, binary,
dates, as Django would) and leave the rest to the driver. No signals are sent (as with the bulk
methods).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(f) for f in fields]


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT rows of plain values (in the order of ``fields``); every other column gets its
    field's default, as a saved instance would (an auto primary key is left to the database)."""
    cols = _columns(model, fields)
    named = {c.attname for c in cols}
    rest = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in named and not (f.primary_key and isinstance(f, models.AutoField))
    ]
    params = [
        [c.get_db_prep_save(v, connection) for c, v in zip(cols, row, strict=True)]
        + [f.get_db_prep_save(f.get_default(), connection) for f in rest]
        for row in rows
    ]
    if not params:
        return
    qn = connection.ops.quote_name
    names = ", ".join(qn(c.column) for c in [*cols, *rest])
    marks = ", ".join(["%s"] * (len(cols) + len(rest)))
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", params)


def update_rows(
    model: type[models.Model], fields: Sequence[str], objs: Iterable[models.Model]
) -> None:
    """UPDATE ``fields`` of saved instances by primary key."""
    cols = _columns(model, fields)
    pk = model._meta.pk
    params = [
        [c.get_db_prep_save(getattr(o, c.attname), connection) for c in cols]
        + [pk.get_db_prep_save(o.pk, connection)]
        for o in objs
    ]
    if not params:
        return
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(c.column)} = %s" for c in cols)
    sql = f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def add_counts(model: type[models.Model], key: str, count: str, counts: dict) -> None:
    """Add ``counts`` (key value -> increment) to a counter column, inserting missing keys:
    one upsert statement (``ON CONFLICT``, SQLite and PostgreSQL alike)."""
    if not counts:
        return
    qn = connection.ops.quote_name
    table, k, c = qn(model._meta.db_table), qn(key), qn(count)
    sql = (
        f"INSERT INTO {table} ({k}, {c}) VALUES (%s, %s)"
        f" ON CONFLICT ({k}) DO UPDATE SET {c} = {table}.{c} + excluded.{c}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(counts.items()))

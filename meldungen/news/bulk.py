"""Many rows at once: what a batch of ingest writes (SQLite: one prepared statement per row with
``executemany``; PostgreSQL: one statement whose rows are ``unnest`` of one array per column).

Django's ``bulk_create`` and ``bulk_update`` build a model instance, or a CASE expression, for
every row and value; for the thousands of index rows of one batch that costs more than the
database's own work. These helpers prepare each value through its model field (JSON, binary,
dates, as Django would) and leave the rest to the driver. No signals are sent (as with the bulk
methods).

Preparing is done once per column, not once per value: ``preparer`` gives, for the values a
batch writes (ints, strings, floats, booleans of Django's own field classes), exactly what
``get_db_prep_save`` gives without its chain of calls, asks the field itself for anything else
(JSON, binary, ``None``, a subclass that prepares its own way), and prepares each distinct
timestamp once; a column's constant default is prepared once per statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin, Field


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[models.Field]:
    return [model._meta.get_field(f) for f in fields]


def preparer(field: models.Field) -> Callable[[Any], Any]:
    """A function of one value giving ``field.get_db_prep_save(value, connection)``."""
    slow = field.get_db_prep_save
    ops = connection.ops
    target, relation = field, False
    if isinstance(field, models.ForeignKey):
        if type(field).get_db_prep_save is not models.ForeignKey.get_db_prep_save:
            return lambda v: slow(v, connection)
        target, relation = field.target_field, True  # None and "" are the relation's own
    cls = type(target)
    plain = cls.get_db_prep_save is Field.get_db_prep_save

    if plain and isinstance(target, models.IntegerField):
        if cls.get_prep_value is not models.IntegerField.get_prep_value:
            return lambda v: slow(v, connection)
        if cls.get_db_prep_value is models.IntegerField.get_db_prep_value:
            adapt, internal = ops.adapt_integerfield_value, target.get_internal_type()
            return lambda v: adapt(v, internal) if type(v) is int else slow(v, connection)
        if cls.get_db_prep_value is AutoFieldMixin.get_db_prep_value:
            check = ops.validate_autopk_value
            return lambda v: check(v) if type(v) is int else slow(v, connection)
        return lambda v: slow(v, connection)
    same = None  # the one Python type this field passes through unchanged
    if plain and cls.get_db_prep_value is Field.get_db_prep_value:
        same = {
            models.CharField.get_prep_value: str,
            models.TextField.get_prep_value: str,
            models.FloatField.get_prep_value: float,
            models.BooleanField.get_prep_value: bool,
        }.get(cls.get_prep_value)
    if same is str and relation:  # "" may stand for no relation
        return lambda v: v if type(v) is str and v else slow(v, connection)
    if same is not None:
        return lambda v: v if type(v) is same else slow(v, connection)
    if (
        plain
        and cls.get_prep_value is models.DateTimeField.get_prep_value
        and cls.get_db_prep_value is models.DateTimeField.get_db_prep_value
    ):
        seen: dict[tuple, Any] = {}  # one batch's rows share few timestamps

        def prepare_datetime(v):
            if type(v) is not datetime or v.tzinfo is None:
                return slow(v, connection)
            key = (v, v.utcoffset())
            if key not in seen:
                seen[key] = slow(v, connection)
            return seen[key]

        return prepare_datetime
    return lambda v: slow(v, connection)


def _default(field: models.Field) -> Callable[[], Any]:
    """The prepared default of a column a statement does not name (a callable default, such
    as the time now, is called for each row, as a saved instance would)."""
    if field.has_default() and callable(field.default):
        return lambda: field.get_db_prep_save(field.get_default(), connection)
    value = field.get_db_prep_save(field.get_default(), connection)
    return lambda: value


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
    preps = [preparer(c) for c in cols]
    defaults = [_default(f) for f in rest]
    params = [
        [prep(v) for prep, v in zip(preps, row, strict=True)] + [d() for d in defaults]
        for row in rows
    ]
    if not params:
        return
    qn = connection.ops.quote_name
    names = ", ".join(qn(c.column) for c in [*cols, *rest])
    table = qn(model._meta.db_table)
    _insert(f"INSERT INTO {table} ({names})", [*cols, *rest], params)


def update_rows(
    model: type[models.Model],
    fields: Sequence[str],
    objs: Iterable[models.Model],
    before: Mapping[Any, Sequence] | None = None,
) -> None:
    """UPDATE ``fields`` of saved instances by primary key. ``before``: what is stored of
    ``fields`` (in their order) by primary key: only the fields that changed are written, the
    objects grouped by which those are (a JSON value, list or dict, counts as unchanged only
    when it is the very object that was stored; it could be equal and differently ordered)."""
    cols = _columns(model, fields)
    groups: dict[tuple[int, ...], list[models.Model]] = {}
    for o in objs:
        old = before.get(o.pk) if before is not None else None
        if old is None:
            changed = tuple(range(len(cols)))
        else:
            changed = tuple(
                n
                for n, (c, was) in enumerate(zip(cols, old, strict=True))
                if not _same(getattr(o, c.attname), was)
            )
        if changed:
            groups.setdefault(changed, []).append(o)
    pk = model._meta.pk
    prep_pk = preparer(pk)
    qn = connection.ops.quote_name
    for changed, group in groups.items():
        some = [cols[n] for n in changed]
        preps = [(preparer(c), c.attname) for c in some]
        params = [[prep(getattr(o, a)) for prep, a in preps] + [prep_pk(o.pk)] for o in group]
        sets = ", ".join(f"{qn(c.column)} = %s" for c in some)
        sql = f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(pk.column)} = %s"
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _same(value: Any, was: Any) -> bool:
    if value is was:
        return True
    if isinstance(value, (dict, list)) or isinstance(was, (dict, list)):
        return False
    return type(value) is type(was) and value == was


def add_counts(model: type[models.Model], key: str, count: str, counts: dict) -> None:
    """Add ``counts`` (key value -> increment) to a counter column, inserting missing keys:
    one upsert statement (``ON CONFLICT``, SQLite and PostgreSQL alike)."""
    if not counts:
        return
    qn = connection.ops.quote_name
    table, k, c = qn(model._meta.db_table), qn(key), qn(count)
    _insert(
        f"INSERT INTO {table} ({k}, {c})",
        _columns(model, [key, count]),
        list(counts.items()),
        f" ON CONFLICT ({k}) DO UPDATE SET {c} = {table}.{c} + excluded.{c}",
    )


# Column types ``unnest`` takes as arrays cheaply; rows with JSON or binary values are sent as a
# ``VALUES`` list (an array of them costs the client more to encode than it saves the server).
ARRAY_TYPES = {"bigint", "integer", "smallint", "varchar", "text", "boolean", "double precision"}
ARRAY_TYPES.add("timestamp with time zone")
# Parameters of one ``VALUES`` statement on PostgreSQL (its protocol allows 65,535); rows of
# one ``unnest`` statement.
MAX_PARAMS = 30_000
MAX_ROWS = 20_000


def _array_type(field: models.Field) -> str | None:
    """The PostgreSQL array type of a column's values, without a length (``varchar(64)`` ->
    ``varchar[]``: the INSERT checks the length, as it checks a plain parameter's); None for
    a type not in ``ARRAY_TYPES``."""
    base = re.sub(r"\(.*\)", "", field.cast_db_type(connection))
    return f"{base}[]" if base in ARRAY_TYPES else None


def _insert(
    head: str, cols: Sequence[models.Field], params: list[Sequence], tail: str = ""
) -> None:
    """``head`` with the rows of ``params`` (values of ``cols``), then ``tail``. SQLite runs one
    prepared statement per row (``executemany``, a loop in C, no round trips). PostgreSQL gets
    one statement for many rows: one statement per row cost the server a parse, plan and
    execute each, most of a batch's write time. Plain columns go as one array parameter each,
    the rows ``unnest`` of them in order (a ``VALUES`` list of thousands of parameters costs
    the server about twice the time to parse and plan); others as ``VALUES (...), (...)``."""
    row = f"({', '.join(['%s'] * len(cols))})"
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or len(params) < 2:
            cursor.executemany(f"{head} VALUES {row}{tail}", params)
            return
        types = [_array_type(c) for c in cols]
        if all(types):
            arrays = ", ".join(f"%s::{t}" for t in types)
            sql = f"{head} SELECT * FROM unnest({arrays}){tail}"
            for start in range(0, len(params), MAX_ROWS):
                chunk = params[start : start + MAX_ROWS]
                cursor.execute(sql, [list(column) for column in zip(*chunk, strict=True)])
            return
        per = max(1, MAX_PARAMS // max(1, len(cols)))
        for start in range(0, len(params), per):
            chunk = params[start : start + per]
            values = ", ".join([row] * len(chunk))
            cursor.execute(f"{head} VALUES {values}{tail}", [v for r in chunk for v in r])


def fresh_row(row: models.Model) -> models.Model:
    """An unsaved copy of a model instance (a retried batch starts from unsaved rows)."""
    fields = type(row)._meta.concrete_fields
    return type(row)(**{f.attname: getattr(row, f.attname) for f in fields if not f.primary_key})


def save_fields(row: models.Model) -> None:
    """``row.save()`` without its signals (a batch sends its own, once)."""
    model = type(row)
    fields = {
        f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if not f.primary_key
    }
    model.objects.filter(pk=row.pk).update(**fields)

"""The group commit's statements, written out once instead of compiled per batch.

A batch of chat lines runs the same four statements again and again with only
the number of rows changing. Through the ORM each one was compiled anew, and a
statement with hundreds of placeholders was parsed anew by psycopg and by
PostgreSQL; together that cost more CPU than storing the lines. Here the
selects are cached per size, and on PostgreSQL the rows of an insert or update
travel as one array per column (``UNNEST``), so the statement's text does not
grow with the batch and is parsed once. Other databases get portable SQL.
"""

import functools
from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Field, Model
from django.db.models.query import RawQuerySet

AnyField: TypeAlias = "Field[Any, Any]"
M = TypeVar("M", bound=Model)


def _field(model: type[Model], name: str) -> AnyField:
    """A concrete field of ``model`` (every name passed here is one)."""
    return cast(AnyField, model._meta.get_field(name))


def _column(field: AnyField) -> str:
    """The field's quoted column name."""
    return _quote(str(field.column))


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _database() -> Any:
    """The connection itself, not the proxy: a lookup through it per value adds up."""
    return connections[DEFAULT_DB_ALIAS]


def _unnests_arrays() -> bool:
    return connection.vendor == "postgresql"


def _array_type(field: AnyField) -> str:
    """The column's array type, without a length (``varchar(64)`` would truncate)."""
    return str(field.db_type(connection)).split("(")[0] + "[]"


@functools.lru_cache(maxsize=256)
def _select_sql(model: type[Model], count: int, lock: bool) -> str:
    """Every column of the rows of ``model`` whose primary key is in a list of ``count``
    values (``%s`` placeholders), in primary-key order; with ``lock``, row-locked where
    the database has row locks."""
    meta = model._meta
    columns = ", ".join(_column(field) for field in meta.concrete_fields)
    key = _column(meta.pk)
    placeholders = ", ".join(["%s"] * count)
    sql = (
        f"SELECT {columns} FROM {_quote(meta.db_table)} "  # noqa: S608
        f"WHERE {key} IN ({placeholders}) ORDER BY {key}"
    )
    if lock and connection.features.has_select_for_update:
        sql += " " + connection.ops.for_update_sql()
    return sql


def _rows(model: type[M], keys: Sequence[object], lock: bool) -> RawQuerySet[M]:
    database = _database()
    params = [model._meta.pk.get_db_prep_value(key, database) for key in keys]
    return model._default_manager.raw(_select_sql(model, len(keys), lock), params)


def locked_rows(model: type[M], keys: Sequence[object]) -> RawQuerySet[M]:
    """The rows of ``model`` with these primary keys (a non-empty list), locked in
    primary-key order, so that two writers locking overlapping rows cannot deadlock."""
    return _rows(model, keys, lock=True)


def rows_by_key(model: type[M], keys: Sequence[object]) -> RawQuerySet[M]:
    """The rows of ``model`` with these primary keys (a non-empty list), not locked: rows
    guarded by a lock the caller already holds on the rows they belong to, read in a
    statement of their own after that lock, so that they are as that lock's holder left
    them (a statement joined to the locking one would read them from before the wait)."""
    return _rows(model, keys, lock=False)


def select_rows(model: type[M], names: Sequence[str], rows: Iterable[Sequence[object]]) -> list[M]:
    """The rows of ``model`` whose fields (by name, in order) hold one of the given
    tuples of values.

    The tuples are joined to the table (on PostgreSQL as one array per field, so
    the statement's text does not grow with their number), and the planner then
    probes an index on those fields once per tuple, whatever its statistics say.
    With an ``IN`` list per field, a table grown since its last ``ANALYZE`` got a
    plan that read every row of the conversations named, on both databases.
    """
    wanted = list(dict.fromkeys(map(tuple, rows)))
    if not wanted:
        return []
    database = _database()
    fields = [_field(model, name) for name in names]
    if _unnests_arrays():
        sql = _unnest_join_sql(model, tuple(names))
        params: list[object] = [
            [field.get_db_prep_value(row[n], database) for row in wanted]
            for n, field in enumerate(fields)
        ]
    else:
        sql = _values_join_sql(model, tuple(names), len(wanted))
        params = [
            field.get_db_prep_value(value, database)
            for row in wanted
            for field, value in zip(fields, row, strict=True)
        ]
    return list(model._default_manager.raw(sql, params))


def _array_placeholders(fields: Sequence[AnyField]) -> str:
    """One ``%s`` per field, cast to the field's array type (one array per column)."""
    return ", ".join(f"%s::{_array_type(field)}" for field in fields)


def _columns_and_matches(model: type[Model], names: tuple[str, ...]) -> tuple[str, str]:
    """The table's columns, and the conditions matching ``names`` to a row of ``wanted``."""
    meta = model._meta
    table = _quote(meta.db_table)
    columns = ", ".join(f"{table}.{_column(field)}" for field in meta.concrete_fields)
    matches = " AND ".join(
        f"{table}.{_quote(column)} = wanted.{_quote(column)}"
        for column in (_field(model, name).column for name in names)
    )
    return columns, matches


@functools.cache
def _unnest_join_sql(model: type[Model], names: tuple[str, ...]) -> str:
    """One index probe per tuple, as a lateral subquery the planner may not merge into a
    join (``OFFSET 0``): with statistics taken when the table was small, a join was
    planned as a scan of the whole table."""
    fields = [_field(model, name) for name in names]
    arrays = _array_placeholders(fields)
    aliases = ", ".join(_column(field) for field in fields)
    columns, matches = _columns_and_matches(model, names)
    return (
        f"SELECT found.* FROM UNNEST({arrays}) AS wanted({aliases}) "  # noqa: S608
        f"CROSS JOIN LATERAL (SELECT {columns} FROM {_quote(model._meta.db_table)} "
        f"WHERE {matches} OFFSET 0) AS found"
    )


@functools.lru_cache(maxsize=256)
def _values_join_sql(model: type[Model], names: tuple[str, ...], count: int) -> str:
    aliases = [_quote(_field(model, name).column) for name in names]
    renamed = ", ".join(f"column{n} AS {alias}" for n, alias in enumerate(aliases, 1))
    values = ", ".join(["(" + ", ".join(["%s"] * len(names)) + ")"] * count)
    columns, matches = _columns_and_matches(model, names)
    return (
        f"SELECT {columns} FROM {_quote(model._meta.db_table)} "  # noqa: S608
        f"JOIN (SELECT {renamed} FROM (VALUES {values})) AS wanted ON {matches}"
    )


def insert(model: type[Model], objects: Sequence[Model]) -> None:
    """Inserts ``objects`` in one statement; their primary keys are not read back."""
    if not objects:
        return
    if not _unnests_arrays():
        model._default_manager.bulk_create(objects)
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(model), _columns(fields, objects))


def update(model: type[Model], objects: Sequence[Model], field_names: Sequence[str]) -> None:
    """Saves these fields of ``objects`` (found by primary key) in one statement."""
    if not objects:
        return
    meta = model._meta
    fields = [_field(model, name) for name in field_names]
    keys = [meta.pk.get_db_prep_value(each.pk, _database()) for each in objects]
    columns = _columns(fields, objects)
    params: list[Any]
    if _unnests_arrays():
        sql, params = _update_sql(model, tuple(field_names)), [keys, *columns]
    else:
        sql, params = _case_update(model, fields, keys, columns)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _columns(fields: Sequence[AnyField], objects: Sequence[Model]) -> list[list[object]]:
    database = _database()
    return [
        [field.get_db_prep_save(getattr(each, field.attname), database) for each in objects]
        for field in fields
    ]


@functools.cache
def _insert_sql(model: type[Model]) -> str:
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(_column(field) for field in fields)
    arrays = _array_placeholders(fields)
    return f"INSERT INTO {_quote(model._meta.db_table)} ({columns}) SELECT * FROM UNNEST({arrays})"  # noqa: S608


@functools.cache
def _update_sql(model: type[Model], field_names: tuple[str, ...]) -> str:
    meta = model._meta
    fields = [meta.pk, *(_field(model, name) for name in field_names)]
    aliases = ", ".join(_column(field) for field in fields)
    arrays = _array_placeholders(fields)
    assignments = ", ".join(f"{_column(field)} = batch.{_column(field)}" for field in fields[1:])
    table, key = _quote(meta.db_table), _column(meta.pk)
    return (
        f"UPDATE {table} SET {assignments} FROM UNNEST({arrays}) AS batch({aliases}) "  # noqa: S608
        f"WHERE {table}.{key} = batch.{key}"
    )


def _case_update(
    model: type[Model], fields: Sequence[AnyField], keys: list[object], columns: list[list[object]]
) -> tuple[str, list[Any]]:
    """The portable form: a ``CASE`` on the primary key per field."""
    meta = model._meta
    table, key = _quote(meta.db_table), _column(meta.pk)
    cases = " ".join(["WHEN %s THEN %s"] * len(keys))
    assignments = ", ".join(f"{_column(field)} = CASE {key} {cases} END" for field in fields)
    params: list[Any] = []
    for values in columns:
        for pk, value in zip(keys, values, strict=True):
            params += [pk, value]
    placeholders = ", ".join(["%s"] * len(keys))
    sql = f"UPDATE {table} SET {assignments} WHERE {key} IN ({placeholders})"  # noqa: S608
    return sql, [*params, *keys]

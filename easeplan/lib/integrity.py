"""Which constraint refused a write, so a service answers that refusal in words and lets
any other database error through.

PostgreSQL names the constraint in the error (psycopg's ``diag``). SQLite names a check
constraint or an expression index, and lists the columns of any other unique index; the
columns come from the model's definition of the constraint.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError
from django.db.models import Field, Model, UniqueConstraint


def violates(error: BaseException, model: type[Model], *constraints: str) -> bool:
    """`error` is the database refusing a write to `model` because of one of `constraints`:
    each a name in the model's ``Meta.constraints``, a field with ``unique=True``, or a
    constraint a migration adds in SQL (matched by its name only)."""
    if not isinstance(error, IntegrityError):
        return False
    return any(_violates(error, model, constraint) for constraint in constraints)


def _violates(error: IntegrityError, model: type[Model], constraint: str) -> bool:
    columns = _columns(model, constraint)
    diag = getattr(error.__cause__, "diag", None)
    if diag is not None:  # PostgreSQL
        if constraint in _named(model) or not columns:
            return bool(diag.constraint_name == constraint)
        detail = diag.message_detail or ""
        table: str = model._meta.db_table
        return bool(diag.table_name == table) and detail.startswith(f"Key ({', '.join(columns)})=")
    return str(error) in _sqlite_messages(model, constraint, columns)


def _named(model: type[Model]) -> set[str]:
    return {c.name for c in model._meta.constraints}


def _columns(model: type[Model], constraint: str) -> list[str]:
    """The columns a unique constraint or unique field covers; none for an expression."""
    meta = model._meta
    for found in meta.constraints:
        if found.name == constraint:
            fields = found.fields if isinstance(found, UniqueConstraint) else ()
            return [cast("Field[Any, Any]", meta.get_field(name)).column for name in fields]
    try:
        field = cast("Field[Any, Any]", meta.get_field(constraint))
    except FieldDoesNotExist:
        return []
    if not field.unique:
        raise ValueError(f"{meta.label}.{constraint} is not unique: no constraint to match.")
    return [field.column]


def _sqlite_messages(model: type[Model], constraint: str, columns: list[str]) -> set[str]:
    table = model._meta.db_table
    messages = {
        f"CHECK constraint failed: {constraint}",
        f"UNIQUE constraint failed: index '{constraint}'",
    }
    if columns:
        messages.add("UNIQUE constraint failed: " + ", ".join(f"{table}.{c}" for c in columns))
    return messages

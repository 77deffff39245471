"""Row locks for a service's transaction: load the row again, locked, before checking it.

On PostgreSQL the row stays locked (``SELECT … FOR UPDATE``) until the transaction ends, so
a concurrent change waits and then sees this one's result. SQLite has no row locks; there
the write transaction holds the database, and these are plain reads.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def lock(model: type[M], **lookup: Any) -> M:
    """The one row of `model` matching `lookup`, locked until the transaction ends."""
    found: M = model._default_manager.select_for_update().get(**lookup)
    return found


def refresh_for_update(instance: M) -> M:
    """A fresh copy of `instance`'s row, locked until the transaction ends."""
    return lock(type(instance), pk=instance.pk)

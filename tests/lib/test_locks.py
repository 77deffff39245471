"""A service re-reads the row it checks, locked: one helper, no copies of the query."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import easeplan
from easeplan.lib.locks import lock, refresh_for_update
from easeplan.practice.models import Client

from ..conftest import World


def test_it_reads_the_row_again_as_it_is_now(world: World) -> None:
    Client.objects.filter(pk=world.client.pk).update(first_name="Renamed")
    with transaction.atomic():
        fresh = refresh_for_update(world.client)
    assert fresh.first_name == "Renamed"
    assert fresh is not world.client
    assert world.client.first_name != "Renamed"  # the caller's copy is left alone


def test_it_finds_a_row_by_any_lookup(world: World) -> None:
    with transaction.atomic():
        found = lock(Client, practice=world.other_practice)
    assert found == world.other_client


def test_a_missing_row_is_an_error_not_none(world: World) -> None:
    with pytest.raises(Client.DoesNotExist), transaction.atomic():
        lock(Client, pk=-1)


@pytest.mark.postgresql
def test_on_postgresql_the_row_is_locked_for_the_transaction(world: World) -> None:
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        refresh_for_update(world.client)
    assert [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]


def test_services_lock_rows_through_the_helper() -> None:
    package = Path(easeplan.__file__).parent
    copies = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "select_for_update().get(" in path.read_text() and path.name != "locks.py"
    ]
    assert copies == []

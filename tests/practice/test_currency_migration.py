"""Practices stored before they had a currency get their country's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("practice", "0008_practice_country")]
AFTER = [("practice", "0009_practice_currency")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_each_practice_gets_the_currency_of_its_country() -> None:
    old = migrate(BEFORE)
    Practice = old.get_model("practice", "Practice")
    for slug, country in (("gb", "GB"), ("fr", "FR"), ("ch", "CH")):
        Practice.objects.create(slug=slug, name=slug, email=f"{slug}@example.org", country=country)
    try:
        new = migrate(AFTER)
        currencies = dict(
            new.get_model("practice", "Practice").objects.values_list("slug", "currency")
        )
        assert currencies == {"gb": "GBP", "fr": "EUR", "ch": "CHF"}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

"""Numbers stored before phones were checked are moved to E.164 where they can be read."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("practice", "0007_retention_and_erasure")]
AFTER = [("practice", "0008_practice_country")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_stored_numbers_move_to_e164_and_unreadable_ones_stay_as_they_were() -> None:
    old = migrate(BEFORE)
    Practice = old.get_model("practice", "Practice")
    Client = old.get_model("practice", "Client")
    practice = Practice.objects.create(
        slug="p", name="P", email="p@example.org", phone="0117 496 0321"
    )
    for email, phone in (
        ("a@x.org", "0117 496 0123"),
        ("b@x.org", "ring the shop"),
        ("c@x.org", ""),
    ):
        Client.objects.create(
            practice=practice, first_name="A", last_name="B", email=email, phone=phone
        )
    try:
        new = migrate(AFTER)
        assert new.get_model("practice", "Practice").objects.get().phone == "+441174960321"
        phones = dict(new.get_model("practice", "Client").objects.values_list("email", "phone"))
        assert phones == {"a@x.org": "+441174960123", "b@x.org": "ring the shop", "c@x.org": ""}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

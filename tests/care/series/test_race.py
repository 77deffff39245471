"""Two series racing for one shared time on PostgreSQL: one is booked whole, the other not at all.

Separate connections in separate threads, released at the same moment. The exclusion
constraint makes the second insert of the shared time wait for the first transaction and
then fail; `book_series` turns that into a refusal and its transaction books nothing.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from easeplan.booking.models import Appointment
from easeplan.care.series import services as series

from ...conftest import World
from ...factories import ClientFactory, PlanOfCareFactory, ServiceFactory
from .conftest import MONDAY, NOW, WEEK, at

pytestmark = pytest.mark.postgresql


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_series_sharing_one_time_end_with_one_booked_whole_and_one_not_at_all(
    world: World, round_: int
) -> None:
    service = ServiceFactory(practice=world.practice, duration_minutes=60, buffer_after_minutes=15)
    plans = [
        PlanOfCareFactory(
            practice=world.practice,
            client=ClientFactory(practice=world.practice),
            therapist=world.therapist,
            service=service,
            visits_planned=3,
            starts_on=MONDAY,
        )
        for _ in range(2)
    ]
    shared = at(MONDAY + WEEK, 10)
    wanted = {  # three Mondays each; only the middle one is wanted by both
        plans[0].pk: [at(MONDAY, 10), shared, at(MONDAY + 2 * WEEK, 10)],
        plans[1].pk: [at(MONDAY, 14), shared, at(MONDAY + 2 * WEEK, 14)],
    }
    barrier = threading.Barrier(2)
    results: dict[int, object] = {}
    lock = threading.Lock()

    def attempt(plan) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait(timeout=30)
            try:
                outcome: object = series.book_series(
                    plan, wanted[plan.pk], therapist=world.therapist, service=service,
                    actor=None, staff=True, now=NOW,
                )  # fmt: skip
            except series.SeriesRefused as refused:
                outcome = refused
            with lock:
                results[plan.pk] = outcome
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(results) == 2  # nobody crashed
    booked = [pk for pk, outcome in results.items() if isinstance(outcome, list)]
    refused = [outcome for outcome in results.values() if isinstance(outcome, series.SeriesRefused)]
    assert len(booked) == 1 and len(refused) == 1
    (winner,) = booked
    (loser,) = (plan for plan in plans if plan.pk != winner)
    assert sorted(
        Appointment.objects.filter(plan_id=winner).values_list("starts_at", flat=True)
    ) == [start.astimezone(dt.UTC) for start in wanted[winner]]
    assert not Appointment.objects.filter(plan=loser).exists()
    assert Appointment.objects.filter(starts_at=shared).count() == 1
    assert "just taken" in refused[0].message and refused[0].proposal is not None

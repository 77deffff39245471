"""What the series booking tests share: a Monday in March 2026 in London (`frozen` there),
and a plan of four weekly visits for the world's client with Dana (who works Mondays
9–17)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ...conftest import World
from ...factories import PlanOfCareFactory, ServiceFactory

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 3, 2, 8, tzinfo=LONDON)  # Monday 2 March 2026
MONDAY = dt.date(2026, 3, 9)
WEEK = dt.timedelta(days=7)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def service(world: World):  # type: ignore[no-untyped-def]
    return ServiceFactory(
        practice=world.practice, name="Piriformis treatment", buffer_after_minutes=15
    )


@pytest.fixture
def plan(world: World, service):  # type: ignore[no-untyped-def]
    return PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        service=service,
        visits_planned=4,
        frequency_days=7,
        starts_on=MONDAY,
    )

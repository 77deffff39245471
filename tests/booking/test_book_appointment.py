"""book_appointment: the one way a visit is booked, and why a booking is refused."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from easeplan.accounts.models import AuditEvent
from easeplan.booking import availability, services
from easeplan.booking.models import Appointment

from ..conftest import World
from ..factories import ClientFactory, ServiceFactory, TimeOffFactory, WorkingHoursFactory

LONDON = ZoneInfo("Europe/London")
# Monday 2 March 2026, 08:00 in London; the therapist works Mondays 9:00-17:00.
NOW = dt.datetime(2026, 3, 2, 8, tzinfo=LONDON)
TEN = dt.datetime(2026, 3, 2, 10, tzinfo=LONDON)


@pytest.fixture
def service(world: World):
    return ServiceFactory(practice=world.practice, duration_minutes=60, buffer_after_minutes=15)


def book(world: World, service, start: dt.datetime, **kwargs) -> Appointment:
    kwargs.setdefault("now", NOW)
    return services.book_appointment(
        world.client, world.therapist, service, start, actor=world.client_user, **kwargs
    )


@pytest.mark.django_db
def test_a_free_time_is_booked_with_its_buffer(world: World, service) -> None:
    appointment = book(world, service, TEN)
    assert appointment.starts_at == TEN
    assert appointment.ends_at == TEN + dt.timedelta(minutes=60)
    assert appointment.blocked_until == TEN + dt.timedelta(minutes=75)
    assert AuditEvent.objects.filter(action="booking.appointment.booked").count() == 1
    later = availability.free_times(
        world.therapist, service, TEN - dt.timedelta(hours=1), TEN + dt.timedelta(hours=3), now=NOW
    )
    assert TEN not in later
    assert TEN + dt.timedelta(minutes=75) in later  # right after the buffer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "message"),
    [
        (NOW - dt.timedelta(hours=1), "already passed"),
        (NOW + dt.timedelta(hours=1, minutes=30), "2 hours' notice"),
        (dt.datetime(2026, 3, 2, 18, tzinfo=LONDON), "doesn't work at that time"),
        (dt.datetime(2026, 3, 3, 10, tzinfo=LONDON), "doesn't work at that time"),  # a Tuesday
        (dt.datetime(2026, 3, 2, 10, 7, tzinfo=LONDON), "doesn't work at that time"),  # off-grid
        (dt.datetime(2026, 9, 7, 10, tzinfo=LONDON), "up to 60 days ahead"),
    ],
)
def test_a_bad_time_is_refused_with_a_reason_and_nothing_is_saved(
    world: World, service, start, message
) -> None:
    with pytest.raises(services.BookingRefused) as refused:
        book(world, service, start)
    assert message in refused.value.message
    assert not Appointment.objects.exists()


@pytest.mark.django_db
def test_a_taken_time_offers_the_nearest_free_times(world: World, service) -> None:
    book(world, service, TEN)
    other = ClientFactory(practice=world.practice)
    with pytest.raises(services.SlotTaken) as taken:
        services.book_appointment(
            other, world.therapist, service, TEN + dt.timedelta(minutes=30), actor=None, now=NOW
        )
    assert "just taken" in taken.value.message
    assert taken.value.alternatives
    assert all(
        t >= TEN + dt.timedelta(minutes=75) or t + dt.timedelta(minutes=75) <= TEN
        for t in taken.value.alternatives
    )
    assert Appointment.objects.count() == 1


@pytest.mark.django_db
def test_time_off_is_never_offered(world: World, service) -> None:
    TimeOffFactory(therapist=world.therapist, starts_at=TEN, ends_at=TEN + dt.timedelta(hours=2))
    with pytest.raises(services.SlotTaken):
        book(world, service, TEN)


@pytest.mark.django_db
def test_staff_may_book_at_short_notice_but_never_in_the_past(world: World, service) -> None:
    soon = NOW + dt.timedelta(hours=1)
    assert book(world, service, soon, staff=True).starts_at == soon
    with pytest.raises(services.BookingRefused):
        book(world, service, NOW - dt.timedelta(hours=1), staff=True)


@pytest.mark.django_db
def test_another_practices_service_cannot_be_booked(world: World) -> None:
    foreign = ServiceFactory(practice=world.other_practice)
    with pytest.raises(services.BookingRefused) as refused:
        book(world, foreign, TEN)
    assert "isn't part of this practice" in refused.value.message


@pytest.mark.django_db
def test_a_service_not_bookable_online_is_refused_online_but_staff_may_book_it(
    world: World, service
) -> None:
    service.bookable_online = False
    service.save()
    with pytest.raises(services.BookingRefused):
        book(world, service, TEN)
    assert book(world, service, TEN, staff=True)


@pytest.mark.django_db
def test_dst_the_day_after_the_clocks_change_still_starts_at_nine_local(
    world: World, service
) -> None:
    # Clocks go forward in London on Sunday 29 March 2026; Monday 30 March at 9:00 BST.
    WorkingHoursFactory(therapist=world.therapist, weekday=0)
    monday = dt.datetime(2026, 3, 30, tzinfo=LONDON)
    times = availability.free_times(
        world.therapist, service, monday, monday + dt.timedelta(days=1), now=NOW
    )
    assert times[0].astimezone(LONDON).time() == dt.time(9)
    assert times[0] == dt.datetime(2026, 3, 30, 8, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_twenty_people_racing_for_one_time_get_one_booking(world: World, service) -> None:
    """Separate connections in separate threads, all released at once."""
    clients = [ClientFactory(practice=world.practice) for _ in range(20)]
    barrier = threading.Barrier(len(clients))
    results: list[object] = []
    lock = threading.Lock()

    def attempt(client) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait(timeout=30)
            try:
                outcome: object = services.book_appointment(
                    client, world.therapist, service, TEN, actor=None, now=NOW
                )
            except services.BookingRefused as refused:
                outcome = refused
            with lock:
                results.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert len(results) == 20  # nobody crashed
    booked = [r for r in results if isinstance(r, Appointment)]
    refused = [r for r in results if isinstance(r, services.BookingRefused)]
    assert len(booked) == 1
    assert len(refused) == 19
    assert all(
        isinstance(r, services.SlotTaken)
        and "just taken" in r.message
        and r.alternatives
        and TEN not in r.alternatives
        for r in refused
    )
    assert Appointment.objects.filter(starts_at=TEN).count() == 1

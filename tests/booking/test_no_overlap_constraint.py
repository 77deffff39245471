"""PostgreSQL itself refuses overlapping active appointments of one therapist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from easeplan.booking.models import Appointment

from ..conftest import World
from ..factories import AppointmentFactory, ServiceFactory, TherapistFactory

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db]

NINE = dt.datetime(2030, 3, 4, 9, tzinfo=dt.UTC)


def book(world: World, starts: dt.datetime, **kwargs) -> Appointment:
    service = ServiceFactory(practice=world.practice, duration_minutes=60, buffer_after_minutes=15)
    kwargs.setdefault("therapist", world.therapist)
    return AppointmentFactory(practice=world.practice, service=service, starts_at=starts, **kwargs)


def test_an_overlapping_visit_is_refused(world: World) -> None:
    book(world, NINE)
    with pytest.raises(IntegrityError), transaction.atomic():
        book(world, NINE + dt.timedelta(minutes=30))
    assert Appointment.objects.count() == 1


def test_the_buffer_after_a_visit_counts_as_busy(world: World) -> None:
    book(world, NINE)  # 9:00-10:00, buffer until 10:15
    with pytest.raises(IntegrityError), transaction.atomic():
        book(world, NINE + dt.timedelta(minutes=70))


def test_back_to_back_after_the_buffer_is_fine(world: World) -> None:
    book(world, NINE)
    book(world, NINE + dt.timedelta(minutes=75))
    assert Appointment.objects.count() == 2


def test_a_cancelled_visit_frees_its_time(world: World) -> None:
    book(world, NINE, status=Appointment.Status.CANCELLED)
    book(world, NINE)
    assert Appointment.objects.filter(status="booked").count() == 1


def test_two_therapists_may_work_at_the_same_time(world: World) -> None:
    book(world, NINE)
    book(world, NINE, therapist=TherapistFactory(practice=world.practice))
    assert Appointment.objects.count() == 2


def test_cancelling_then_rebooking_over_it_cannot_revive_the_old_one(world: World) -> None:
    first = book(world, NINE, status=Appointment.Status.CANCELLED)
    book(world, NINE)
    first.status = Appointment.Status.BOOKED
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save(update_fields=["status"])

"""Booking a plan's visits as one series: all or nothing, one email, and shifting the rest."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from easeplan.accounts.models import AuditEvent
from easeplan.booking import services
from easeplan.booking.models import Appointment, Reminder
from easeplan.care.series import services as series
from easeplan.care.series import shift as series_shift

from ...conftest import World
from ...factories import (
    AppointmentFactory,
    ClientFactory,
    PlanOfCareFactory,
    TimeOffFactory,
    WorkingHoursFactory,
)
from .conftest import LONDON, MONDAY, NOW, WEEK, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def local(moment: dt.datetime | None) -> str:
    assert moment is not None
    return moment.astimezone(LONDON).strftime("%a %d %b %H:%M")


def propose(world: World, plan, first: dt.datetime, **kwargs) -> series.SeriesOffer:  # type: ignore[no-untyped-def]
    kwargs.setdefault("staff", True)
    return series.proposal_for(
        plan,
        first_start=first,
        therapist=world.therapist,
        service=plan.service,
        now=NOW,
        **kwargs,
    )


def book(world: World, plan, starts: list[dt.datetime], **kwargs) -> list[Appointment]:  # type: ignore[no-untyped-def]
    kwargs.setdefault("staff", True)
    kwargs.setdefault("actor", world.owner)
    return series.book_series(
        plan, starts, therapist=world.therapist, service=plan.service, now=NOW, **kwargs
    )


def someone_else_books(world: World, service, start: dt.datetime) -> Appointment:  # type: ignore[no-untyped-def]
    return services.book_appointment(
        ClientFactory(practice=world.practice), world.therapist, service, start,
        actor=None, now=NOW, staff=True,
    )  # fmt: skip


# -- proposals ---------------------------------------------------------------------------


def test_a_free_month_keeps_every_visit_on_monday_at_ten(world: World, plan) -> None:
    offer = propose(world, plan, at(MONDAY, 10))
    assert [local(v.starts) for v in offer.visits] == [
        "Mon 09 Mar 10:00",
        "Mon 16 Mar 10:00",
        "Mon 23 Mar 10:00",
        "Mon 30 Mar 10:00",  # BST from 29 March: still 10:00 on the clock
    ]
    assert [v.number for v in offer.visits] == [1, 2, 3, 4]
    assert {v.note for v in offer.visits} == {"Same weekday and time"}
    assert not offer.conflicts


def test_visits_booked_or_attended_are_not_proposed_again_but_cancelled_ones_are(
    world: World, plan, service
) -> None:
    AppointmentFactory(
        practice=world.practice, client=world.client, therapist=world.therapist,
        service=service, plan=plan, starts_at=at(MONDAY, 10) - WEEK,
    )  # fmt: skip
    AppointmentFactory(
        practice=world.practice, client=world.client, therapist=world.therapist,
        service=service, plan=plan, starts_at=at(MONDAY, 14) - WEEK, status="cancelled",
    )  # fmt: skip
    offer = propose(world, plan, at(MONDAY, 10))
    assert [v.number for v in offer.visits] == [2, 3, 4]


def test_a_taken_time_moves_the_visit_to_the_nearest_free_time_and_says_why(
    world: World, plan, service
) -> None:
    someone_else_books(world, service, at(MONDAY + WEEK, 10))
    offer = propose(world, plan, at(MONDAY, 10))
    second = offer.visits[1]
    assert local(second.starts) == "Mon 16 Mar 11:15"  # after the other visit and its buffer
    assert second.note == "Moved: the 10:00 on Mon 16 Mar is taken"
    assert second.choices[0] == second.starts and len(second.choices) > 1
    assert local(offer.visits[2].starts) == "Mon 23 Mar 10:00"  # the pattern comes back


def test_a_week_away_is_a_conflict_with_the_reason(world: World, plan) -> None:
    TimeOffFactory(
        therapist=world.therapist,
        starts_at=at(MONDAY + 2 * WEEK, 0),
        ends_at=at(MONDAY + 3 * WEEK, 0),
    )
    offer = propose(world, plan, at(MONDAY, 10))
    (conflict,) = offer.conflicts
    assert conflict.number == 3 and conflict.choices == ()
    assert (
        conflict.note
        == "No free time within 2 days of 10:00 on Mon 23 Mar: the 10:00 on Mon 23 Mar is taken."
    )


def test_online_the_practices_horizon_limits_the_series(world: World, service) -> None:
    world.practice.booking_horizon_days = 30
    world.practice.save()
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist,
        service=service, visits_planned=6, starts_on=MONDAY,
    )  # fmt: skip
    offer = propose(world, plan, at(MONDAY, 10), staff=False)
    assert [v.number for v in offer.conflicts] == [5, 6]
    assert "further than bookings open" in offer.conflicts[0].note
    assert not propose(world, plan, at(MONDAY, 10), staff=True).conflicts  # staff aren't limited


def test_a_closed_plan_or_one_with_every_visit_booked_takes_no_proposal(world: World, plan) -> None:
    plan.status = "discharged"
    plan.save()
    with pytest.raises(services.BookingRefused, match="discharged"):
        propose(world, plan, at(MONDAY, 10))
    plan.status = "active"
    plan.visits_planned = 0
    with pytest.raises(services.BookingRefused, match="are booked"):
        propose(world, plan, at(MONDAY, 10))


def test_a_service_not_bookable_online_is_for_staff_to_book(world: World, plan, service) -> None:
    service.bookable_online = False
    service.save()
    with pytest.raises(services.BookingRefused, match="can't be booked online"):
        propose(world, plan, at(MONDAY, 10), staff=False)
    assert propose(world, plan, at(MONDAY, 10), staff=True).starts


# -- booking -----------------------------------------------------------------------------


def test_the_whole_series_is_booked_in_the_plan_with_one_email_holding_every_visit(
    world: World, plan, django_capture_on_commit_callbacks
) -> None:
    starts = propose(world, plan, at(MONDAY, 10)).starts
    with django_capture_on_commit_callbacks(execute=True):
        booked = book(world, plan, starts)
    assert [a.starts_at for a in booked] == starts
    assert set(plan.visits.values_list("pk", flat=True)) == {a.pk for a in booked}
    assert Reminder.objects.filter(appointment__plan=plan, sent_at__isnull=True).count() == 4
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("booking.appointment.booked") == 4
    assert actions.count("booking.series.booked") == 1

    (message,) = mail.outbox
    assert message.to == [world.client.email]
    assert "4 visits" in message.subject and "Monday 9 March" in message.subject
    for visit in booked:
        assert visit.starts_at.astimezone(LONDON).strftime("%A %-d %B %Y") in message.body
    (_, content, mimetype) = message.attachments[0]
    assert mimetype.startswith("text/calendar; method=PUBLISH")
    calendar = Calendar.from_ical(content)
    assert str(calendar["method"]) == "PUBLISH"
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"{a.code}@easeplan" for a in booked]
    assert [e.decoded("dtstart") for e in events] == starts


def test_one_slot_taken_between_proposal_and_confirm_books_nothing_and_proposes_again(
    world: World, plan, service, django_capture_on_commit_callbacks
) -> None:
    starts = propose(world, plan, at(MONDAY, 10)).starts
    thief = someone_else_books(world, service, at(MONDAY + 2 * WEEK, 10))
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(series.SeriesRefused) as refused,
    ):
        book(world, plan, starts)
    assert refused.value.message == (
        "The 10:00 on Mon 23 Mar was just taken, so nothing was booked; here is a new proposal."
    )
    assert (refused.value.number, refused.value.start) == (3, at(MONDAY + 2 * WEEK, 10))
    assert not plan.visits.exists()
    assert list(Appointment.objects.all()) == [thief]
    assert not Reminder.objects.exclude(appointment=thief).exists()
    assert not AuditEvent.objects.filter(action="booking.series.booked").exists()
    assert not mail.outbox
    fresh = refused.value.proposal
    assert fresh is not None
    assert local(fresh.visits[2].starts) == "Mon 23 Mar 11:15"
    assert fresh.visits[2].note.startswith("Moved: the 10:00 on Mon 23 Mar is taken")


def test_a_time_outside_working_hours_refuses_the_whole_series(world: World, plan) -> None:
    tuesday = at(MONDAY + WEEK + dt.timedelta(days=1), 10)
    with pytest.raises(series.SeriesRefused) as refused:
        book(world, plan, [at(MONDAY, 10), tuesday])
    assert refused.value.number == 2
    assert "Visit 2 at 10:00 on Tue 17 Mar can't be booked" in refused.value.message
    assert "doesn't work at that time" in refused.value.message
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("starts", "message"),
    [
        ([], "at least one time"),
        ([at(MONDAY, 10), at(MONDAY, 10)], "same time"),
        ([at(MONDAY + n * WEEK, 10) for n in range(5)], "4 visits left to book, not 5"),
    ],
)
def test_an_impossible_choice_is_refused_before_anything_is_booked(
    world: World, plan, starts, message
) -> None:
    with pytest.raises(services.BookingRefused, match=message):
        book(world, plan, starts)
    assert not Appointment.objects.exists()


def test_the_client_books_online_under_the_practices_notice(world: World, plan) -> None:
    soon = at(NOW.date(), 9)  # an hour away: staff could book it, a client can't
    with pytest.raises(series.SeriesRefused, match="notice"):
        book(world, plan, [soon], staff=False, actor=world.client_user)
    booked = book(world, plan, [at(MONDAY, 10)], staff=False, actor=world.client_user)
    assert booked[0].booked_by == world.client_user and booked[0].plan == plan


def test_a_weekly_ten_oclock_series_stays_at_ten_across_the_autumn_clock_change(
    world: World, service, django_capture_on_commit_callbacks
) -> None:
    first = dt.date(2026, 10, 12)  # Monday; clocks go back on Sunday 25 October 2026
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist,
        service=service, visits_planned=4, starts_on=first,
    )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 10, 5, 8, tzinfo=LONDON), tick=False):
        offer = series.proposal_for(
            plan, first_start=at(first, 10), therapist=world.therapist, service=service,
            staff=True,
        )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            booked = series.book_series(
                plan, offer.starts, therapist=world.therapist, service=service,
                actor=world.owner, staff=True,
            )  # fmt: skip
    assert [local(a.starts_at) for a in booked] == [
        "Mon 12 Oct 10:00",
        "Mon 19 Oct 10:00",
        "Mon 26 Oct 10:00",
        "Mon 02 Nov 10:00",
    ]
    assert [a.starts_at.astimezone(dt.UTC).hour for a in booked] == [9, 9, 10, 10]
    events = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")
    assert [e.decoded("dtstart").astimezone(LONDON).hour for e in events] == [10] * 4


# -- shifting the rest after a move -----------------------------------------------------


@pytest.fixture
def booked(world: World, plan) -> list[Appointment]:
    WorkingHoursFactory(therapist=world.therapist, weekday=1)  # Tuesdays too
    return book(world, plan, [at(MONDAY + n * WEEK, 10) for n in range(4)])


def test_moving_one_visit_offers_the_later_ones_shifted_by_the_same(world: World, booked) -> None:
    second, third, fourth = booked[1], booked[2], booked[3]
    moved = services.move_appointment(
        second, second.starts_at + dt.timedelta(days=1), actor=None, staff=True, now=NOW
    )
    assert series_shift.can_shift_rest(moved)
    offer = series_shift.shift_offer(moved, staff=True)
    assert offer is not None
    assert offer.shift.delta == dt.timedelta(days=1)
    assert [(s.visit, local(s.to), s.free) for s in offer.visits] == [
        (third, "Tue 24 Mar 10:00", True),
        (fourth, "Tue 31 Mar 10:00", True),  # BST by then: still 10:00 on the clock
    ]
    assert not series_shift.can_shift_rest(booked[0])  # never moved


def test_shifting_the_rest_moves_them_all_with_the_usual_emails_and_only_once(
    world: World, booked, django_capture_on_commit_callbacks
) -> None:
    second = booked[1]
    moved = services.move_appointment(
        second, second.starts_at + dt.timedelta(days=1), actor=None, staff=True, now=NOW
    )
    offer = series_shift.shift_offer(moved, staff=True)
    moves = [series_shift.Move(s.visit.code, s.visit.starts_at, s.to) for s in offer.visits]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shifted = series_shift.shift_rest(moved, moves, actor=world.owner, staff=True, now=NOW)
    assert [local(a.starts_at) for a in shifted] == ["Tue 24 Mar 10:00", "Tue 31 Mar 10:00"]
    assert len(mail.outbox) == 2 and all("moved" in m.subject.lower() for m in mail.outbox)
    assert series_shift.shift_offer(moved, staff=True) is None  # shifted: not offered again
    assert series_shift.shift_offer(shifted[0], staff=True) is None


def test_a_visit_moving_onto_a_later_ones_old_time_waits_for_that_one_to_move(
    world: World, booked
) -> None:
    second, third, fourth = booked[1], booked[2], booked[3]
    moved = services.move_appointment(
        second, second.starts_at + dt.timedelta(days=1), actor=None, staff=True, now=NOW
    )
    moves = [
        series_shift.Move(third.code, third.starts_at, fourth.starts_at),  # onto fourth's old time
        series_shift.Move(fourth.code, fourth.starts_at, fourth.starts_at + dt.timedelta(days=1)),
    ]
    shifted = series_shift.shift_rest(moved, moves, actor=world.owner, staff=True, now=NOW)
    assert [local(a.starts_at) for a in shifted] == ["Mon 30 Mar 10:00", "Tue 31 Mar 10:00"]


def test_two_visits_swapping_times_are_refused_rather_than_half_moved(world: World, booked) -> None:
    second, third, fourth = booked[1], booked[2], booked[3]
    moved = services.move_appointment(
        second, second.starts_at + dt.timedelta(days=1), actor=None, staff=True, now=NOW
    )
    swap = [
        series_shift.Move(third.code, third.starts_at, fourth.starts_at),
        series_shift.Move(fourth.code, fourth.starts_at, third.starts_at),
    ]
    with pytest.raises(series_shift.ShiftRefused, match="overlap each other"):
        series_shift.shift_rest(moved, swap, actor=world.owner, staff=True, now=NOW)
    assert [a.starts_at for a in Appointment.objects.filter(pk__in=[third.pk, fourth.pk])] == [
        third.starts_at,
        fourth.starts_at,
    ]


def test_a_shift_refused_meanwhile_moves_nothing_and_offers_again(
    world: World, booked, service
) -> None:
    second, third, fourth = booked[1], booked[2], booked[3]
    moved = services.move_appointment(
        second, second.starts_at + dt.timedelta(days=1), actor=None, staff=True, now=NOW
    )
    offer = series_shift.shift_offer(moved, staff=True)
    moves = [series_shift.Move(s.visit.code, s.visit.starts_at, s.to) for s in offer.visits]
    someone_else_books(world, service, at(dt.date(2026, 3, 31), 10))  # fourth's new time
    with pytest.raises(series_shift.ShiftRefused) as refused:
        series_shift.shift_rest(moved, moves, actor=world.owner, staff=True, now=NOW)
    assert "Nothing was moved; here is a new offer." in refused.value.message
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (local(third.starts_at), local(fourth.starts_at)) == (
        "Mon 23 Mar 10:00",
        "Mon 30 Mar 10:00",
    )
    assert [s.free for s in refused.value.offer.visits] == [True, False]
    assert refused.value.offer.visits[1].alternatives


def test_a_visit_changed_since_the_offer_is_not_moved_twice(world: World, booked) -> None:
    second, third = booked[1], booked[2]
    moved = services.move_appointment(
        second, second.starts_at + dt.timedelta(days=1), actor=None, staff=True, now=NOW
    )
    later = third.starts_at + dt.timedelta(days=1)
    stale = series_shift.Move(third.code, third.starts_at - WEEK, later)
    with pytest.raises(series_shift.ShiftRefused, match="changed while you were choosing"):
        series_shift.shift_rest(moved, [stale], actor=world.owner, staff=True, now=NOW)


def test_a_shift_across_the_spring_clock_change_keeps_the_local_time(world: World, booked) -> None:
    first = booked[0]
    moved = services.move_appointment(
        first, first.starts_at + dt.timedelta(days=1), actor=None, staff=True, now=NOW
    )
    offer = series_shift.shift_offer(moved, staff=True)
    # 24 March is GMT, 31 March BST: the same wall-clock shift, an hour less in UTC.
    assert [local(s.to) for s in offer.visits] == [
        "Tue 17 Mar 10:00",
        "Tue 24 Mar 10:00",
        "Tue 31 Mar 10:00",
    ]
    assert offer.visits[-1].to.astimezone(dt.UTC).hour == 9

"""Keeping clients on plan: one kind nudge per drift, at most one a week, abandoned plans."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.care.models import Nudge, PlanOfCare, PlanStatusChange
from easeplan.care.nudges import services as nudges
from easeplan.care.tasks import send_nudge

from ...conftest import World
from ...factories import AppointmentFactory, PlanOfCareFactory, WorkingHoursFactory

# December in London is GMT, so these are also the local times.
TUE_1 = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
TUE_8 = dt.datetime(2026, 12, 8, 10, tzinfo=dt.UTC)
WED_9 = dt.datetime(2026, 12, 9, 8, tzinfo=dt.UTC)  # the daily run, the morning after
THU_10 = dt.datetime(2026, 12, 10, 10, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.fixture
def plan(world: World) -> PlanOfCare:
    return weekly_plan(world)


def weekly_plan(world: World) -> PlanOfCare:
    """Ada's weekly 5-visit plan from Tuesday 1 December with Dana; Dana works Mon–Sat."""
    for weekday in range(1, 6):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    return PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        service=world.practice.services.get(),
        starts_on=TUE_1.date(),
        review_on=TUE_1.date() + dt.timedelta(weeks=4),
    )


def plan_visit(plan: PlanOfCare, starts: dt.datetime, status: str = "completed", **kw):
    kw.setdefault("created_at", TUE_1 - 7 * DAY)
    return AppointmentFactory(
        practice=plan.practice,
        therapist=plan.therapist,
        client=plan.client,
        service=plan.service,
        plan=plan,
        starts_at=starts,
        status=status,
        **kw,
    )


@pytest.fixture
def missed(plan: PlanOfCare) -> Appointment:
    """Ada came on Tuesday 1 December and missed Tuesday 8 December."""
    plan_visit(plan, TUE_1)
    return plan_visit(plan, TUE_8, "no_show")


def run_at(moment: dt.datetime) -> int:
    """The daily run at `moment`, with the emails that go out once it commits."""
    with time_machine.travel(moment, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        return nudges.send_due_nudges()


@pytest.mark.django_db
def test_a_missed_visit_gets_exactly_one_kind_specific_email(world: World, missed) -> None:
    assert [run_at(WED_9 + n * DAY) for n in range(3)] == [1, 0, 0]
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [world.client.email]
    assert email.reply_to == [world.practice.email]
    assert email.subject == "We missed you — Riverside Massage"
    body = " ".join(email.body.split())
    assert "You missed your visit on Tuesday 8 December." in body
    assert "measure, visit by visit, whether massage is helping you" in body
    assert "You've had 1 of the 5 visits of your plan (Piriformis syndrome)." in body
    assert "Thursday 10 December at 10:00 with Dana Whitlockova is free." in body
    assert "/plan/next/" in body and "/plan/reminders/" in body
    html = email.alternatives[0][0]
    assert "Book this time</strong></a>" in html and "Stop reminders about your plan" in html
    nudge = Nudge.objects.get()
    assert (nudge.reason, nudge.appointment, nudge.proposed_start) == ("missed", missed, THU_10)
    assert AuditEvent.objects.filter(action="care.nudge.emailed").count() == 1


@pytest.mark.django_db
def test_no_health_details_beyond_the_plan_name(world: World, plan: PlanOfCare, missed) -> None:
    plan.goals = ["Sit through a film without buttock pain"]
    plan.baseline_pain = 7
    plan.save()
    run_at(WED_9)
    email = mail.outbox[0]
    for text in (email.body, email.alternatives[0][0], email.subject):
        assert "buttock" not in text and "7/10" not in text and "film" not in text


@pytest.mark.django_db
def test_a_second_reason_within_the_week_waits_and_then_gets_one_more(
    world: World, plan: PlanOfCare, missed
) -> None:
    run_at(WED_9)
    # Ada books Saturday 12th, then cancels it on Friday 11th: a new reason to nudge.
    plan_visit(
        plan,
        dt.datetime(2026, 12, 12, 10, tzinfo=dt.UTC),
        "cancelled",
        created_at=WED_9 + DAY,
        cancelled_at=WED_9 + 2 * DAY,
    )
    assert [run_at(WED_9 + n * DAY) for n in range(2, 7)] == [0, 0, 0, 0, 0]
    assert len(mail.outbox) == 1
    assert run_at(WED_9 + 7 * DAY) == 1  # a week after the first
    assert run_at(WED_9 + 8 * DAY) == 0
    assert len(mail.outbox) == 2
    assert "Your visit on Saturday 12 December was cancelled" in " ".join(
        mail.outbox[1].body.split()
    )
    assert list(Nudge.objects.order_by("sent_at").values_list("reason", flat=True)) == [
        "missed",
        "cancelled",
    ]


@pytest.mark.django_db
def test_the_same_drift_is_never_nudged_twice_even_weeks_later(world: World, missed) -> None:
    assert [run_at(WED_9 + n * 7 * DAY) for n in range(4)] == [1, 0, 0, 0]


@pytest.mark.django_db
def test_a_next_visit_not_booked_in_time_is_nudged_after_the_grace_days(
    world: World, plan: PlanOfCare
) -> None:
    plan_visit(plan, TUE_1)
    # Due Tuesday 8th, two days' grace: Thursday on plan, Friday drifting.
    assert run_at(dt.datetime(2026, 12, 10, 8, tzinfo=dt.UTC)) == 0
    assert run_at(dt.datetime(2026, 12, 11, 8, tzinfo=dt.UTC)) == 1
    body = " ".join(mail.outbox[0].body.split())
    assert "Your next visit isn't booked yet (your last visit was on Tuesday 1 December)." in body
    assert "Saturday 12 December at 10:00" in body  # tomorrow, at Ada's usual time


@pytest.mark.django_db
def test_the_usual_local_time_is_proposed_across_the_october_clock_change(
    world: World, plan: PlanOfCare
) -> None:
    # Tuesday 20 October 2026 at 10:00 BST (09:00 UTC); the clocks go back on Sunday 25th.
    plan.starts_on = dt.date(2026, 10, 20)
    plan.save()
    plan_visit(plan, dt.datetime(2026, 10, 20, 9, tzinfo=dt.UTC), created_at=TUE_1 - 60 * DAY)
    # Due Tuesday 27th, two days' grace: drifting from Friday 30th, 00:00 GMT.
    assert run_at(dt.datetime(2026, 10, 29, 23, 59, tzinfo=dt.UTC)) == 0
    assert run_at(dt.datetime(2026, 10, 30, 8, tzinfo=dt.UTC)) == 1
    # Saturday 31st at 10:00 GMT, still Ada's 10:00: not 09:00 UTC carried over.
    assert Nudge.objects.get().proposed_start == dt.datetime(2026, 10, 31, 10, tzinfo=dt.UTC)
    assert "Saturday 31 October at 10:00" in " ".join(mail.outbox[0].body.split())


@pytest.mark.django_db
def test_no_nudge_when_the_next_visit_is_booked(world: World, plan: PlanOfCare, missed) -> None:
    plan_visit(plan, THU_10, "booked", created_at=TUE_8 + dt.timedelta(hours=2))
    assert run_at(WED_9) == 0
    assert not mail.outbox


@pytest.mark.django_db
def test_an_opted_out_client_gets_no_nudge(world: World, missed) -> None:
    nudges.set_nudges(world.client, False, actor=world.client_user, now=TUE_8)
    assert run_at(WED_9) == 0
    assert not mail.outbox
    assert AuditEvent.objects.filter(action="care.nudges.turned_off").count() == 1


@pytest.mark.django_db
def test_plans_that_are_not_active_get_no_nudge(world: World, plan: PlanOfCare, missed) -> None:
    plan.status = PlanOfCare.Status.PAUSED
    plan.save()
    assert run_at(WED_9) == 0


@pytest.mark.django_db
def test_a_client_nudged_for_one_plan_is_not_nudged_for_another_the_same_week(
    world: World, plan: PlanOfCare, missed
) -> None:
    other = PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        condition="low_back",
        starts_on=TUE_1.date(),
        therapist=world.therapist,
        service=plan.service,
    )
    plan_visit(other, dt.datetime(2026, 12, 7, 10, tzinfo=dt.UTC), "no_show")
    assert run_at(WED_9) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_task_sends_once_and_drops_a_nudge_no_longer_wanted(
    world: World, plan: PlanOfCare, missed
) -> None:
    run_at(WED_9)
    nudge = Nudge.objects.get()
    with time_machine.travel(WED_9, tick=False):
        send_nudge.call(nudge.pk)  # a duplicate delivery of the task
    assert len(mail.outbox) == 1
    # Made, then Ada books before the worker gets to it: no email, and it doesn't count.
    Nudge.objects.all().delete()
    AuditEvent.objects.all().delete()
    with time_machine.travel(WED_9 + 7 * DAY, tick=False):
        late = Nudge.objects.create(
            practice=world.practice, client=world.client, plan=plan, reason="missed"
        )
        plan_visit(plan, THU_10 + 7 * DAY, "booked", created_at=WED_9 + 7 * DAY)
        send_nudge.call(late.pk)
    assert len(mail.outbox) == 1
    assert not Nudge.objects.exists()
    assert AuditEvent.objects.filter(action="care.nudge.withdrawn").count() == 1


@pytest.mark.django_db
def test_without_a_bookable_service_the_email_asks_the_client_to_get_in_touch(
    world: World, plan: PlanOfCare, missed
) -> None:
    plan.service.bookable_online = False
    plan.service.save()
    world.practice.phone = "0117 496 0000"
    world.practice.save()
    run_at(WED_9)
    assert Nudge.objects.get().proposed_start is None
    body = " ".join(mail.outbox[0].body.split())
    assert "Reply to this email or call us on 0117 496 0000" in body


@pytest.mark.django_db
def test_a_plan_with_no_visit_for_the_configured_days_is_abandoned(
    world: World, plan: PlanOfCare
) -> None:
    world.practice.plan_abandoned_after_days = 21
    world.practice.save()
    plan_visit(plan, TUE_1)
    with time_machine.travel(dt.datetime(2026, 12, 21, 23, 59, tzinfo=dt.UTC), tick=False):
        assert nudges.abandon_stale_plans() == 0
    mail.outbox.clear()
    with (
        time_machine.travel(dt.datetime(2026, 12, 22, 8, tzinfo=dt.UTC), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        call_command("keep_clients_on_plan", stdout=io.StringIO())
    plan.refresh_from_db()
    assert plan.status == PlanOfCare.Status.ABANDONED
    reason = "No visit for 21 days since the last visit on 1 December 2026, and nothing booked."
    assert plan.status_reason == reason
    change = PlanStatusChange.objects.filter(plan=plan).latest("changed_at")
    assert (change.from_status, change.to_status, change.reason) == ("active", "abandoned", reason)
    assert not mail.outbox  # an abandoned plan gets no nudge


@pytest.mark.django_db
def test_a_plan_with_a_visit_booked_is_not_abandoned(world: World, plan: PlanOfCare) -> None:
    plan_visit(plan, TUE_1)
    plan_visit(plan, dt.datetime(2027, 2, 2, 10, tzinfo=dt.UTC), "booked")
    with time_machine.travel(dt.datetime(2027, 1, 30, tzinfo=dt.UTC), tick=False):
        assert nudges.abandon_stale_plans() == 0


@pytest.mark.django_db
def test_the_drifting_list_takes_the_same_queries_for_one_or_five_clients(
    world: World, plan: PlanOfCare, django_assert_max_num_queries
) -> None:
    plan_visit(plan, TUE_1, "no_show")
    with django_assert_max_num_queries(3):
        assert len(nudges.drifting_clients(world.practice, WED_9)) == 1
    for hour in range(1, 5):
        other = PlanOfCareFactory(
            practice=world.practice,
            starts_on=TUE_1.date(),
            service=plan.service,
            therapist=plan.therapist,
        )
        plan_visit(other, TUE_1 + dt.timedelta(hours=2 * hour), "no_show")
    with django_assert_max_num_queries(3):
        rows = nudges.drifting_clients(world.practice, WED_9)
    assert len(rows) == 5
    assert {row.reason for row in rows} == {"Missed the visit on Tue 1 Dec; not rebooked"}
    assert rows[0].client == world.client  # the longest drifting first


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_nudge(world: World, plan: PlanOfCare, missed) -> None:
    """Separate connections in separate threads, released together (SQLite and PostgreSQL)."""
    barrier = threading.Barrier(2)
    made: list[int] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            made.append(nudges.send_due_nudges(WED_9))
        finally:
            connection.close()

    with time_machine.travel(WED_9, tick=False):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(made) == [0, 1]
    assert Nudge.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_client_held_by_a_red_flag_is_not_nudged_to_book(world: World, missed) -> None:
    from easeplan.screening.holds import services as holds

    holds.raise_hold(world.client, holds.Source.CHECKIN, ["weight_loss"], actor=None)
    assert run_at(WED_9) == 0
    assert not mail.outbox and not Nudge.objects.exists()
    holds.clear_holds(world.client, "GP: weight stable.", actor=world.therapist_user)
    assert run_at(WED_9 + DAY) == 1

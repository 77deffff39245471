"""The weekly check-in: at most one email a week, only when due, sent once."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from io import StringIO
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.care.models import PlanOfCare
from easeplan.care.nudges.services import stop_url
from easeplan.outcomes.checkins import services, weekly
from easeplan.outcomes.models import CheckIn
from easeplan.outcomes.tasks import send_weekly_checkin

from ...conftest import World
from ...factories import AppointmentFactory, ClientFactory, PlanOfCareFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 3, 8, 0, tzinfo=dt.UTC)  # a Tuesday, 08:00 in London
DAY = dt.timedelta(days=1)


@pytest.fixture
def plan(world: World) -> PlanOfCare:
    return PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )


def run_at(moment: dt.datetime) -> int:
    """The daily job at `moment`, its emails sent as after a real commit."""
    with time_machine.travel(moment, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        return weekly.send_weekly_checkins()


def daily(start: dt.datetime, days: int) -> list[dt.datetime]:
    """Run the daily job for `days` days; the times an email went out."""
    sent = []
    for n in range(days):
        before = len(mail.outbox)
        run_at(start + n * DAY)
        sent += [start + n * DAY] * (len(mail.outbox) - before)
    return sent


def link_in(message) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r"https?://\S+/checkin/(\S+)/", message.body)
    assert found is not None
    return found.group(0)


def test_over_ten_days_a_client_gets_one_check_in_a_week(world: World, plan) -> None:
    assert daily(NOW, 10) == [NOW, NOW + 7 * DAY]
    first, second = mail.outbox
    assert first.to == [world.client.email]
    assert first.subject == "How has your week been? — Riverside Massage"
    assert link_in(first) != link_in(second)  # one link per check-in
    assert CheckIn.objects.filter(kind="weekly").count() == 2


def test_the_email_is_short_kind_and_says_how_to_stop(world: World, plan) -> None:
    run_at(NOW)
    (message,) = mail.outbox
    body = message.body
    assert "Hello Ada," in body
    assert "Piriformis syndrome" in body
    assert "11 quick questions" in body  # 7 pain ratings, 2 activities, sleep and mood
    assert "expires on Tuesday 10 November at 08:00" in body
    assert (
        f"To stop emails about your plan (check-ins and reminders): {stop_url(world.client)}"
        in body
    )
    assert "Quillfeather" not in body and world.therapist.display_name not in body
    html_body = message.alternatives[0][0]
    assert link_in(message) in html_body and "Stop emails about my plan" in html_body


def test_the_link_in_the_email_opens_the_check_in(plan, client) -> None:
    run_at(NOW)
    path = urlsplit(link_in(mail.outbox[0])).path
    with time_machine.travel(NOW + DAY, tick=False):
        assert client.get(path).status_code == 200


def test_none_while_a_visit_check_in_of_the_last_7_days_stands(world: World, plan) -> None:
    visit = AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        plan=plan,
        starts_at=NOW - 3 * DAY + dt.timedelta(hours=2),
    )
    answered = NOW - 3 * DAY
    with time_machine.travel(answered, tick=False):
        answers = {"nprs-now": {"nprs-now": 4}}
        services.record(services.visit_checkin(visit), answers, actor=None, now=answered)
    assert daily(NOW, 5) == [NOW + 4 * DAY]  # 7 days after the visit's check-in


def test_a_completed_weekly_check_in_moves_the_next_one(world: World, plan) -> None:
    run_at(NOW)
    weekly = CheckIn.objects.get(kind="weekly")
    services.record(weekly, {"sleep": {"sleep": 2}}, actor=None, now=NOW + 2 * DAY)
    mail.outbox.clear()
    assert daily(NOW + DAY, 9) == [NOW + 9 * DAY]


def test_none_when_plan_emails_are_off(world: World, plan) -> None:
    world.client.plan_nudges_off_at = NOW - DAY
    world.client.save()
    assert daily(NOW, 10) == []
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("status", ["proposed", "paused", "completed", "discharged", "abandoned"])
def test_none_for_a_plan_that_is_not_active(world: World, status: str) -> None:
    PlanOfCareFactory(practice=world.practice, client=world.client, status=status)
    assert daily(NOW, 8) == []


def test_a_client_with_two_active_plans_gets_one_email(world: World, plan) -> None:
    hip = PlanOfCareFactory(practice=world.practice, client=world.client, condition="hip")
    ClientFactory(practice=world.practice)  # no plan: nothing
    assert run_at(NOW) == 1
    assert CheckIn.objects.get().plan == hip  # the newest plan


def test_running_twice_sends_once(plan) -> None:
    assert run_at(NOW) == 1
    assert run_at(NOW) == 0
    assert run_at(NOW + dt.timedelta(hours=5)) == 0
    assert len(mail.outbox) == 1


def test_a_run_a_little_earlier_next_week_still_sends(plan) -> None:
    run_at(NOW)
    assert run_at(NOW + 7 * DAY - dt.timedelta(seconds=3)) == 1
    assert run_at(NOW + 14 * DAY - dt.timedelta(hours=2)) == 0  # but never a day early


def test_the_weekly_rhythm_holds_when_the_clocks_go_forward(world: World, plan) -> None:
    """A cron at 08:05 London time runs an hour earlier in UTC after 28 March 2027."""
    start = dt.datetime(2027, 3, 22, 8, 5, tzinfo=LONDON)  # Monday, GMT
    plan.starts_on = start.date()
    plan.save()
    sent = []
    for n in range(10):
        moment = dt.datetime.combine(start.date() + n * DAY, dt.time(8, 5), tzinfo=LONDON)
        before = len(mail.outbox)
        run_at(moment)
        sent += [moment.date()] * (len(mail.outbox) - before)
    assert sent == [dt.date(2027, 3, 22), dt.date(2027, 3, 29)]
    second = CheckIn.objects.filter(kind="weekly").order_by("sent_at").last()
    assert second.expires_at.astimezone(LONDON).time() == dt.time(8, 5)
    assert "expires on Monday 5 April at 08:05" in mail.outbox[1].body


# The email task ------------------------------------------------------------------------


def test_the_task_sends_a_check_in_once(plan) -> None:
    run_at(NOW)
    checkin = CheckIn.objects.get()
    with time_machine.travel(NOW, tick=False):
        send_weekly_checkin.call(checkin.pk)
        send_weekly_checkin.call(checkin.pk)
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="outcomes.checkin.emailed").count() == 1


def test_a_check_in_no_longer_wanted_is_withdrawn_not_sent(world: World, plan) -> None:
    with time_machine.travel(NOW, tick=False):
        checkin = CheckIn.objects.create(
            practice=world.practice,
            client=world.client,
            plan=plan,
            kind="weekly",
            sent_at=timezone.now(),
            expires_at=timezone.now() + 7 * DAY,
        )
        world.client.plan_nudges_off_at = timezone.now()  # turned off meanwhile
        world.client.save()
        send_weekly_checkin.call(checkin.pk)
    assert mail.outbox == []
    assert not CheckIn.objects.exists()  # it doesn't count towards the weekly limit
    assert AuditEvent.objects.filter(action="outcomes.checkin.withdrawn").exists()


def test_the_daily_command_reports_what_it_sent(plan) -> None:
    out = StringIO()
    with time_machine.travel(NOW, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_weekly_checkins", stdout=out)
    assert out.getvalue().strip() == "Weekly check-ins sent: 1"
    assert len(mail.outbox) == 1

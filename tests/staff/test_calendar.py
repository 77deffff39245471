"""Staff read the calendar: a therapist's day and week, and the whole team's day."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse

from easeplan.booking.models import Appointment
from easeplan.practice.models import Therapist

from ..conftest import World, signed_in
from ..factories import (
    AppointmentFactory,
    ClientFactory,
    TherapistFactory,
    TimeOffFactory,
    WorkingHoursFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
MONDAY = "2026-03-30"  # the first Monday of British Summer Time in 2026
FRIDAY_BEFORE = dt.datetime(2026, 3, 27, 12, tzinfo=UTC)
VIEWS = ["practice:calendar", "practice:calendar_week", "practice:calendar_team"]


def page(browser, name: str, **params: str) -> str:
    response = browser.get(reverse(name), params)
    assert response.status_code == 200
    return response.content.decode()


def visit(w: World, starts_at: dt.datetime, **fields) -> Appointment:
    """A visit of the world's therapist with the world's 60-minute service (15-minute buffer)."""
    fields.setdefault("client", w.client)
    fields.setdefault("therapist", w.therapist)
    return AppointmentFactory(
        practice=w.practice, service=w.practice.services.get(), starts_at=starts_at, **fields
    )


def book_link(therapist: Therapist, start: dt.datetime) -> str:
    return (
        f'href="/staff/visits/new/?therapist={therapist.code}'
        f'&amp;start={quote(start.isoformat(), safe="/")}"'
    )


def booked_times(html: str) -> list[str]:
    return re.findall(r">Book (\d\d:\d\d)<", html)


@pytest.fixture
def as_therapist(world: World):
    return signed_in(world.therapist_user)


@pytest.fixture
def on_friday_before():
    with time_machine.travel(FRIDAY_BEFORE, tick=False):
        yield


# The day view


@pytest.mark.usefixtures("on_friday_before")
def test_the_day_view_lists_visits_with_links_to_the_visit_and_the_client(
    world: World, as_therapist
) -> None:
    booked = visit(world, dt.datetime(2026, 3, 30, 8, tzinfo=UTC))  # 09:00 BST
    html = page(as_therapist, "practice:calendar", day=MONDAY)
    assert "Monday 30 March 2026" in html
    assert f'<a href="/staff/visits/{booked.code}/">09:00–10:00</a>' in html
    assert f'href="{reverse("practice:client", args=[world.client.code])}"' in html
    assert world.client.full_name in html
    assert "Treatment, 60 minutes" in html
    assert "Booked" in html


@pytest.mark.usefixtures("on_friday_before")
def test_a_cancelled_visit_is_struck_through_and_a_late_change_has_a_badge(
    world: World, as_therapist
) -> None:
    visit(world, dt.datetime(2026, 3, 30, 8, tzinfo=UTC), late_change=True)
    visit(
        world,
        dt.datetime(2026, 3, 30, 12, tzinfo=UTC),
        client=world.another_client,
        status=Appointment.Status.CANCELLED,
    )
    html = page(as_therapist, "practice:calendar", day=MONDAY)
    assert "<s>13:00–14:00</s>" in html
    assert re.search(rf"<s><a [^>]*>{world.another_client.full_name}</a></s>", html)
    assert re.search(r"<td>cancelled", html)
    assert html.count("late change</span>") == 1


@pytest.mark.usefixtures("on_friday_before")
def test_free_half_hours_are_offered_around_visits_buffers_and_time_off(
    world: World, as_therapist
) -> None:
    # Works 09:00-17:00 on Mondays. A 09:00 visit keeps her busy until 10:15 (buffer);
    # she is away from 13:00 to 14:00; a cancelled visit frees its time again.
    visit(world, dt.datetime(2026, 3, 30, 8, tzinfo=UTC))
    visit(world, dt.datetime(2026, 3, 30, 14, tzinfo=UTC), status=Appointment.Status.CANCELLED)
    TimeOffFactory(
        therapist=world.therapist,
        starts_at=dt.datetime(2026, 3, 30, 12, tzinfo=UTC),
        ends_at=dt.datetime(2026, 3, 30, 13, tzinfo=UTC),
        reason="Physio appointment",
    )
    html = page(as_therapist, "practice:calendar", day=MONDAY)
    assert booked_times(html) == [
        "10:30", "11:00", "11:30", "12:00", "12:30",
        "14:00", "14:30", "15:00", "15:30", "16:00", "16:30",
    ]  # fmt: skip
    assert book_link(world.therapist, dt.datetime(2026, 3, 30, 9, 30, tzinfo=UTC)) in html
    assert "13:00–14:00: Physio appointment" in html
    assert '<h3 id="calendar-shift-1">09:00–17:00</h3>' in html


def test_past_times_are_not_offered(world: World, as_therapist) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 30, 14, 10, tzinfo=UTC), tick=False):
        today = page(as_therapist, "practice:calendar")  # 15:10 BST
        past = page(as_therapist, "practice:calendar", day="2026-03-23")
    assert booked_times(today) == ["15:30", "16:00", "16:30"]
    assert booked_times(past) == []
    assert "This day is past." in past


def test_without_a_day_it_shows_today_in_the_practice_zone(world: World, as_therapist) -> None:
    # 23:30 on Sunday in UTC is already 00:30 on Monday in London.
    with time_machine.travel(dt.datetime(2026, 3, 29, 23, 30, tzinfo=UTC), tick=False):
        html = page(as_therapist, "practice:calendar")
        unreadable = page(as_therapist, "practice:calendar", day="30/03/2026")
    assert "<h1>Monday 30 March 2026</h1>" in html
    assert "<h1>Monday 30 March 2026</h1>" in unreadable


@pytest.mark.usefixtures("on_friday_before")
def test_day_navigation_links_keep_the_therapist_and_mark_the_chosen_day(
    world: World, as_therapist
) -> None:
    html = page(as_therapist, "practice:calendar", day=MONDAY)
    code = world.therapist.code
    base = reverse("practice:calendar")
    assert f'href="{base}?day=2026-03-29&amp;therapist={code}">‹ Previous day' in html
    assert f'href="{base}?day=2026-03-31&amp;therapist={code}">Next day ›' in html
    assert f'href="{base}?day=2026-03-27&amp;therapist={code}">Today' in html
    assert re.search(rf'href="{base}\?day={MONDAY}&amp;therapist={code}" aria-current="date"', html)
    assert html.count('aria-current="date"') == 1
    week = reverse("practice:calendar_week")
    assert f'href="{week}?day={MONDAY}&amp;therapist={code}">Week view' in html


@pytest.mark.usefixtures("on_friday_before")
def test_it_shows_your_own_calendar_first_and_lets_you_switch(world: World) -> None:
    colleague = TherapistFactory(practice=world.practice, display_name="Aaron Colleague")
    TherapistFactory(practice=world.practice, display_name="Ines Inactive", is_active=False)
    mine = page(signed_in(world.therapist_user), "practice:calendar", day=MONDAY)
    assert "Calendar of <strong>Dana Whitlockova</strong>" in mine
    assert re.search(rf'therapist={world.therapist.code}" aria-current="page">Dana', mine)
    assert f'therapist={colleague.code}">Aaron Colleague</a>' in mine
    assert "Ines Inactive" not in mine
    # The owner has no therapist profile: the first active therapist is shown.
    owners = page(signed_in(world.owner), "practice:calendar", day=MONDAY)
    assert "Calendar of <strong>Aaron Colleague</strong>" in owners
    chosen = page(
        signed_in(world.owner), "practice:calendar", day=MONDAY, therapist=world.therapist.code
    )
    assert "Calendar of <strong>Dana Whitlockova</strong>" in chosen


def test_a_practice_without_therapists_says_so(world: World) -> None:
    from ..conftest import give_totp

    give_totp(world.other_owner)
    for name in ("practice:calendar", "practice:calendar_week", "practice:calendar_team"):
        assert "No therapists yet." in page(signed_in(world.other_owner), name)


# Daylight saving time in Europe/London


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize(
    ("starts_at", "day"),
    [
        (dt.datetime(2026, 3, 30, 8, tzinfo=UTC), "2026-03-30"),  # 09:00 BST, the day after
        (dt.datetime(2026, 10, 26, 9, tzinfo=UTC), "2026-10-26"),  # 09:00 GMT, the day after
    ],
)
def test_visits_show_in_local_time_either_side_of_a_clock_change(
    world: World, as_therapist, name: str, starts_at: dt.datetime, day: str
) -> None:
    visit(world, starts_at)
    with time_machine.travel(FRIDAY_BEFORE, tick=False):
        html = page(as_therapist, name, day=day)
    assert ">09:00–10:00</a>" in html
    assert "09:00–17:00" in html  # her Monday hours, in local time
    assert world.client.full_name in html


@pytest.mark.usefixtures("on_friday_before")
def test_the_day_the_clocks_go_forward_lists_times_correctly(world: World, as_therapist) -> None:
    # Sunday 29 March 2026: at 01:00 GMT the clocks go forward to 02:00 BST.
    WorkingHoursFactory(
        therapist=world.therapist, weekday=6, starts=dt.time(0, 30), ends=dt.time(3)
    )
    WorkingHoursFactory(therapist=world.therapist, weekday=6, starts=dt.time(9), ends=dt.time(12))
    visit(world, dt.datetime(2026, 3, 29, 9, tzinfo=UTC))  # 10:00 BST
    html = page(as_therapist, "practice:calendar", day="2026-03-29")
    assert ">10:00–11:00</a>" in html
    assert '<h3 id="calendar-shift-1">00:30–03:00</h3>' in html
    # Half hours of elapsed time: 00:30 GMT, then 02:00 and 02:30 BST; never 01:00 or 01:30.
    assert booked_times(html) == ["00:30", "02:00", "02:30", "09:00", "09:30", "11:30"]
    for start in (
        dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        dt.datetime(2026, 3, 29, 1, tzinfo=UTC),
        dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        dt.datetime(2026, 3, 29, 8, tzinfo=UTC),
    ):
        assert book_link(world.therapist, start) in html
    week = page(as_therapist, "practice:calendar_week", day="2026-03-29")
    assert "00:30–03:00, 09:00–12:00" in week


# The week view


@pytest.mark.usefixtures("on_friday_before")
def test_the_week_view_lists_each_day_from_monday(world: World, as_therapist) -> None:
    WorkingHoursFactory(therapist=world.therapist, weekday=2, starts=dt.time(9), ends=dt.time(13))
    WorkingHoursFactory(therapist=world.therapist, weekday=2, starts=dt.time(14), ends=dt.time(18))
    visit(world, dt.datetime(2026, 4, 1, 13, tzinfo=UTC))  # Wednesday 14:00 BST
    visit(world, dt.datetime(2026, 4, 6, 8, tzinfo=UTC), client=world.another_client)  # next week
    TimeOffFactory(
        therapist=world.therapist,
        starts_at=dt.datetime(2026, 4, 2, 23, tzinfo=UTC),  # Friday 00:00 BST
        ends_at=dt.datetime(2026, 4, 4, 23, tzinfo=UTC),  # to Sunday 00:00 BST
        reason="Easter",
    )
    html = page(as_therapist, "practice:calendar_week", day="2026-04-01")
    headings = re.findall(r"<h2><a [^>]*>([^<]+)</a>", html)
    assert headings == [
        "Monday 30 March", "Tuesday 31 March", "Wednesday 1 April", "Thursday 2 April",
        "Friday 3 April", "Saturday 4 April", "Sunday 5 April",
    ]  # fmt: skip
    wednesday = html[html.index("Wednesday 1 April") : html.index("Thursday 2 April")]
    assert "09:00–13:00, 14:00–18:00" in wednesday
    assert ">14:00–15:00</a>" in wednesday
    assert world.client.full_name in wednesday
    assert world.another_client.full_name not in html
    assert html.count("Time off: All day (Easter)") == 2  # Friday and Saturday
    day = reverse("practice:calendar")
    code = world.therapist.code
    assert f'href="{day}?day=2026-04-01&amp;therapist={code}" aria-current="date"' in html
    assert f'href="{day}?day=2026-04-05&amp;therapist={code}"' in html
    week = reverse("practice:calendar_week")
    assert f'href="{week}?day=2026-03-25&amp;therapist={code}">‹ Previous week' in html
    assert f'href="{week}?day=2026-04-08&amp;therapist={code}">Next week ›' in html


# The team view


@pytest.mark.usefixtures("on_friday_before")
def test_the_team_view_shows_every_active_therapist_day(world: World) -> None:
    colleague = TherapistFactory(practice=world.practice, display_name="Aaron Colleague")
    WorkingHoursFactory(therapist=colleague, weekday=0, starts=dt.time(12), ends=dt.time(20))
    TherapistFactory(practice=world.practice, display_name="Ines Inactive", is_active=False)
    visit(world, dt.datetime(2026, 3, 30, 8, tzinfo=UTC))
    visit(world, dt.datetime(2026, 3, 30, 16, tzinfo=UTC), therapist=colleague,
          client=world.another_client)  # fmt: skip
    TimeOffFactory(
        therapist=colleague,
        starts_at=dt.datetime(2026, 3, 30, 11, tzinfo=UTC),
        ends_at=dt.datetime(2026, 3, 30, 12, tzinfo=UTC),
        reason="Course",
    )
    html = page(signed_in(world.front_desk), "practice:calendar_team", day=MONDAY)
    sections = re.findall(r'<h2 id="calendar-team-\w+"><a [^>]*>([^<]+)</a>', html)
    assert sections == ["Aaron Colleague", "Dana Whitlockova"]
    theirs = html[html.index("Aaron Colleague</a></h2>") : html.index("Dana Whitlockova</a></h2>")]
    assert "12:00–20:00" in theirs
    assert ">17:00–18:00</a>" in theirs
    assert world.another_client.full_name in theirs
    assert "Time off: 12:00–13:00 (Course)" in theirs
    assert world.client.full_name not in theirs
    assert ">09:00–10:00</a>" in html


@pytest.mark.usefixtures("on_friday_before")
def test_an_inactive_therapist_with_visits_that_day_still_shows(world: World) -> None:
    leaving = TherapistFactory(practice=world.practice, display_name="Ines Inactive")
    visit(world, dt.datetime(2026, 3, 30, 10, tzinfo=UTC), therapist=leaving)
    Therapist.objects.filter(pk=leaving.pk).update(is_active=False)
    html = page(signed_in(world.front_desk), "practice:calendar_team", day=MONDAY)
    assert 'Ines Inactive</a> <span class="badge">inactive</span>' in html


# Scoping, access and queries


@pytest.mark.parametrize("name", ["practice:calendar", "practice:calendar_week"])
def test_a_therapist_of_another_practice_is_not_found(world: World, as_owner, name: str) -> None:
    outsider = TherapistFactory(practice=world.other_practice)
    assert as_owner.get(reverse(name), {"therapist": outsider.code}).status_code == 404
    assert as_owner.get(reverse(name), {"therapist": "nosuchcode"}).status_code == 404


@pytest.mark.usefixtures("on_friday_before")
@pytest.mark.parametrize("name", VIEWS)
def test_other_practices_visits_never_show(world: World, as_owner, name: str) -> None:
    outsider = TherapistFactory(practice=world.other_practice, display_name="Olaf Outsider")
    AppointmentFactory(
        practice=world.other_practice,
        therapist=outsider,
        client=world.other_client,
        starts_at=dt.datetime(2026, 3, 30, 8, tzinfo=UTC),
    )
    html = page(as_owner, name, day=MONDAY)
    assert world.other_client.last_name not in html
    assert "Olaf Outsider" not in html


@pytest.mark.parametrize("name", VIEWS)
def test_client_names_need_two_factor_authentication(world: World, name: str) -> None:
    response = signed_in(world.front_desk, mfa=False).get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


@pytest.mark.usefixtures("on_friday_before")
@pytest.mark.parametrize("name", VIEWS)
def test_htmx_gets_only_the_calendar(world: World, as_therapist, name: str) -> None:
    response = as_therapist.get(reverse(name), {"day": MONDAY}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert '<div id="calendar"' in html
    assert 'aria-label="Staff"' not in html
    assert "<title>" in html and "Riverside Massage</title>" in html


@pytest.mark.usefixtures("on_friday_before")
@pytest.mark.parametrize("name", VIEWS)
def test_calendars_run_a_constant_number_of_queries(
    world: World, as_owner, django_assert_max_num_queries, name: str
) -> None:
    colleague = TherapistFactory(practice=world.practice)
    WorkingHoursFactory(therapist=colleague)

    visit(world, dt.datetime(2026, 3, 30, 8, tzinfo=UTC))
    shown = {"day": MONDAY, "therapist": world.therapist.code}  # the team view ignores who

    def add(n: int) -> None:  # cancelled visits may overlap, so any number fits in a day
        for i in range(n):
            for therapist in (world.therapist, colleague):
                visit(
                    world,
                    dt.datetime(2026, 3, 30, 7, tzinfo=UTC) + dt.timedelta(minutes=15 * i),
                    therapist=therapist,
                    client=ClientFactory(practice=world.practice),
                    status=Appointment.Status.CANCELLED,
                    late_change=bool(i % 2),
                )
                TimeOffFactory(
                    therapist=therapist,
                    starts_at=dt.datetime(2026, 3, 30, 20, tzinfo=UTC) + dt.timedelta(hours=i),
                    ends_at=dt.datetime(2026, 3, 30, 21, tzinfo=UTC) + dt.timedelta(hours=i),
                )

    add(2)
    with django_assert_max_num_queries(9):
        assert world.client.full_name in page(as_owner, name, **shown)
    add(20)  # ten times the data, the same number of queries
    with django_assert_max_num_queries(9):
        assert world.client.full_name in page(as_owner, name, **shown)


@pytest.mark.usefixtures("on_friday_before")
@pytest.mark.parametrize("name", VIEWS)
def test_a_history_restore_gets_the_whole_calendar_page(
    world: World, as_therapist, name: str
) -> None:
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = as_therapist.get(reverse(name), {"day": MONDAY}, headers=restore)
    html = response.content.decode()
    assert '<div id="calendar"' in html
    assert 'aria-label="Staff"' in html
    assert "HX-Request" in response["Vary"]

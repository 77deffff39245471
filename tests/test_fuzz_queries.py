"""Fuzzed query parameters and form fields never get a server error, on SQLite and PostgreSQL.

Hypothesis sends the booking, feed, waitlist and staff pages every kind of value they take
(real codes, dates and times from year 1 to year 9999, NUL bytes, huge and odd strings) and
each answer must be a page, a redirect, a 4xx with a message, or "not found": never a 500.
The test client re-raises any exception a view lets through, so a crash fails loudly.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from django.test import Client as Browser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from easeplan.booking import links, waitlist
from easeplan.booking.models import WaitlistEntry

from .conftest import World, signed_in
from .factories import AppointmentFactory, WorkingHoursFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

DATES = st.dates().map(dt.date.isoformat)
TIMES = st.datetimes(timezones=st.none() | st.timezones()).map(dt.datetime.isoformat)
NULS = st.sampled_from(["\x00", "a\x00b", "2026-03-02\x00", "\x00" * 50])
HUGE = st.builds(lambda n, c: c * n, st.integers(1_000, 20_000), st.sampled_from("9a-:%é\x00"))
ODD = st.text(max_size=40) | st.sampled_from(
    ["", " ", "any", "-1", "0", "1e9", "null", "%00", "../..", "' OR 1=1 --", "<b>", "😀" * 5]
)


def values(*known: str) -> st.SearchStrategy[str]:
    """A value for any parameter: one the page knows, or anything else."""
    real = st.sampled_from(known) if known else st.nothing()
    return real | DATES | TIMES | NULS | HUGE | ODD


def query(names: list[str], value: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, str]]:
    """Some of `names`, each with a drawn value."""
    return st.fixed_dictionaries({}, optional={name: value for name in names})


@pytest.fixture
def known(world: World) -> list[str]:
    """Real codes and times of the practice, so fuzzing also reaches the deep paths."""
    for weekday in range(7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client, service=service
    )
    world.therapist.feed_token = "f" * 32
    world.therapist.save(update_fields=["feed_token"])
    entry = WaitlistEntry.objects.create(
        practice=world.practice, client=world.client, service=service, days=[]
    )
    tomorrow = (visit.starts_at + dt.timedelta(hours=2)).isoformat()
    return [
        service.code,
        world.therapist.code,
        world.client.code,
        visit.code,
        "any",
        links.manage_token(visit),
        waitlist.offer_token(entry, world.therapist, visit.starts_at),
        "f" * 32,
        tomorrow,
        dt.date.today().isoformat(),
    ]


PUBLIC_GETS = {
    "/book/": ["service", "therapist", "from", "day"],
    "/book/confirm/": ["service", "therapist", "start"],
    "/book/waitlist/": ["service", "therapist"],
}
DETAILS = ["first_name", "last_name", "email", "phone", "booking_key", "days"]


def assert_answered(response, url: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, url


@given(data=st.data())
@FUZZ
def test_public_booking_feed_and_waitlist_pages_never_fail(
    client, world: World, known: list[str], data: st.DataObject
) -> None:
    value = values(*known)
    kind = data.draw(st.sampled_from(["get", "post", "token", "feed"]))
    if kind == "get":
        url = data.draw(st.sampled_from(sorted(PUBLIC_GETS)))
        assert_answered(client.get(url, data.draw(query(PUBLIC_GETS[url], value))), url)
    elif kind == "post":
        url = data.draw(st.sampled_from(["/book/confirm/", "/book/waitlist/"]))
        target = f"{url}?{_encode(data.draw(query(PUBLIC_GETS[url], value)))}"
        assert_answered(client.post(target, data.draw(query(DETAILS, value))), target)
    elif kind == "token":
        token = data.draw(value)
        for url in [f"/book/visit/{quote(token, safe='')}/", f"/book/claim/{quote(token)}/"]:
            assert_answered(client.get(url, data.draw(query(["from"], value))), url)
            form = data.draw(query(["action", "start"], value | st.sampled_from(["move"])))
            assert_answered(client.post(url, form), url)
    else:
        url = f"/feeds/{quote(data.draw(value), safe='')}.ics"
        assert_answered(client.get(url), url)


STAFF_GETS = {
    "/staff/clients/": ["q"],
    "/staff/visits/new/": ["client", "therapist", "start"],
    "/staff/calendar/": ["day", "therapist"],
    "/staff/calendar/week/": ["day", "therapist"],
    "/staff/calendar/team/": ["day", "therapist"],
    "/staff/summaries/": ["day", "therapist"],
    "/staff/notes/due/": ["therapist"],
    "/staff/inbox/": ["show"],
}
STAFF_VISIT = ["client", "service", "therapist", "start", "new-first_name", "new-email"]


@pytest.fixture
def owner(world: World) -> Browser:
    browser = signed_in(world.owner)
    assert browser.get("/staff/calendar/").status_code == 200
    return browser


@given(data=st.data())
@FUZZ
def test_staff_pages_never_fail_on_odd_query_parameters(
    owner: Browser, known: list[str], data: st.DataObject
) -> None:
    value = values(*known)
    kind = data.draw(st.sampled_from(["get", "book", "visit"]))
    if kind == "get":
        url = data.draw(st.sampled_from(sorted(STAFF_GETS)))
        assert_answered(owner.get(url, data.draw(query(STAFF_GETS[url], value))), url)
    elif kind == "book":
        assert_answered(owner.post("/staff/visits/new/", data.draw(query(STAFF_VISIT, value))), "")
    else:
        url = f"/staff/visits/{quote(data.draw(value), safe='')}/"
        assert_answered(owner.get(url, data.draw(query(["from"], value))), url)
        form = data.draw(query(["action", "start"], value | st.sampled_from(["cancel"])))
        assert_answered(owner.post(url, form), url)


def _encode(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)

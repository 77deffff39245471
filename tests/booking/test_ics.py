"""Calendar invitations parse back to the same event, in any time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from easeplan.booking.ics import Invite, invitation

ZONES = [ZoneInfo(z) for z in ("Europe/London", "America/New_York", "Australia/Sydney")]


def an_invite(starts: dt.datetime, minutes: int = 60, sequence: int = 0) -> Invite:
    return Invite(
        uid="k3m9x2@easeplan",
        sequence=sequence,
        starts=starts,
        # a visit's length is elapsed time, also on the night the clocks change
        ends=(starts.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(starts.tzinfo),
        summary="Treatment — Riverside",
        description="With Maya.",
        location="14 Quay Street, Bristol",
        organizer_name="Riverside, Massage",
        organizer_email="hello@example.org",
        attendee_name="Liam O'Brien",
        attendee_email="liam@example.org",
        stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def parse(data: bytes):  # type: ignore[no-untyped-def]
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


@given(
    local=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 1, 1)),
    zone=st.sampled_from(ZONES),
    minutes=st.integers(15, 240),
    sequence=st.integers(0, 50),
)
def test_an_invitation_round_trips_to_the_same_instants(local, zone, minutes, sequence) -> None:
    starts = local.replace(second=0, microsecond=0, tzinfo=zone)  # visits are on the minute
    calendar, event = parse(invitation(an_invite(starts, minutes, sequence)))
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=minutes)
    assert event.decoded("dtstart").utcoffset() == dt.timedelta(0)  # written in UTC
    assert int(event["sequence"]) == sequence
    assert str(event["uid"]) == "k3m9x2@easeplan"
    assert str(calendar["method"]) == "REQUEST"


def test_a_two_hour_visit_on_the_night_the_clocks_go_forward_stays_two_hours() -> None:
    starts = dt.datetime(2028, 3, 12, 1, 0, tzinfo=ZoneInfo("America/New_York"))
    _, event = parse(invitation(an_invite(starts, 120)))
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(hours=2)
    assert event.decoded("dtend").astimezone(starts.tzinfo).hour == 4  # 01:00 EST + 2 h


def test_a_cancellation_keeps_the_uid_and_says_cancelled() -> None:
    starts = dt.datetime(2026, 10, 25, 9, tzinfo=ZONES[0])
    calendar, event = parse(invitation(an_invite(starts, sequence=2), cancel=True))
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert (str(event["uid"]), int(event["sequence"])) == ("k3m9x2@easeplan", 2)


def test_names_and_addresses_with_commas_and_quotes_survive() -> None:
    _, event = parse(invitation(an_invite(dt.datetime(2026, 3, 30, 9, tzinfo=dt.UTC))))
    assert str(event["location"]) == "14 Quay Street, Bristol"
    assert event["organizer"].params["cn"] == "Riverside, Massage"
    assert event["attendee"].params["cn"] == "Liam O'Brien"
    assert str(event["organizer"]) == "mailto:hello@example.org"

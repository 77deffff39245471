"""Calendar invitations (.ics, RFC 5545 with iTIP methods) for appointments.

Pure: builds bytes from plain values. One UID for the life of a visit and a SEQUENCE that
rises with every change let Google, Apple and Outlook calendars update or remove the
event they already hold instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event, vCalAddress, vText


@dataclass(frozen=True)
class Invite:
    uid: str
    sequence: int
    starts: dt.datetime  # aware
    ends: dt.datetime  # aware
    summary: str
    description: str
    location: str
    organizer_name: str
    organizer_email: str
    attendee_name: str
    attendee_email: str
    stamp: dt.datetime  # aware: when this version was made


def invitation(invite: Invite, *, cancel: bool = False) -> bytes:
    """METHOD:REQUEST to add or update the event, METHOD:CANCEL to remove it."""
    calendar = Calendar()
    calendar.add("prodid", "-//easeplan//booking//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    calendar.add_component(_event(invite, cancel=cancel))
    return bytes(calendar.to_ical())


def _event(invite: Invite, *, cancel: bool) -> Event:
    event = Event()
    event.add("uid", invite.uid)
    event.add("sequence", invite.sequence)
    event.add("dtstamp", invite.stamp.astimezone(dt.UTC))
    event.add("dtstart", invite.starts.astimezone(dt.UTC))
    event.add("dtend", invite.ends.astimezone(dt.UTC))
    event.add("summary", invite.summary)
    if invite.description:
        event.add("description", invite.description)
    if invite.location:
        event.add("location", vText(invite.location))
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if invite.organizer_email:
        organizer = vCalAddress(f"mailto:{invite.organizer_email}")
        organizer.params["cn"] = vText(invite.organizer_name)
        event.add("organizer", organizer)
    if invite.attendee_email:
        attendee = vCalAddress(f"mailto:{invite.attendee_email}")
        attendee.params["cn"] = vText(invite.attendee_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", attendee)
    return event


def feed(invites: list[Invite], *, name: str) -> bytes:
    """A subscribable calendar (METHOD:PUBLISH) of many events, e.g. a therapist's diary."""
    calendar = Calendar()
    calendar.add("prodid", "-//easeplan//diary//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for invite in invites:
        calendar.add_component(_event(invite, cancel=False))
    return bytes(calendar.to_ical())


def visits(invites: list[Invite]) -> bytes:
    """Several visits in one calendar file, e.g. every visit of a plan booked at once.

    METHOD:PUBLISH, not REQUEST: a scheduling request may only carry one event (one UID),
    and mail apps given several act on the first alone; a published calendar adds them
    all. Each event keeps its visit's own UID and SEQUENCE, so a later move or
    cancellation invitation updates or removes the event this file added.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//easeplan//booking//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for invite in invites:
        calendar.add_component(_event(invite, cancel=False))
    return bytes(calendar.to_ical())

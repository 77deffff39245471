"""Emails of booking: confirmations, moves, cancellations, reminders, waitlist offers and
a plan's visits booked at once.

The booking confirmation carries links other apps add (care adds its intake link): each
registers a function with `add_confirmation_links` when its app is ready, so booking
imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from easeplan.lib.emails import recipient_language, send

from .links import manage_url
from .models import Appointment

ConfirmationLinks = Callable[[Appointment], dict[str, str]]
_confirmation_links: list[ConfirmationLinks] = []


def add_confirmation_links(links: ConfirmationLinks) -> None:
    """Have the booking confirmation also carry the links `links` returns for a visit."""
    if links not in _confirmation_links:
        _confirmation_links.append(links)


def _links_for(appointment: Appointment) -> dict[str, str]:
    found: dict[str, str] = {}
    for links in _confirmation_links:
        found |= links(appointment)
    return found


def _language(client: Any, practice: Any) -> str:
    """The client's language: their account's choice, else their practice's."""
    account = client.user if client.user_id else None
    return recipient_language(account.language if account else None, practice.language)


def appointment_booked(appointment: Appointment, calendar: bytes, password_url: str = "") -> None:
    """Confirm a booked visit to the client, with the invitation attached. New clients
    also get a link to choose a password for their account."""
    send(
        "appointment-booked",
        [appointment.client.email],
        {
            "appointment": appointment,
            "practice": appointment.practice,
            "manage_url": manage_url(appointment),
            "password_url": password_url,
            "intake_url": "",
            **_links_for(appointment),
        },
        reply_to=[appointment.practice.email],
        language=_language(appointment.client, appointment.practice),
        calendar=calendar,
    )


def appointment_reminder(appointment: Appointment) -> None:
    """Remind the client of their visit, with links to move or cancel it."""
    send(
        "appointment-reminder",
        [appointment.client.email],
        {
            "appointment": appointment,
            "practice": appointment.practice,
            "manage_url": manage_url(appointment),
        },
        reply_to=[appointment.practice.email],
        language=_language(appointment.client, appointment.practice),
    )


def appointment_moved(appointment: Appointment, calendar: bytes) -> None:
    send(
        "appointment-moved",
        [appointment.client.email],
        {
            "appointment": appointment,
            "practice": appointment.practice,
            "manage_url": manage_url(appointment),
        },
        reply_to=[appointment.practice.email],
        language=_language(appointment.client, appointment.practice),
        calendar=calendar,
    )


def appointment_cancelled(appointment: Appointment, calendar: bytes) -> None:
    send(
        "appointment-cancelled",
        [appointment.client.email],
        {"appointment": appointment, "practice": appointment.practice},
        reply_to=[appointment.practice.email],
        language=_language(appointment.client, appointment.practice),
        calendar=calendar,
    )


def waitlist_offer(entry: Any, therapist: Any, start: Any, url: str) -> None:
    """Tell a waiting client a time has opened, with a link that books it if still free."""
    send(
        "waitlist-offer",
        [entry.client.email],
        {
            "entry": entry,
            "therapist": therapist,
            "start": start,
            "practice": entry.practice,
            "url": url,
        },
        reply_to=[entry.practice.email],
        language=_language(entry.client, entry.practice),
    )


def series_booked(visits: list[Appointment], calendar: bytes, plan_url: str = "") -> None:
    """Confirm every visit of a plan booked at once, in one email with one calendar file
    holding them all; each visit has its own link to move or cancel it."""
    first = visits[0]
    send(
        "series-booked",
        [first.client.email],
        {
            "visits": [(visit, manage_url(visit)) for visit in visits],
            "client": first.client,
            "practice": first.practice,
            "plan_url": plan_url,
        },
        reply_to=[first.practice.email],
        language=_language(first.client, first.practice),
        calendar=calendar,
    )

"""Every email easeplan sends: one function per kind.

Templates live in ``templates/emails/<name>-subject.txt``, ``-body.txt`` and
``-body.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send(
    name: str,
    to: Iterable[str],
    context: dict[str, Any],
    *,
    reply_to: Iterable[str] = (),
    calendar: bytes | None = None,
) -> None:
    """Render the three templates of `name` and send one message.

    `calendar` is an iCalendar invitation, attached as invite.ics and offered as a
    text/calendar alternative so mail apps show their "add to calendar" buttons.
    """
    ctx = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", ctx).split())
    text = render_to_string(f"emails/{name}-body.txt", ctx)
    html = render_to_string(f"emails/{name}-body.html", ctx)
    message = EmailMultiAlternatives(subject, text, to=list(to), reply_to=list(reply_to))
    message.attach_alternative(html, "text/html")
    if calendar is not None:
        methods = (m for m in ("CANCEL", "PUBLISH") if f"METHOD:{m}".encode() in calendar)
        method = next(methods, "REQUEST")
        message.attach("invite.ics", calendar, f"text/calendar; method={method}; charset=utf-8")
    message.send()


def contact_received(contact: Any) -> None:
    """Tell the practice a visitor sent a message; replies go straight to the visitor."""
    send(
        "contact-received", [contact.practice.email], {"contact": contact}, reply_to=[contact.email]
    )


def staff_added(membership: Any, reset_url: str) -> None:
    """Tell a new team member they were added and how to set their password."""
    send("staff-added", [membership.user.email], {"membership": membership, "reset_url": reset_url})


def appointment_booked(appointment: Any, calendar: bytes, password_url: str = "") -> None:
    """Confirm a booked visit to the client, with the invitation attached. New clients
    also get a link to choose a password for their account."""
    from easeplan.booking.links import manage_url

    send(
        "appointment-booked",
        [appointment.client.email],
        {
            "appointment": appointment,
            "practice": appointment.practice,
            "manage_url": manage_url(appointment),
            "password_url": password_url,
            "intake_url": intake_url(appointment.client),
        },
        reply_to=[appointment.practice.email],
        calendar=calendar,
    )


def intake_url(client: Any) -> str:
    """The link to the client's intake questionnaire, or "" once it is completed."""
    from easeplan.care.access import forms_url
    from easeplan.care.models import Intake

    if Intake.objects.filter(client=client, submitted_at__isnull=False).exists():
        return ""
    return forms_url(client)


def appointment_reminder(appointment: Any) -> None:
    """Remind the client of their visit, with links to move or cancel it."""
    from easeplan.booking.links import manage_url

    send(
        "appointment-reminder",
        [appointment.client.email],
        {
            "appointment": appointment,
            "practice": appointment.practice,
            "manage_url": manage_url(appointment),
        },
        reply_to=[appointment.practice.email],
    )


def appointment_moved(appointment: Any, calendar: bytes) -> None:
    from easeplan.booking.links import manage_url

    send(
        "appointment-moved",
        [appointment.client.email],
        {
            "appointment": appointment,
            "practice": appointment.practice,
            "manage_url": manage_url(appointment),
        },
        reply_to=[appointment.practice.email],
        calendar=calendar,
    )


def appointment_cancelled(appointment: Any, calendar: bytes) -> None:
    send(
        "appointment-cancelled",
        [appointment.client.email],
        {"appointment": appointment, "practice": appointment.practice},
        reply_to=[appointment.practice.email],
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
    )


def referral_letter(referral: Any, to: str) -> None:
    """Send a therapist's referral letter (findings for a doctor) to `to`."""
    from easeplan.screening.assessments.services import letter_for

    letter = letter_for(referral)
    send(
        "referral-letter",
        [to],
        {"letter": letter, "practice": referral.practice},
        reply_to=[referral.practice.email],
    )


def series_booked(visits: list[Any], calendar: bytes, plan_url: str = "") -> None:
    """Confirm every visit of a plan booked at once, in one email with one calendar file
    holding them all; each visit has its own link to move or cancel it."""
    from easeplan.booking.links import manage_url

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
        calendar=calendar,
    )


def plan_nudge(nudge: Any, context: dict[str, Any]) -> None:
    """Invite a client drifting off their plan back: why it matters, the next time in one
    click, and a link to stop these emails. No health details beyond the plan's name."""
    send("plan-nudge", [nudge.client.email], context, reply_to=[nudge.practice.email])


def weekly_checkin(checkin: Any, context: dict[str, Any]) -> None:
    """Invite a client with an active plan to a short weekly check-in: a single-use link
    that opens the form for that one check-in, its expiry, and how to stop plan emails.
    No health details beyond the plan's name."""
    send("weekly-checkin", [checkin.client.email], context, reply_to=[checkin.practice.email])


def practice_message(message: Any, to: str, url: str) -> None:
    """Tell a client the practice wrote to them: the practice's name and a link to sign in
    and read it. The words stay in the account: they may be health information."""
    context = {"practice": message.practice, "first_name": message.client.first_name, "url": url}
    send("portal-message", [to], context, reply_to=[message.practice.email])


def deletion_requested(request: Any) -> None:
    """Tell the practice a client asked to delete their account: the name and a link to
    the requests page, no health details (the reason stays in easeplan)."""
    from django.urls import reverse

    context = {
        "client_name": request.client.full_name,
        "practice": request.practice,
        "requested_at": request.requested_at,
        "url": reverse("privacy:requests"),
    }
    send("privacy-requested", [request.practice.email], context)


def deletion_carried_out(address: str, context: dict[str, Any]) -> None:
    """Confirm to the client (at the address they had) what was deleted and until when
    the practice keeps the clinical record."""
    send("privacy-erased", [address], context, reply_to=[context["practice"].email])

"""Background work of booking: confirmation emails with calendar invitations."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from easeplan.lib import emails

from . import ics
from .models import Appointment


def invite_for(appointment: Appointment) -> ics.Invite:
    """The calendar event of a visit, as the client sees it."""
    practice = appointment.practice
    return ics.Invite(
        uid=f"{appointment.code}@easeplan",
        sequence=appointment.sequence,
        starts=appointment.starts_at,
        ends=appointment.ends_at,
        summary=f"{appointment.service.name} — {practice.name}",
        description=f"With {appointment.therapist}. To move or cancel, contact "
        f"{practice.name} ({practice.phone or practice.email}).",
        location=" ".join(practice.address.split()),
        organizer_name=practice.name,
        organizer_email=practice.email,
        attendee_name=appointment.client.full_name,
        attendee_email=appointment.client.email,
        stamp=timezone.now(),
    )


@task()
def send_booking_confirmation(appointment_code: str, manage_url: str) -> None:
    """Email the client their booking with an .ics; skipped if it was cancelled meanwhile."""
    appointment = (
        Appointment.objects.select_related("practice", "client", "therapist", "service")
        .filter(code=appointment_code, status=Appointment.Status.BOOKED)
        .first()
    )
    if appointment is None:
        return
    emails.appointment_booked(appointment, ics.invitation(invite_for(appointment)), manage_url)

"""Background work of booking: confirmation emails with calendar invitations."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from . import emails, ics
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
def send_booking_confirmation(appointment_code: str, password_url: str = "") -> None:
    """Email the client their booking with an .ics; skipped if it was cancelled meanwhile."""
    appointment = (
        Appointment.objects.select_related("practice", "client", "therapist", "service")
        .filter(code=appointment_code, status=Appointment.Status.BOOKED)
        .first()
    )
    if appointment is None:
        return
    emails.appointment_booked(appointment, ics.invitation(invite_for(appointment)), password_url)


def _visit(code: str) -> Appointment | None:
    return (
        Appointment.objects.select_related("practice", "client", "therapist", "service")
        .filter(code=code)
        .first()
    )


@task()
def send_move(appointment_code: str) -> None:
    """Tell the client the new time; the invitation updates their calendar event."""
    appointment = _visit(appointment_code)
    if appointment is None or appointment.status != Appointment.Status.BOOKED:
        return
    emails.appointment_moved(appointment, ics.invitation(invite_for(appointment)))


@task()
def send_cancellation(appointment_code: str) -> None:
    """Confirm a cancellation; the invitation removes the event from their calendar."""
    appointment = _visit(appointment_code)
    if appointment is None or appointment.status != Appointment.Status.CANCELLED:
        return
    emails.appointment_cancelled(appointment, ics.invitation(invite_for(appointment), cancel=True))


@task()
def send_series_confirmation(appointment_codes: list[str]) -> None:
    """One email for a plan's visits booked at once, with one calendar file holding every
    visit; visits cancelled meanwhile are left out, and nothing is sent if none is left."""
    from django.conf import settings
    from django.urls import reverse

    visits = list(
        Appointment.objects.select_related("practice", "client", "therapist", "service", "plan")
        .filter(code__in=appointment_codes, status=Appointment.Status.BOOKED)
        .order_by("starts_at")
    )
    if not visits:
        return
    plan, client = visits[0].plan, visits[0].client
    plan_url = ""
    if plan is not None and client.user_id is not None:  # the plan page needs an account
        plan_url = f"{settings.SITE_URL}{reverse('plans:mine', args=[plan.code])}"
    emails.series_booked(visits, ics.visits([invite_for(v) for v in visits]), plan_url)

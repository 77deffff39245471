"""What the intake adds to other emails: the link to the health questionnaire in the
booking confirmation, until the client has filled it in."""

from __future__ import annotations

from easeplan.booking.models import Appointment
from easeplan.practice.models import Client

from ..access import forms_url
from ..models import Intake


def intake_url(client: Client) -> str:
    """The link to the client's intake questionnaire, or "" once it is completed."""
    if Intake.objects.filter(client=client, submitted_at__isnull=False).exists():
        return ""
    return forms_url(client)


def confirmation_links(appointment: Appointment) -> dict[str, str]:
    """The booking confirmation's link to the intake (registered at care's app ready)."""
    return {"intake_url": intake_url(appointment.client)}

"""What the intake adds to booking's pages (registered in care's AppConfig.ready()): the
visitor's self-check kept for the client's intake after booking online, and the link to
the health questions on the confirmation page while they are due."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from easeplan.accounts.audit import AuditContext, signed_in
from easeplan.booking.models import Appointment
from easeplan.screening.rules import self_check as rules
from easeplan.screening.self_check.forms import STEPS
from easeplan.screening.self_check.session import SESSION_KEY

from ..access import forms_token
from ..models import Intake
from .services import keep_self_check


def keep_visitors_self_check(request: HttpRequest, appointment: Appointment) -> None:
    """A self-check taken before booking carries into the client's intake; it leaves the
    session either way (anonymous answers are never stored otherwise)."""
    steps = request.session.pop(SESSION_KEY, None)
    if isinstance(steps, dict) and all(name in steps for name, _ in STEPS):
        keep_self_check(
            appointment.client,
            steps,
            version=rules.QUESTIONNAIRE_VERSION,
            actor=signed_in(request.user),
            audit=AuditContext.of(request),
        )


def health_questions_link(appointment: Appointment) -> dict[str, Any]:
    """The confirmation page's link to the intake and consents, until the intake is in."""
    done = Intake.objects.filter(
        client_id=appointment.client_id, submitted_at__isnull=False
    ).exists()
    return {"forms_token": None if done else forms_token(appointment.client)}

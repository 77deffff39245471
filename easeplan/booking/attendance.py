"""Attendance: staff mark a visit that has started as attended or "did not attend".

A plan visit marked "did not attend" is how easeplan learns a client missed their plan
(care/nudges/rules.py); an unmarked visit that has started counts as attended. The two buttons
of the visit page are `booking/staff/views.py: record_attendance`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.models import User
from easeplan.lib.locks import refresh_for_update
from easeplan.lib.refusals import Refused

from .models import Appointment


class AttendanceRefused(Refused):
    """Attendance can't be recorded for this visit; `message` says why."""


def mark_attendance(
    appointment: Appointment,
    attended: bool,
    *,
    actor: User | None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> Appointment:
    """Record whether the client came: COMPLETED or NO_SHOW.

    Only for a visit that has started and was not cancelled. Staff may change their mind
    (attended ↔ did not attend); marking it the same way again changes nothing.
    """
    now = now or timezone.now()
    status = Appointment.Status.COMPLETED if attended else Appointment.Status.NO_SHOW
    with transaction.atomic():
        visit = refresh_for_update(appointment)
        if visit.status == Appointment.Status.CANCELLED:
            raise AttendanceRefused(_("This visit was cancelled, so attendance can't be recorded."))
        if visit.starts_at > now:
            raise AttendanceRefused(
                _("This visit hasn't started yet. Record attendance once it has begun.")
            )
        if visit.status == status:
            return visit
        # The visit's note (care's SessionNote) is reached through its reverse relation, a
        # model-level link: booking doesn't import care.
        signed = Appointment.objects.filter(pk=visit.pk, note__signed_at__isnull=False)
        if not attended and signed.exists():
            raise AttendanceRefused(
                _(
                    "This visit has a signed note, so the session took place. If the note is "
                    "wrong, its author adds an amendment."
                )
            )
        previous = visit.status
        visit.status = status
        visit.save(update_fields=["status"])
        action = "booking.visit.attended" if attended else "booking.visit.no_show"
        log_action(actor, action, visit, {"from": previous}, audit=audit)
    return visit

"""Attendance: staff mark a visit that has started as attended or "did not attend".

A plan visit marked "did not attend" is how easeplan learns a client missed their plan
(care/nudges/rules.py); an unmarked visit that has started counts as attended. The service and
its one small staff view (the two buttons on the visit page) live here together.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.models import User
from easeplan.lib.locks import refresh_for_update
from easeplan.lib.refusals import Refused
from easeplan.practice.access import client_records
from easeplan.practice.http import StaffRequest

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
            raise AttendanceRefused("This visit was cancelled, so attendance can't be recorded.")
        if visit.starts_at > now:
            raise AttendanceRefused(
                "This visit hasn't started yet. Record attendance once it has begun."
            )
        if visit.status == status:
            return visit
        # The visit's note (care's SessionNote) is reached through its reverse relation, a
        # model-level link: booking doesn't import care.
        signed = Appointment.objects.filter(pk=visit.pk, note__signed_at__isnull=False)
        if not attended and signed.exists():
            raise AttendanceRefused(
                "This visit has a signed note, so the session took place. If the note is "
                "wrong, its author adds an amendment."
            )
        previous = visit.status
        visit.status = status
        visit.save(update_fields=["status"])
        action = "booking.visit.attended" if attended else "booking.visit.no_show"
        log_action(actor, action, visit, {"from": previous}, audit=audit)
    return visit


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("yes", "Attended"), ("no", "Did not attend")], coerce=lambda v: v == "yes"
    )


@client_records
@require_POST
def record_attendance(request: StaffRequest, code: str) -> HttpResponse:
    """The "Attended" / "Did not attend" buttons of the visit page (all staff)."""
    appointment = get_object_or_404(
        Appointment.objects.for_practice(request.practice),
        code=code,
    )
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose “Attended” or “Did not attend”.")
        return redirect("visits:detail", code=code)
    attended = form.cleaned_data["attended"]
    try:
        mark_attendance(appointment, attended, actor=request.user, audit=AuditContext.of(request))
    except AttendanceRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, "Marked as attended." if attended else "Marked as “Did not attend”."
        )
    return redirect("visits:detail", code=code)

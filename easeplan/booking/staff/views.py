"""Staff book, open, move and cancel visits on a client's behalf."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.booking import extensions, moves, services
from easeplan.booking.attendance import AttendanceRefused, mark_attendance
from easeplan.booking.models import Appointment
from easeplan.booking.public.forms import NewClientForm
from easeplan.lib import dates
from easeplan.lib.params import strip_days
from easeplan.practice.access import CLINICIANS, client_records
from easeplan.practice.http import StaffRequest

from .forms import AttendanceForm, StaffBookingForm


@client_records
@require_http_methods(["GET", "POST"])
def new_visit(request: StaffRequest) -> HttpResponse:
    practice = request.practice
    now = timezone.now().astimezone(practice.zone)
    initial: dict[str, Any] = {
        "therapist": request.GET.get("therapist"),
        "client": request.GET.get("client"),
    }
    with contextlib.suppress(dates.DateRefused):
        initial["start"] = (
            dates.moment_in_window(request.GET.get("start", ""), now=now, window=dates.STAFF)
            .astimezone(practice.zone)
            .replace(tzinfo=None)
        )
    form = StaffBookingForm(request.POST or None, initial=initial, practice=practice)
    details = NewClientForm(request.POST or None, prefix="new", region=practice.country)
    context: dict[str, Any] = {"form": form, "details": details, "section": "calendar"}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["client"] is None and not details.is_valid():
            return render(request, "booking/staff/new.html", context, status=400)
        try:
            appointment = services.book_by_staff(
                practice,
                data["therapist"],
                data["service"],
                data["start"],
                client=data["client"],
                details=None if data["client"] else details.cleaned_data,
                actor=request.user,
            )
        except services.BookingRefused as refused:
            context["refused"] = refused
            return render(request, "booking/staff/new.html", context, status=409)
        if data.get("acknowledge_red_flag"):
            log_action(
                request.user,
                "screening.red_flag_hold.acknowledged",
                appointment,
                {"client": appointment.client.code},
                audit=AuditContext.of(request),
            )
        messages.success(request, _("Booked. The client has been emailed."))
        flags = extensions.client_flags(appointment.client)
        if flags is not None and flags.postpone:
            messages.warning(
                request,
                _(
                    "This client's answers say to postpone treatment: "
                    "a therapist must review them before the visit."
                ),
            )
        return redirect("visits:detail", code=appointment.code)
    chosen = form["client"].value() or request.GET.get("client")
    client = practice.clients.filter(code=chosen).first() if chosen else None
    if client is not None:
        context |= _client_flags(request, client)
    return render(request, "booking/staff/new.html", context)


def _client_flags(request: StaffRequest, client: Any) -> dict[str, Any]:
    """What the postpone warning needs: the client, their flags, and whether the person
    asking may see the reasons (clinicians) or only the warning (front desk)."""
    return {
        "client": client,
        "flags": extensions.client_flags(client),
        "clinician": request.membership.role in CLINICIANS,
    }


@client_records
@require_http_methods(["GET", "POST"])
def visit_detail(request: StaffRequest, code: str) -> HttpResponse:
    practice = request.practice
    appointment = get_object_or_404(
        Appointment.objects.for_practice(practice).select_related(
            "client", "therapist", "service", "practice", "plan"
        ),
        code=code,
    )
    context: dict[str, Any] = {
        "appointment": appointment,
        "section": "calendar",
        "zone": practice.time_zone,
        # Attendance is marked once the visit has started.
        "started": appointment.starts_at <= timezone.now(),
    }
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.cancel_appointment(appointment, actor=request.user, staff=True)
                messages.success(request, _("Cancelled. The client has been emailed."))
            else:
                moved = services.move_appointment(
                    appointment,
                    moves.posted_start(request.POST.get("start", ""), practice, staff=True),
                    actor=request.user,
                    staff=True,
                )
                messages.success(request, _("Moved. The client has been emailed the new time."))
                if extensions.shift_offered(moved):  # the plan's later visits the same way?
                    return redirect("series:shift", code=code)
            return redirect("visits:detail", code=code)
        except services.BookingRefused as refused:
            context["refused"] = refused
    else:
        log_action(
            request.user, "booking.appointment.viewed", appointment, audit=AuditContext.of(request)
        )
    if appointment.status == Appointment.Status.BOOKED:
        context |= _move_choices(request, appointment)
    context |= extensions.visit_panels(appointment, role=request.membership.role)
    context |= _client_flags(request, appointment.client)
    return render(
        request, "booking/staff/visit.html", context, status=409 if "refused" in context else 200
    )


def _move_choices(request: HttpRequest, appointment: Appointment) -> dict[str, Any]:
    """Where staff can move the visit, from the `?from=` and `?day=` of its day strip."""
    now = timezone.now()
    practice = appointment.practice
    today = now.astimezone(practice.zone).date()
    asked_from, asked_day = strip_days(
        request, today=today, window=moves.window(practice, staff=True)
    )
    return moves.move_choices(
        appointment, now, asked_from=asked_from, asked_day=asked_day, staff=True
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
        messages.error(request, _("Please choose “Attended” or “Did not attend”."))
        return redirect("visits:detail", code=code)
    attended = form.cleaned_data["attended"]
    try:
        mark_attendance(appointment, attended, actor=request.user, audit=AuditContext.of(request))
    except AttendanceRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("Marked as attended.") if attended else _("Marked as “Did not attend”.")
        )
    return redirect("visits:detail", code=code)

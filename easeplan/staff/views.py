"""The staff area's composition pages: the dashboard and the client list and record."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.mfa import has_mfa
from easeplan.booking.models import Appointment
from easeplan.care.notes.services import due_count
from easeplan.care.nudges.panels import drift_dashboard
from easeplan.care.summary.services import flags_for
from easeplan.onboarding.panels import getting_started, role_sees_checklist
from easeplan.portal.panels import client_messages, take_draft
from easeplan.practice.access import CLINICIANS, client_records, mfa_satisfied, staff_required
from easeplan.practice.http import StaffRequest
from easeplan.practice.models import Practice
from easeplan.screening.holds import services as holds
from easeplan.screening.holds.forms import ClearHoldForm


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The start and end of `day` in the current (practice) time zone, as aware datetimes."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


class Counts(TypedDict):
    open_messages: int
    open_deletions: int
    client_count: int


def _counts(practice: Practice) -> Counts:
    """The dashboard's open messages, open deletion requests and clients, in one query."""

    def count(rows: Any) -> Any:
        per_practice = rows.for_practice(OuterRef("pk")).order_by().values("practice")
        return Coalesce(Subquery(per_practice.annotate(n=Count("pk")).values("n")[:1]), 0)

    return (
        Practice.objects.filter(pk=practice.pk)
        .values(
            open_messages=count(practice.contact_messages.model.objects.filter(handled_at=None)),
            open_deletions=count(
                practice.deletion_requests.model.objects.filter(status="requested")
            ),
            client_count=count(practice.clients.model.objects.all()),
        )
        .get()
    )


@staff_required()
def dashboard(request: StaffRequest) -> HttpResponse:
    practice = request.practice
    today = timezone.localdate()
    start, end = local_day_bounds(today)
    todays = (
        Appointment.objects.for_practice(practice)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("client", "therapist", "service")
    )
    week_end = start + dt.timedelta(days=7)
    records_open = mfa_satisfied(request)
    context = {
        "section": "dashboard",
        "records_open": records_open,
        # Someone with no second factor yet is offered one, a passkey first.
        "offer_second_factor": not records_open and not has_mfa(request.user),
        "today": today,
        "appointments": todays,
        "upcoming_count": Appointment.objects.for_practice(practice)
        .filter(starts_at__gte=start, starts_at__lt=week_end, status=Appointment.Status.BOOKED)
        .count(),
        **_counts(practice),
        "therapists": practice.therapists.filter(is_active=True).annotate(
            hours=Count("working_hours")
        ),
    }
    role = request.membership.role
    # Clients drifting off their plan (clinicians); plan statistics (owners).
    context |= drift_dashboard(practice, role=role, now=timezone.now())
    if role in CLINICIANS:  # SOAP notes still to write or sign (one query)
        context["notes_due"] = due_count(practice, role=role, user=request.user, now=timezone.now())
        context["held_clients"] = holds.held_clients(practice)  # one query
    if role_sees_checklist(role):  # the getting-started checklist (one query)
        context["checklist"] = getting_started(practice, now=timezone.now())
    return render(request, "staff/dashboard.html", context)


@client_records
def client_list(request: StaffRequest) -> HttpResponse:
    clients = request.practice.clients.all()
    query = request.GET.get("q", "").strip()
    if query:
        clients = clients.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    rows = clients.annotate(
        upcoming=Count(
            "appointments",
            filter=Q(appointments__starts_at__gte=timezone.now(), appointments__status="booked"),
        )
    )
    return render(
        request,
        "staff/clients.html",
        {"clients": rows[:200], "query": query, "section": "clients"},
    )


@client_records
def client_detail(request: StaffRequest, code: str) -> HttpResponse:
    client = get_object_or_404(request.practice.clients, code=code)
    appointments = client.appointments.select_related("therapist", "service").order_by("-starts_at")
    log_action(request.user, "practice.client.viewed", client, audit=AuditContext.of(request))
    clinician = request.membership.role in CLINICIANS
    return render(
        request,
        "staff/client_detail.html",
        {
            "client": client,
            "appointments": appointments,
            "section": "clients",
            "flags": flags_for([client], today=timezone.localdate())[client.pk],
            "clinician": clinician,
            "red_flag_holds": holds.history(client) if clinician else [],
            "hold_form": ClearHoldForm(),
            "deletion_request": client.deletion_requests.filter(status="requested").first(),
            "portal_messages": client_messages(
                client,
                viewer=request.user,
                clinician=clinician,
                draft=take_draft(request.session, client),
            ),
        },
    )

"""The therapist's pre-visit summaries: one client, or every client of a day."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from easeplan.accounts.audit import AuditContext, log_action, log_views
from easeplan.booking.models import Appointment
from easeplan.practice.access import clinical_records
from easeplan.practice.http import StaffRequest
from easeplan.practice.schedule import chosen_schedule, local_bounds

from .services import summaries_for


@clinical_records
def client_summary(request: StaffRequest, code: str) -> HttpResponse:
    """One client's summary, with their next visit."""
    practice = request.practice
    client = get_object_or_404(practice.clients, code=code)
    upcoming = (
        client.appointments.filter(status=Appointment.Status.BOOKED, ends_at__gt=timezone.now())
        .select_related("therapist", "service")
        .order_by("starts_at")
        .first()
    )
    (summary,) = summaries_for([client], today=timezone.localdate())
    log_action(request.user, "care.summary.viewed", client, audit=AuditContext.of(request))
    return render(
        request,
        "care/summary/page.html",
        {"summaries": [(upcoming, summary)], "section": "clients", "single": True},
    )


@clinical_records
def day_summaries(request: StaffRequest) -> HttpResponse:
    """A summary per client booked with one therapist on one day: a page each in print."""
    practice = request.practice
    chosen = chosen_schedule(request, practice)
    day, therapist = chosen.day, chosen.therapist
    pairs: list[tuple[Appointment, Any]] = []
    if therapist is not None:
        start, end = local_bounds(day, day, practice.zone)
        visits = list(
            Appointment.objects.for_practice(practice)
            .filter(
                therapist=therapist,
                status=Appointment.Status.BOOKED,
                starts_at__gte=start,
                starts_at__lt=end,
            )
            .select_related("client", "service", "therapist")
            .order_by("starts_at")
        )
        summaries = {
            s.client.pk: s
            for s in summaries_for((v.client for v in visits), today=timezone.localdate())
        }
        pairs = [(visit, summaries[visit.client_id]) for visit in visits]
        clients = list({v.client_id: v.client for v in visits}.values())
        log_views(request.user, "care.summary.viewed", clients, audit=AuditContext.of(request))
    return render(
        request,
        "care/summary/page.html",
        {"summaries": pairs, "section": "calendar", **chosen.day_header()},
    )

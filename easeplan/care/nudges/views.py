"""Clients drifting off their plan: nudges, the opt-out, the one-click next time.

The links in a nudge email need no password: a signed token names the nudge (booking,
expires after 14 days) or the client (stopping reminders, never expires). The plan page
and the dashboard show clinicians who is drifting and why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from easeplan.accounts.audit import AuditContext, signed_in
from easeplan.accounts.http import ClientRequest
from easeplan.booking import availability
from easeplan.booking import services as booking
from easeplan.booking.links import manage_token
from easeplan.booking.public import red_flags
from easeplan.practice.models import Client

from ..models import Nudge, PlanOfCare
from . import services as nudges
from .forms import RemindersForm, TimeForm

OTHER_TIMES = 8  # free times offered besides the proposed one
SEARCH_DAYS = 14


# -- the one-click link -------------------------------------------------------------------


def _nudge(token: str) -> Nudge:
    nudge = nudges.nudge_for_token(token)
    if nudge is None:
        raise Http404("This link is not valid any more. Please contact the practice.")
    return nudge


def _times(nudge: Nudge, now: dt.datetime) -> dict[str, Any]:
    """The proposed time if still free, and the nearest other free times."""
    parties = nudges.booking_parties(nudge.plan, nudge.appointment)
    if parties is None:
        return {"therapist": None, "service": None, "proposed": None, "other_days": []}
    therapist, service = parties
    target = nudge.proposed_start or now
    end = max(now, target) + dt.timedelta(days=SEARCH_DAYS)
    free = availability.free_times(therapist, service, now, end, now=now)
    proposed = nudge.proposed_start if nudge.proposed_start in free else None
    nearest = sorted((t for t in free if t != proposed), key=lambda t: (abs(t - target), t))
    by_day: dict[dt.date, list[dt.datetime]] = {}
    for time in sorted(nearest[:OTHER_TIMES]):
        by_day.setdefault(time.astimezone(nudge.practice.zone).date(), []).append(time)
    return {
        "therapist": therapist,
        "service": service,
        "proposed": proposed,
        "proposed_taken": nudge.proposed_start is not None and proposed is None,
        "other_days": sorted(by_day.items()),
    }


def _book_context(nudge: Nudge, now: dt.datetime) -> dict[str, Any]:
    context: dict[str, Any] = {
        "nudge": nudge,
        "client": nudge.client,
        "practice": nudge.practice,
        "active": nudge.plan.status == PlanOfCare.Status.ACTIVE,
    }
    booked = nudges.booked_since(nudge, now)
    if booked is not None:
        manage = reverse("booking:manage", args=[manage_token(booked)])
        return context | {"booked": booked, "manage_url": manage}
    if context["active"]:
        context |= _times(nudge, now)
    return context


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, token: str) -> HttpResponse:
    """The nudge email's link: GET asks "Book Thursday 5 December at 10:00?", POST books
    it as a visit of the plan; if it was taken meanwhile, the nearest free times."""
    nudge = _nudge(token)
    held = red_flags.held_page(request, nudge.practice, nudge.client)
    if held is not None:
        return held
    now = timezone.now()
    if request.method == "POST":
        form = TimeForm(request.POST)
        if form.is_valid():
            start = form.cleaned_data["start"] or nudge.proposed_start
            try:
                if start is None:
                    raise booking.BookingRefused(gettext("Please choose a time from the list."))
                nudges.book_from_nudge(nudge, start, actor=signed_in(request.user), now=now)
            except booking.BookingRefused as refused:
                context = _book_context(nudge, now) | {"refused": refused}
                return render(request, "care/nudges/book.html", context, status=409)
            messages.success(request, gettext("Booked. We've emailed you the details."))
            return redirect("nudges:book", token=token)
        problem = booking.BookingRefused(str(form.errors["start"][0]))
        context = _book_context(nudge, now) | {"refused": problem}
        return render(request, "care/nudges/book.html", context, status=400)
    return render(request, "care/nudges/book.html", _book_context(nudge, now))


# -- turning reminders off and on ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """The opt-out link in every nudge: GET asks to confirm, POST turns reminders off (or
    back on). No password needed."""
    client = nudges.client_for_stop_token(token)
    if client is None:
        raise Http404("This link is not valid. Please contact the practice.")
    form = RemindersForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            on = form.cleaned_data["on"]
            nudges.set_nudges(
                client, on, actor=signed_in(request.user), audit=AuditContext.of(request)
            )
            messages.success(request, _done_message(on, client))
            return redirect("nudges:stop", token=token)
        return render(
            request, "care/nudges/stop.html", {"client": client, "form": form}, status=400
        )
    return render(request, "care/nudges/stop.html", {"client": client, "form": form})


def _done_message(on: bool, client: Client) -> str:
    if on:
        message = gettext("Plan reminders from %(practice)s are on again.")
    else:
        message = gettext("Done: %(practice)s won't send you plan reminders any more.")
    return message % {"practice": client.practice.name}


@login_required
@require_http_methods(["GET", "POST"])
def reminders(request: ClientRequest) -> HttpResponse:
    """A signed-in client turns plan reminders on or off, for each practice they visit."""
    records = list(
        Client.objects.filter(user=request.user)
        .select_related("practice")
        .order_by("practice__name")
    )
    form = RemindersForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            context = {"records": records, "form": form}
            return render(request, "care/nudges/settings.html", context, status=400)
        client = next((c for c in records if c.code == form.cleaned_data["client"]), None)
        if client is None:
            raise Http404("No such client.")
        on = form.cleaned_data["on"]
        nudges.set_nudges(client, on, actor=request.user, audit=AuditContext.of(request))
        messages.success(request, _done_message(on, client))
        return redirect("nudges:settings")
    return render(request, "care/nudges/settings.html", {"records": records, "form": form})

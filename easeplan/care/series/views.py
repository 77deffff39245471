"""Booking a plan's whole series of visits at once, and shifting the rest after a move.

Staff (owner, therapist and front desk) book from the plan; the page shows only dates,
service and therapist, never the plan's clinical details, because the front desk books
too. A client books their own plan online, under the practice's online rules. GET shows
a proposal; POST books the chosen times all or none and redirects, or shows a new
proposal when a time was taken meanwhile. Everything works without JavaScript.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from easeplan.accounts.audit import AuditContext, log_action, signed_in
from easeplan.accounts.http import ClientRequest
from easeplan.booking import links
from easeplan.booking.models import Appointment
from easeplan.booking.public import red_flags
from easeplan.booking.services import BookingRefused
from easeplan.care.models import PlanOfCare
from easeplan.practice.access import CLINICIANS, client_records
from easeplan.practice.http import StaffRequest
from easeplan.practice.models import Service, Therapist
from easeplan.screening.holds import services as holds

from . import services as series
from . import shift as series_shift
from .forms import ChosenTimesForm, RedFlagSeenForm, SeriesForm, ShiftForm

RED_FLAG_UNSEEN = gettext_lazy(
    "This client has a red flag: tick to confirm you have seen it, or don't book yet."
)
PLAN_RELATIONS = ("client", "therapist", "service", "practice")
VISIT_RELATIONS = ("practice", "therapist", "service", "client")


def _defaults(plan: PlanOfCare, *, staff: bool) -> dict[str, Any]:
    """The plan's start (or today) at the first free time, its therapist and service."""
    today = timezone.now().astimezone(plan.practice.zone).date()
    data: dict[str, Any] = {"first_day": max(plan.starts_on, today).isoformat(), "tolerance": 2}
    if staff:
        data["therapist"] = plan.therapist.code if plan.therapist else ""
        data["service"] = plan.service.code if plan.service else ""
    return data


# -- booking the series ------------------------------------------------------------------


@client_records
@require_http_methods(["GET", "POST"])
def propose(request: StaffRequest, code: str) -> HttpResponse:
    """Staff: propose the plan's remaining visits and book the chosen times at once."""
    plan = get_object_or_404(
        PlanOfCare.objects.for_practice(request.practice).select_related(*PLAN_RELATIONS),
        code=code,
    )
    clinician = request.membership.role in CLINICIANS
    if request.method == "GET":
        log_action(request.user, "booking.series.viewed", plan, audit=AuditContext.of(request))
    # The front desk can't open the plan page (it is a clinical record): back to the client.
    done = (
        reverse("plans:detail", args=[plan.code])
        if clinician
        else reverse("practice:client", args=[plan.client.code])
    )
    context = {"clinician": clinician, "section": "clients"} | _hold_flags(plan)
    return _series_page(request, plan, staff=True, done=done, context=context)


def _hold_flags(plan: PlanOfCare) -> dict[str, Any]:
    """For staff booking a held client's series: the flag, to show and acknowledge."""
    stop = holds.stop_for(client=plan.client)
    if stop is None:
        return {}
    seen = RedFlagSeenForm(client_name=plan.client.full_name)
    return {"hold_flags": {"held": True, "held_flags": stop.flags}, "red_flag_form": seen}


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: ClientRequest, code: str) -> HttpResponse:
    """A client books the rest of their own plan online; anyone else gets 404."""
    plan = get_object_or_404(
        PlanOfCare.objects.select_related(*PLAN_RELATIONS), client__user=request.user, code=code
    )
    held = red_flags.held_page(request, plan.practice, plan.client)
    if held is not None:
        return held
    with timezone.override(plan.practice.zone):
        done = reverse("plans:mine", args=[plan.code])
        return _series_page(request, plan, staff=False, done=done, context={})


def _series_page(
    request: HttpRequest, plan: PlanOfCare, *, staff: bool, done: str, context: dict[str, Any]
) -> HttpResponse:
    template = "care/series/staff.html" if staff else "care/series/mine.html"
    asked = "first_day" in request.GET
    form = SeriesForm(
        request.GET if asked else _defaults(plan, staff=staff), plan=plan, staff=staff
    )
    context |= {"plan": plan, "form": form, "zone": plan.practice.time_zone}
    if not form.is_valid():
        if not asked:  # the plan lacks a therapist or service: ask without errors yet
            context["form"] = SeriesForm(
                initial=_defaults(plan, staff=staff), plan=plan, staff=staff
            )
        return render(request, template, context, status=400 if asked else 200)
    therapist = form.cleaned_data.get("therapist") or plan.therapist
    service = form.cleaned_data.get("service") or plan.service
    if therapist is None or service is None:
        context["closed"] = gettext(
            "Your plan has no therapist or service yet. Please contact us to book."
        )
        return render(request, template, context)
    now = timezone.now()
    wish = _wish(form, plan, therapist, service, now=now, staff=staff)
    if wish is None:
        return render(request, template, context, status=400 if asked else 200)
    status = 200
    if request.method == "POST":
        chosen = ChosenTimesForm(request.POST, planned=plan.visits_planned)
        try:
            if not chosen.is_valid():
                raise BookingRefused(" ".join(str(e) for e in chosen.non_field_errors()))
            if context.get("hold_flags") and not RedFlagSeenForm(request.POST).is_valid():
                raise BookingRefused(str(RED_FLAG_UNSEEN))
            booked = series.book_series(
                plan, chosen.starts(), therapist=therapist, service=service,
                actor=signed_in(request.user), staff=staff, now=now, wish=wish,
            )  # fmt: skip
        except series.SeriesRefused as refused:
            context |= {"refused": refused, "offer": refused.proposal}
            return render(request, template, context, status=409)
        except BookingRefused as refused:
            context["refused"], status = refused, 400
        else:
            if context.get("hold_flags"):
                data = {"client": plan.client.code, "visits": len(booked)}
                log_action(
                    signed_in(request.user), "screening.red_flag_hold.acknowledged", plan, data
                )
            messages.success(request, _booked(booked, plan, staff=staff))
            return redirect(done)
    try:
        context["offer"] = series.propose(
            plan, wish, therapist=therapist, service=service, now=now, staff=staff
        )
    except BookingRefused as refused:
        context["closed"] = refused.message
    return render(request, template, context, status=status)


def _wish(
    form: SeriesForm,
    plan: PlanOfCare,
    therapist: Therapist,
    service: Service,
    *,
    now: dt.datetime,
    staff: bool,
) -> series.Wish | None:
    """The first start (the given time, or the first free one) and the preferences; None
    with an error on the form when nothing is free in the two weeks from the day."""
    data = form.cleaned_data
    zone = plan.practice.zone
    weekdays = frozenset(data["weekdays"])
    first: dt.datetime | None
    if data["first_time"] is not None:
        first = dt.datetime.combine(data["first_day"], data["first_time"], tzinfo=zone)
    else:
        first = series.first_free_start(
            therapist, service, data["first_day"],
            weekdays=weekdays, hours=form.preferred_hours, now=now, staff=staff,
        )  # fmt: skip
    if first is None:
        form.add_error(
            "first_day",
            gettext(
                "%(therapist)s has no free time in the two weeks from %(day)s. Choose a later day."
            )
            % {"therapist": therapist, "day": formats.date_format(data["first_day"], "j F")},
        )
        return None
    tolerance = dt.timedelta(days=data["tolerance"])
    return series.Wish(first, weekdays, form.preferred_hours, tolerance)


def _booked(visits: list[Appointment], plan: PlanOfCare, *, staff: bool) -> str:
    zone = plan.practice.zone
    first, last = visits[0].starts_at.astimezone(zone), visits[-1].starts_at.astimezone(zone)
    span = formats.date_format(first, gettext("D j M"))
    if len(visits) > 1:
        span = gettext("%(first)s to %(last)s") % {
            "first": span,
            "last": formats.date_format(last, gettext("D j M")),
        }
    n = len(visits)
    values = {"n": n, "span": span, "client": plan.client.full_name}
    if staff:
        return ngettext(
            "Booked %(n)d visit for %(client)s (%(span)s). %(name)s has been emailed once, "
            "with all of them.",
            "Booked %(n)d visits for %(client)s (%(span)s). %(name)s has been emailed once, "
            "with all of them.",
            n,
        ) % (values | {"name": plan.client.first_name})
    return (
        ngettext(
            "Your %(n)d visit is booked (%(span)s). We've emailed you the list with a calendar "
            "file.",
            "Your %(n)d visits are booked (%(span)s). We've emailed you the list with a calendar "
            "file.",
            n,
        )
        % values
    )


# -- shifting the rest after a move ------------------------------------------------------


@client_records
@require_http_methods(["GET", "POST"])
def shift(request: StaffRequest, code: str) -> HttpResponse:
    """Staff: after a plan visit was moved, offer to move its later visits the same way."""
    anchor = get_object_or_404(
        Appointment.objects.for_practice(request.practice).select_related(*VISIT_RELATIONS),
        code=code,
    )
    if request.method == "GET":
        log_action(
            request.user, "booking.series.shift_viewed", anchor, audit=AuditContext.of(request)
        )
    back = reverse("visits:detail", args=[anchor.code])
    context = {"section": "calendar", "back": back}
    return _shift_page(request, anchor, staff=True, back=back, context=context)


@require_http_methods(["GET", "POST"])
def shift_mine(request: HttpRequest, token: str) -> HttpResponse:
    """The client's equivalent, from the signed link of the visit they just moved."""
    code = links.code_from_token(token)
    anchor = (
        Appointment.objects.select_related(*VISIT_RELATIONS).filter(code=code).first()
        if code
        else None
    )
    if anchor is None:
        raise Http404(gettext("This link is not valid. Please use the link in your latest email."))
    back = reverse("booking:manage", args=[token])
    held = red_flags.held_page(request, anchor.practice, anchor.client)
    if held is not None:
        return held
    with timezone.override(anchor.practice.zone):
        return _shift_page(request, anchor, staff=False, back=back, context={"back": back})


def _shift_page(
    request: HttpRequest, anchor: Appointment, *, staff: bool, back: str, context: dict[str, Any]
) -> HttpResponse:
    template = "care/series/shift_staff.html" if staff else "care/series/shift_mine.html"
    offer = series_shift.shift_offer(anchor, staff=staff)
    context |= {"anchor": anchor, "offer": offer, "zone": anchor.practice.time_zone}
    if offer is not None:
        context["how_far"] = how_far(offer.shift.delta)
    if request.method != "POST" or offer is None:
        return render(request, template, context)
    form = ShiftForm(request.POST, offer=offer)
    form.is_valid()  # every field is optional: what can't be read counts as "keep"
    try:
        moved = series_shift.shift_rest(
            anchor, form.moves(), actor=signed_in(request.user), staff=staff
        )
    except series_shift.ShiftRefused as refused:
        context |= {"refused": refused, "offer": refused.offer}
        return render(request, template, context, status=409)
    except BookingRefused as refused:
        context["refused"] = refused
        return render(request, template, context, status=400)
    n = len(moved)
    if staff:
        message = ngettext(
            "Moved %(n)d later visit. The client has been emailed each new time.",
            "Moved %(n)d later visits. The client has been emailed each new time.",
            n,
        )
    else:
        message = ngettext(
            "Your %(n)d later visit moved too. We've emailed you each new time.",
            "Your %(n)d later visits moved too. We've emailed you each new time.",
            n,
        )
    messages.success(request, message % {"n": n})
    return redirect(back)


def how_far(delta: dt.timedelta) -> str:
    """A shift in words, in the reader's language: "1 day later", "2 hours 30 minutes
    earlier"."""
    size = abs(delta)
    hours, minutes = divmod(size.seconds // 60, 60)
    parts = []
    if size.days:
        parts.append(ngettext("%(n)d day", "%(n)d days", size.days) % {"n": size.days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if minutes:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    if not parts:
        return gettext("no time later")
    amount = " ".join(parts)
    if delta >= dt.timedelta(0):
        return gettext("%(amount)s later") % {"amount": amount}
    return gettext("%(amount)s earlier") % {"amount": amount}

"""Online booking: service → therapist or first available → day → time → confirm."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from easeplan.accounts.audit import signed_in
from easeplan.booking import availability, extensions, links, moves, services
from easeplan.booking.models import Appointment
from easeplan.lib import dates, htmx
from easeplan.lib.params import day_param, strip_days
from easeplan.practice.http import SiteRequest
from easeplan.practice.models import Practice, Therapist

from . import red_flags
from .forms import BookingKeyForm, NewClientForm, SlotForm

DAYS_SHOWN = moves.DAYS_SHOWN


def site_practice(request: SiteRequest) -> Practice:
    practice = request.site_practice
    if not practice:
        raise Http404("No practice has been set up yet.")
    return practice


def _day_param(request: HttpRequest, name: str, today: dt.date, *, horizon_days: int) -> dt.date:
    """`?name=` as a day from today to the booking horizon (else today, saying why)."""
    window = dates.online(horizon_days)
    return day_param(request, name, today=today, window=window, default=today)


def book(request: SiteRequest) -> HttpResponse:
    """One page that grows as choices are made; every choice is a plain link (no JS)."""
    practice = site_practice(request)
    held = red_flags.held_page(request, practice, _client_of(request, practice))
    if held is not None:
        return held
    offered = practice.services.filter(is_active=True, bookable_online=True)
    therapists = list(practice.therapists.filter(is_active=True))
    service = offered.filter(code=request.GET.get("service", "")).first()
    chosen = request.GET.get("therapist", "")
    therapist = next((t for t in therapists if t.code == chosen), None)
    context: dict[str, Any] = {
        "services": offered,
        "service": service,
        "therapists": therapists,
        "therapist": therapist,
        "any_therapist": chosen == "any",
    }
    if service and (therapist or chosen == "any"):
        context |= _calendar(request, practice, service, [therapist] if therapist else therapists)
    times = "booking/public/partials/_times.html" if context.get("days") is not None else None
    return htmx.render_page(request, "booking/public/book.html", context, fragment=times)


def _calendar(
    request: HttpRequest, practice: Practice, service: Any, therapists: list[Therapist]
) -> dict[str, Any]:
    """Free times for the chosen day, and which of the next days have any."""
    now = timezone.now()
    zone = practice.zone
    today = now.astimezone(zone).date()
    first = _day_param(request, "from", today, horizon_days=practice.booking_horizon_days)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(first + dt.timedelta(days=DAYS_SHOWN), dt.time.min, tzinfo=zone)
    by_time: dict[dt.datetime, Therapist] = {}
    for therapist in therapists:  # "first available": the earliest therapist free at a time
        for time in availability.free_times(therapist, service, start, end, now=now):
            by_time.setdefault(time, therapist)
    times = sorted(by_time.items())
    days = [first + dt.timedelta(days=i) for i in range(DAYS_SHOWN)]
    open_days = {t.astimezone(zone).date() for t, _ in times}
    day = max(_day_param(request, "day", today, horizon_days=practice.booking_horizon_days), first)
    if day not in open_days:
        day = min(open_days) if open_days else first
    return {
        "days": [(d, d in open_days) for d in days],
        "day": day,
        "times": [(t, who) for t, who in times if t.astimezone(zone).date() == day],
        "next_from": _later(first, today, practice.booking_horizon_days),
        "previous_from": first - dt.timedelta(days=DAYS_SHOWN) if first > today else None,
        "zone": practice.time_zone,
    }


@require_http_methods(["GET", "POST"])
def confirm(request: SiteRequest) -> HttpResponse:
    practice = site_practice(request)
    held = red_flags.held_page(request, practice, _client_of(request, practice))
    if held is not None:
        return held
    slot = SlotForm(request.GET, practice=practice)
    if not slot.is_valid():
        for errors in slot.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("booking:book")
    service, therapist, start = (slot.cleaned_data[k] for k in ("service", "therapist", "start"))
    client = _client_of(request, practice)
    details = None if client else NewClientForm(request.POST or None, region=practice.country)
    context = {
        "service": service,
        "therapist": therapist,
        "start": start,
        "details": details,
        "client": client,
        "zone": practice.time_zone,
        "booking_key": BookingKeyForm(request.POST or None).key(),
    }
    if request.method == "POST" and (details is None or details.is_valid()):
        try:
            appointment = services.book_online(
                practice,
                therapist,
                service,
                start,
                user=request.user,
                details=details.cleaned_data if details else None,
                booking_key=context["booking_key"],
            )
        except services.AlreadyBooked as already:
            return _already_booked(request, already.appointment)
        except services.BookingRefused as refused:
            context |= {"refused": refused}
            return render(request, "booking/public/confirm.html", context, status=409)
        request.session.setdefault("booked", []).append(appointment.code)
        request.session.modified = True
        extensions.booked_online(request, appointment)
        return redirect("booking:done", code=appointment.code)
    return render(request, "booking/public/confirm.html", context)


def _already_booked(request: HttpRequest, appointment: Appointment) -> HttpResponse:
    """The same confirm form sent again (back and resubmit, a double click): the visit it
    booked, with the link to move or cancel it, instead of "that time was just taken"."""
    _remember_booked(request, appointment)
    return render(
        request,
        "booking/public/already_booked.html",
        {
            "appointment": appointment,
            "zone": appointment.practice.time_zone,
            "manage_url": reverse("booking:manage", args=[links.manage_token(appointment)]),
        },
    )


def _remember_booked(request: HttpRequest, appointment: Appointment) -> None:
    """This browser booked `appointment`: it may see the confirmation page."""
    booked = request.session.setdefault("booked", [])
    if appointment.code not in booked:
        booked.append(appointment.code)
        request.session.modified = True


def _client_of(request: HttpRequest, practice: Practice) -> Any:
    if not request.user.is_authenticated:
        return None
    return practice.clients.filter(user=request.user).first()


def done(request: SiteRequest, code: str) -> HttpResponse:
    """The confirmation page: only the browser that booked (or the client) may see it."""
    practice = site_practice(request)
    appointment = get_object_or_404(
        Appointment.objects.for_practice(practice).select_related("therapist", "service"), code=code
    )
    mine = code in request.session.get("booked", []) or (
        request.user.is_authenticated and appointment.client.user_id == request.user.pk
    )
    if not mine:
        raise Http404("No such booking.")
    return render(
        request,
        "booking/public/done.html",
        {
            "appointment": appointment,
            "zone": practice.time_zone,
            "account_url": reverse("account_home"),
            "forms_token": None,
            **extensions.done_context(appointment),
        },
    )


def _visit_for_token(request: HttpRequest, token: str) -> Appointment:
    code = links.code_from_token(token)
    appointment = (
        Appointment.objects.select_related("practice", "therapist", "service", "client")
        .filter(code=code)
        .first()
        if code
        else None
    )
    if appointment is None:
        raise Http404("This link is not valid. Please use the link in your latest email.")
    return appointment


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Move or cancel a visit from the signed link in an email; no password needed."""
    appointment = _visit_for_token(request, token)
    practice = appointment.practice
    now = timezone.now()
    context: dict[str, Any] = {
        "appointment": appointment,
        "zone": practice.time_zone,
        "late": services.is_late(appointment, now),
    }
    stop = red_flags.stop_for(request, appointment.client)
    if stop is not None:  # cancelling stays possible; moving waits for a clinician
        context |= red_flags.context_for(stop, practice, appointment.client)
        context["can_cancel"] = appointment.status == Appointment.Status.BOOKED
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "move" and stop is not None:
                raise red_flags.HeldByRedFlag(stop)
            if action == "cancel":
                services.cancel_appointment(appointment, actor=signed_in(request.user))
                messages.success(request, _("Your visit is cancelled. We've emailed you."))
                return redirect("booking:manage", token=token)
            if action == "move":
                start = moves.posted_start(request.POST.get("start", ""), practice)
                moved = services.move_appointment(appointment, start, actor=signed_in(request.user))
                messages.success(
                    request, _("Your visit has moved. We've emailed you the new time.")
                )
                if extensions.shift_offered(moved):  # the plan's later visits the same way?
                    return redirect("series:shift_mine", token=token)
                return redirect("booking:manage", token=token)
        except services.BookingRefused as refused:
            context["refused"] = refused
        else:
            context["refused"] = services.BookingRefused(_("Please choose an action."))
    movable = appointment.status == Appointment.Status.BOOKED and appointment.starts_at > now
    if movable and stop is None:
        today = now.astimezone(practice.zone).date()
        asked_from, asked_day = strip_days(request, today=today, window=moves.window(practice))
        context |= moves.move_choices(appointment, now, asked_from=asked_from, asked_day=asked_day)
    status = 409 if "refused" in context else 200
    return render(request, "booking/public/manage.html", context, status=status)


def _later(first: dt.date, today: dt.date, horizon_days: int) -> dt.date | None:
    """The next two weeks' first day, while it is inside the booking horizon."""
    later = first + dt.timedelta(days=DAYS_SHOWN)
    return later if later <= dates.online(horizon_days).last(today) else None


@require_http_methods(["GET", "POST"])
def join_waitlist(request: SiteRequest) -> HttpResponse:
    """Ask to be told when a time opens on chosen days."""
    from easeplan.booking import waitlist

    practice = site_practice(request)
    service = practice.services.filter(
        code=request.GET.get("service", ""), is_active=True, bookable_online=True
    ).first()
    if service is None:
        messages.error(request, _("Please choose a service first."))
        return redirect("booking:book")
    held = red_flags.held_page(request, practice, _client_of(request, practice))
    if held is not None:
        return held
    therapist = practice.therapists.filter(
        code=request.GET.get("therapist", ""), is_active=True
    ).first()
    today = timezone.now().astimezone(practice.zone).date()
    days = [today + dt.timedelta(days=i) for i in range(waitlist.MAX_DAYS)]
    client = _client_of(request, practice)
    details = None if client else NewClientForm(request.POST or None, region=practice.country)
    context: dict[str, Any] = {
        "service": service,
        "therapist": therapist,
        "days": days,
        "details": details,
        "client": client,
    }
    if request.method == "POST" and (details is None or details.is_valid()):
        chosen = [d for d in days if d.isoformat() in request.POST.getlist("days")]
        try:
            with transaction.atomic():
                if details is not None:  # a new client, whose details are valid
                    client, _created = services.client_for_booking(
                        practice, user=None, details=details.cleaned_data
                    )
                waitlist.join(practice, client, service, therapist, chosen)
        except services.BookingRefused as refused:
            context["refused"] = refused
            return render(request, "booking/public/waitlist.html", context, status=400)
        listed = ", ".join(date_format(day, "l j F") for day in chosen)
        done = {"days": chosen, "days_listed": listed}
        return render(request, "booking/public/waitlist_done.html", done)
    return render(request, "booking/public/waitlist.html", context)


@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a waitlist email: books the offered time if it is still free."""
    from easeplan.booking import waitlist

    offer = waitlist.read_offer(token)
    if offer is None:
        raise Http404("This link is not valid.")
    entry, therapist, start = offer
    held = red_flags.held_page(request, entry.practice, entry.client)
    if held is not None:
        return held
    context: dict[str, Any] = {
        "entry": entry,
        "therapist": therapist,
        "start": start,
        "zone": entry.practice.time_zone,
    }
    if request.method == "POST":
        try:
            appointment = waitlist.claim(entry, therapist, start)
        except services.BookingRefused as refused:
            context["refused"] = refused
            return render(request, "booking/public/claim.html", context, status=409)
        request.session.setdefault("booked", []).append(appointment.code)
        request.session.modified = True
        return redirect("booking:done", code=appointment.code)
    return render(request, "booking/public/claim.html", context)

"""Check-in pages: before a visit (the client's phone, the therapist's tablet) and the
weekly check-in opened from its email link.

- The client's own visit: signed in, their visit only (anyone else's answers 404), open
  from a day before the visit until it ends.
- The therapist's tablet: clinicians (owners and therapists, two-factor authentication
  used); the answers are kept with the staff member who entered them; every view is
  audited (DESIGN invariant 5).
- The weekly link: no password. The page shows the client's first name and the plan's
  name, nothing else; a used or expired link says so and shows nothing; a changed link
  answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from easeplan.accounts.audit import AuditContext, log_action, signed_in
from easeplan.accounts.http import ClientRequest
from easeplan.booking.models import Appointment
from easeplan.practice.access import clinical_records
from easeplan.practice.http import StaffRequest

from ..models import CheckIn
from . import links, services
from .forms import CheckInForm, RedFlagsSinceForm
from .services import CheckInRefused

_VISIT_RELATED = ("client", "therapist", "service", "practice", "plan")


# -- before a visit ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def visit_checkin(request: ClientRequest, code: str) -> HttpResponse:
    """The client's check-in before their visit, on their phone."""
    visit = get_object_or_404(
        Appointment.objects.select_related(*_VISIT_RELATED), client__user=request.user, code=code
    )
    with timezone.override(visit.practice.zone):
        return _visit_page(request, visit, staff=False)


@clinical_records
@require_http_methods(["GET", "POST"])
def staff_visit_checkin(request: StaffRequest, code: str) -> HttpResponse:
    """The same check-in on the therapist's tablet: handed to the client, or read out."""
    visit = get_object_or_404(
        Appointment.objects.for_practice(request.practice).select_related(*_VISIT_RELATED),
        code=code,
    )
    return _visit_page(request, visit, staff=True)


def _visit_page(request: HttpRequest, visit: Appointment, *, staff: bool) -> HttpResponse:
    now = timezone.now()
    existing = CheckIn.objects.filter(appointment=visit).select_related("entered_by").first()
    done = existing is not None and existing.completed
    if staff and request.method == "GET":
        data = {"appointment": visit.code, "completed": done}
        log_action(
            signed_in(request.user),
            "outcomes.checkin.viewed",
            existing or visit,
            data,
            audit=AuditContext.of(request),
        )
    template = "outcomes/checkins/staff.html" if staff else "outcomes/checkins/visit.html"
    context: dict[str, Any] = {"visit": visit, "client": visit.client, "staff": staff}
    if staff:
        context["section"] = "clients"
    if done:
        if request.method == "POST":
            messages.info(request, str(services.ALREADY_IN))
            return redirect(request.path)
        context["raised"] = services.raised_before(visit)
        return render(request, template, context | _completed(existing, staff))
    closed = services.visit_closed_because(visit, now)
    if closed:
        return render(request, template, context | {"closed": closed}, status=_closed(request))
    form = CheckInForm(
        request.POST or None, instruments=services.questions_for(visit.plan, visit, now)
    )
    safety = RedFlagsSinceForm(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), safety.is_valid()]):
        return _record_visit(request, visit, form, staff=staff, red_flags=safety.codes())
    status = 400 if request.method == "POST" else 200
    return render(request, template, context | {"form": form, "safety": safety}, status=status)


def _closed(request: HttpRequest) -> int:
    return 409 if request.method == "POST" else 200


def _completed(checkin: Any, staff: bool) -> dict[str, Any]:
    """The thank-you for the client; for staff, the answers in short."""
    context: dict[str, Any] = {"checkin": checkin}
    if staff:
        context["summary"] = services.summary_parts(checkin.responses.all())
    return context


def _record_visit(
    request: HttpRequest,
    visit: Appointment,
    form: CheckInForm,
    *,
    staff: bool,
    red_flags: list[str],
) -> HttpResponse:
    try:
        checkin = services.visit_checkin(visit)
        services.record(
            checkin,
            form.answers(),
            actor=signed_in(request.user),
            now=timezone.now(),
            staff=staff,
            audit=AuditContext.of(request),
            red_flags=red_flags,
        )
    except CheckInRefused as refused:
        messages.error(request, refused.message)
        return redirect(request.path)
    if staff and red_flags:
        messages.warning(
            request,
            gettext(
                "Red flags since the last visit: a doctor should see them before massage. "
                "Online booking is paused until a clinician clears it on the client's page."
            ),
        )
    if staff:
        pain = services.pain_before(visit)
        if pain is not None:
            saved = gettext(
                "Check-in saved. Pain now %(pain)s/10. A new note of this visit starts from "
                "these answers."
            ) % {"pain": pain}
        else:
            saved = gettext("Check-in saved. A new note of this visit starts from these answers.")
        messages.success(request, saved)
        return redirect("visits:detail", code=visit.code)
    return redirect(request.path)  # the page now thanks the client


# -- the weekly check-in ----------------------------------------------------------------------


def _weekly(token: str) -> CheckIn:
    code = links.code_from_token(token)
    checkin = (
        CheckIn.objects.select_related("client", "plan", "practice")
        .filter(code=code, kind=CheckIn.Kind.WEEKLY)
        .first()
        if code
        else None
    )
    if checkin is None:
        raise Http404("This link is not valid.")
    return checkin


@require_http_methods(["GET", "POST"])
def weekly(request: HttpRequest, token: str) -> HttpResponse:
    """The weekly check-in from its email link: the form for that one check-in."""
    checkin = _weekly(token)
    now = timezone.now()
    if checkin.completed:
        return _link_closed(request, str(services.ALREADY_IN), status=200)
    if checkin.expires_at is None or checkin.expires_at <= now:
        return _link_closed(request, str(services.EXPIRED), status=410)
    form = CheckInForm(
        request.POST or None, instruments=services.questions_for(checkin.plan, None, now)
    )
    if request.method == "POST" and form.is_valid():
        actor = signed_in(request.user)
        try:
            services.record(
                checkin, form.answers(), actor=actor, now=now, audit=AuditContext.of(request)
            )
        except CheckInRefused as refused:
            return _link_closed(request, refused.message, status=409)
        return redirect("outcomes:weekly_thanks")
    # Only the first name and the plan's name: the link may be opened by anyone holding it.
    context = {
        "form": form,
        "first_name": checkin.client.first_name,
        "plan_title": checkin.plan.title if checkin.plan else "",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "outcomes/checkins/weekly.html", context, status=status)


def _link_closed(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(
        request, "outcomes/checkins/weekly_closed.html", {"message": message}, status=status
    )


@require_GET
def weekly_thanks(request: HttpRequest) -> HttpResponse:
    """After a weekly check-in: thanks, and where to see progress (signed in)."""
    return render(request, "outcomes/checkins/weekly_thanks.html")

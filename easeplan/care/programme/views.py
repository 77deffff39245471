"""The home programme: what is prescribed, ticked off, and adherence.

Staff (owners and therapists, MFA used in the session) prescribe and stop exercises from
the plan page and browse the library. The client ticks each session off on their phone
(an htmx swap of the exercise card, or a plain POST and redirect without JavaScript) and
reads how to do each exercise. Other people's prescriptions answer 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.http import ClientRequest
from easeplan.lib import htmx
from easeplan.practice.access import clinical_records
from easeplan.practice.http import StaffRequest

from ..models import PlanOfCare, Prescription
from ..summary.services import BLOCKED_LABELS
from . import rules as exercises
from .forms import PickExerciseForm, PrescriptionForm, TickForm
from .panels import Card, cards_for, exercise_text, library_choices
from .rules import Exercise
from .services import (
    ProgrammeRefused,
    blocked_for,
    prescribe,
    stop,
    tick,
    today_for,
    untick,
)

# -- staff ----------------------------------------------------------------------------------


def _plan(request: StaffRequest, code: str) -> PlanOfCare:
    return get_object_or_404(
        PlanOfCare.objects.for_practice(request.practice).select_related(
            "client", "therapist", "service", "practice"
        ),
        code=code,
    )


def _plan_page(plan: PlanOfCare) -> str:
    return reverse("plans:detail", kwargs={"code": plan.code}) + "#programme"


@clinical_records
@require_GET
def library(request: StaffRequest) -> HttpResponse:
    """Every exercise of the library: figure, steps, usual dosage and what rules it out."""
    entries = [
        (exercise_text(e), sorted(str(BLOCKED_LABELS.get(code, code)) for code in e.blocked_by))
        for e in exercises.LIBRARY
    ]
    return render(
        request, "care/programme/library.html", {"library": entries, "section": "clients"}
    )


@clinical_records
@require_http_methods(["GET", "POST"])
def prescribe_exercise(request: StaffRequest, code: str) -> HttpResponse:
    """Prescribe one exercise in a plan: pick it (GET ?exercise=), then set its dosage."""
    plan = _plan(request, code)
    if request.method == "POST":
        return _prescribe_post(request, plan)
    picked = PickExerciseForm(request.GET) if "exercise" in request.GET else PickExerciseForm()
    exercise = picked.chosen()
    form = PrescriptionForm(exercise=exercise) if exercise else None
    log_action(
        request.user,
        "care.plan.viewed",
        plan,
        {"page": "prescribe"},
        audit=AuditContext.of(request),
    )
    return _prescribe_page(request, plan, form, exercise, picked)


def _prescribe_post(request: StaffRequest, plan: PlanOfCare) -> HttpResponse:
    form = PrescriptionForm(request.POST)
    exercise = exercises.find(form.data.get("exercise", ""))
    if form.is_valid():
        try:
            prescription = prescribe(
                plan,
                form.cleaned_data["exercise"],
                form.dosage(),
                notes=form.cleaned_data["notes"],
                actor=request.user,
                audit=AuditContext.of(request),
            )
        except ProgrammeRefused as refused:
            form.add_error(None, refused.message)
        else:
            name = gettext(exercises.BY_CODE[prescription.exercise].name)
            messages.success(
                request,
                gettext("%(exercise)s added to %(client)s's programme.")
                % {"exercise": name, "client": plan.client.first_name},
            )
            return redirect(_plan_page(plan))
    return _prescribe_page(request, plan, form, exercise, None, status=400)


def _prescribe_page(
    request: StaffRequest,
    plan: PlanOfCare,
    form: PrescriptionForm | None,
    exercise: Exercise | None,
    picked: PickExerciseForm | None,
    status: int = 200,
) -> HttpResponse:
    today = today_for(plan.practice)
    prescribed = set(
        plan.prescriptions.filter(stopped_at__isnull=True).values_list("exercise", flat=True)
    )
    blocked_codes = blocked_for(plan.client, today=today)
    context = {
        "plan": plan,
        "client": plan.client,
        "form": form,
        "exercise": exercise_text(exercise) if exercise else None,
        "blocked": exercises.allowed(exercise, blocked_codes, gettext) if exercise else None,
        "already": exercise is not None and exercise.code in prescribed,
        "picked": picked,
        "library": library_choices(blocked_codes, prescribed),
        "section": "clients",
    }
    dosage = "care/programme/dosage.html" if request.method == "GET" else None
    context["inline"] = dosage is not None and htmx.wants_fragment(request)
    page = "care/programme/prescribe.html"
    return htmx.render_page(request, page, context, fragment=dosage, status=status)


@clinical_records
@require_POST
def stop_prescription(request: StaffRequest, code: str) -> HttpResponse:
    """Take an exercise out of the client's programme (its ticks are kept)."""
    prescription = get_object_or_404(
        Prescription.objects.for_practice(request.practice).select_related(
            "plan__client", "practice"
        ),
        code=code,
    )
    name = exercises.find(prescription.exercise)
    try:
        stop(prescription, actor=request.user, audit=AuditContext.of(request))
    except ProgrammeRefused as refused:
        messages.info(request, refused.message)
    else:
        messages.success(
            request,
            gettext("Stopped: %(exercise)s. Its ticks stay in the plan's adherence.")
            % {"exercise": gettext(name.name) if name else prescription.exercise},
        )
    return redirect(_plan_page(prescription.plan))


# -- the client -------------------------------------------------------------------------------


def _own_prescription(request: HttpRequest, code: str) -> Prescription:
    """The signed-in client's own prescription `code`; 404 for anyone else's."""
    prescription = get_object_or_404(
        Prescription.objects.select_related("plan__client", "plan__practice", "practice"),
        plan__client__user=request.user,
        code=code,
    )
    return prescription


def _card(prescription: Prescription, today: dt.date) -> Card:
    (card,) = cards_for([prescription], today)
    return card


@login_required
@require_GET
def my_exercise(request: HttpRequest, code: str) -> HttpResponse:
    """How to do one exercise of the client's programme, with today's ticks."""
    prescription = _own_prescription(request, code)
    today = today_for(prescription.practice)
    card = _card(prescription, today)
    context = {
        "card": card,
        "plan": prescription.plan,
        "exercise": exercise_text(card.exercise) if card.exercise else None,
        "page": "exercise",
    }
    with timezone.override(prescription.practice.zone):
        return render(request, "care/programme/exercise.html", context)


@login_required
@require_POST
def tick_session(request: ClientRequest, code: str) -> HttpResponse:
    """The client ticks a session off or takes the tick back. With htmx the answer is the
    exercise card; without, a redirect back to the page the client came from."""
    prescription = _own_prescription(request, code)
    today = today_for(prescription.practice)
    form = TickForm(request.POST, today=today)
    error = ""
    if not form.is_valid():
        error = gettext("That didn't work. Please try again.")
    else:
        data = form.cleaned_data
        change = tick if data["action"] == "tick" else untick
        try:
            change(prescription, day=data["day"], session=data["session"], user=request.user)
        except ProgrammeRefused as refused:
            error = refused.message
    page = form.cleaned_data.get("page") if form.is_valid() else ""
    if htmx.wants_fragment(request):
        context = {"card": _card(prescription, today), "error": error, "page": page or "plan"}
        with timezone.override(prescription.practice.zone):
            return htmx.render_fragment(request, "care/programme/card.html", context)
    if error:
        messages.error(request, error)
    if page == "exercise":
        return redirect("programme:exercise", code=prescription.code)
    if page == "home":
        return redirect(reverse("account_home") + f"#ex-{code}")
    return redirect(reverse("plans:mine", kwargs={"code": prescription.plan.code}) + f"#ex-{code}")

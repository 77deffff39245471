"""The plan page: one place to run a course of treatment, from assessment to discharge.

Staff pages are for owners and therapists (clinical records, MFA used in the session);
every view is audited. The client sees their own plan under their account.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.http import ClientRequest
from easeplan.booking.links import manage_token
from easeplan.booking.models import Appointment
from easeplan.practice.access import clinical_records
from easeplan.practice.http import StaffRequest
from easeplan.screening.models import Assessment

from ..intake import rules as intake
from ..models import Intake, PlanOfCare, SessionNote
from ..notes.panels import notes_for_plan
from ..programme.panels import programme_for_client, programme_for_plan
from ..programme.services import adherence_for
from ..series.panels import series_for_client, series_for_plan
from ..summary.services import flags_for
from . import rules as plans
from .forms import DischargeForm, ExtendForm, PlanForm, StatusForm, default_terms, initial_terms
from .services import (
    TRANSITIONS,
    PlanRefused,
    change_status,
    discharge,
    extend,
    progress_of,
    update_plan,
)
from .services import create_plan as create

Status = PlanOfCare.Status


def _plan(request: StaffRequest, code: str) -> PlanOfCare:
    return get_object_or_404(
        PlanOfCare.objects.for_practice(request.practice).select_related(
            "client", "therapist", "service", "assessment", "practice"
        ),
        code=code,
    )


def _visits(plan: PlanOfCare) -> list[Appointment]:
    return list(plan.visits.select_related("therapist", "service").order_by("starts_at"))


@clinical_records
@require_http_methods(["GET", "POST"])
def new_plan(request: StaffRequest, code: str) -> HttpResponse:
    """A plan for one client, from an assessment (`?assessment=`) or from the client page."""
    practice = request.practice
    client = get_object_or_404(practice.clients, code=code)
    assessment = None
    if request.GET.get("assessment"):
        assessment = get_object_or_404(
            Assessment.objects.for_practice(practice).filter(client=client),
            code=request.GET["assessment"],
        )
    form = PlanForm(request.POST or None, practice=practice, initial=_defaults(request, client))
    if request.method == "POST" and form.is_valid():
        try:
            plan = create(
                client,
                form.terms(),
                actor=request.user,
                assessment=assessment,
                activate="activate" in request.POST,
                audit=AuditContext.of(request),
            )
        except PlanRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, gettext("Plan of care saved. Next: book its visits."))
            return redirect("plans:detail", code=plan.code)
    if request.method == "GET":  # the form starts from the client's intake
        log_action(request.user, "care.plan.new_viewed", client, audit=AuditContext.of(request))
    context = {"client": client, "form": form, "assessment": assessment, "section": "clients"}
    status = 400 if request.method == "POST" else 200
    return render(request, "care/plans/form.html", context, status=status)


def _defaults(request: StaffRequest, client: Any) -> dict[str, Any]:
    found = Intake.objects.filter(client=client).first()
    answers = found.answers if found and found.completed else {}
    therapist = request.practice.therapists.filter(user=request.user).first()
    initial = default_terms(
        today=timezone.localdate(),
        active_client=intake.is_active(answers),
        goals=answers.get("goals", ""),
    )
    initial["therapist"] = therapist.pk if therapist else None
    # Visits are booked as the practice's most booked service unless the therapist says.
    service = (
        request.practice.services.filter(is_active=True)
        .annotate(booked=Count("appointments"))
        .order_by("-booked", "pk")
        .first()
    )
    initial["service"] = service.pk if service else None
    return initial


@clinical_records
@require_GET
def plan_detail(request: StaffRequest, code: str) -> HttpResponse:
    """The plan page: progress, visits, notes, home programme, drift, status and review."""
    plan = _plan(request, code)
    now = timezone.now()
    visits = _visits(plan)
    notes = notes_for_plan(plan)
    note_of = {row["visit"].pk: row for row in notes.get("rows", [])}
    log_action(request.user, "care.plan.viewed", plan, audit=AuditContext.of(request))
    next_statuses = _next_statuses(plan)
    context = {
        "plan": plan,
        "client": plan.client,
        "visits": [(v, _visit_state(v, now), note_of.get(v.pk)) for v in visits],
        "progress": progress_of(plan, visits, now),
        "history": plan.status_changes.select_related("changed_by"),
        "flags": flags_for([plan.client], today=timezone.localdate())[plan.client_id],
        "status_form": StatusForm(offered=next_statuses),
        "next_statuses": next_statuses,
        "review_due": plan.is_open and plan.review_on <= timezone.localdate(),
        "notes": notes,
        "programme": programme_for_plan(plan),
        "series": series_for_plan(plan),
        "section": "clients",
    }
    return render(request, "care/plans/detail.html", context)


def _visit_state(visit: Appointment, now: dt.datetime) -> str:
    if visit.status == Appointment.Status.BOOKED:
        return "upcoming" if visit.starts_at > now else "attended"
    return {
        Appointment.Status.COMPLETED: "attended",
        Appointment.Status.NO_SHOW: "missed",
        Appointment.Status.CANCELLED: "cancelled",
    }[Appointment.Status(visit.status)]


def _next_statuses(plan: PlanOfCare) -> list[tuple[str, str]]:
    allowed = TRANSITIONS[plan.status] - {Status.DISCHARGED}  # discharge goes through review
    return [(s.value, str(s.label)) for s in Status if s in allowed]


@clinical_records
@require_http_methods(["GET", "POST"])
def edit_plan(request: StaffRequest, code: str) -> HttpResponse:
    plan = _plan(request, code)
    form = PlanForm(request.POST or None, practice=plan.practice, initial=initial_terms(plan))
    if request.method == "POST" and form.is_valid():
        try:
            update_plan(plan, form.terms(), actor=request.user, audit=AuditContext.of(request))
        except PlanRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, gettext("Plan updated."))
            return redirect("plans:detail", code=plan.code)
    if request.method == "GET":
        log_action(
            request.user, "care.plan.viewed", plan, {"page": "edit"}, audit=AuditContext.of(request)
        )
    context = {"client": plan.client, "plan": plan, "form": form, "section": "clients"}
    status = 400 if request.method == "POST" else 200
    return render(request, "care/plans/form.html", context, status=status)


@clinical_records
@require_POST
def plan_status(request: StaffRequest, code: str) -> HttpResponse:
    """Start, pause, restart, complete or stop a plan (with a reason)."""
    plan = _plan(request, code)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose what to do with the plan."))
        return redirect("plans:detail", code=plan.code)
    try:
        change_status(
            plan,
            form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
            audit=AuditContext.of(request),
        )
    except PlanRefused as refused:
        messages.error(request, str(refused))
    else:
        label = Status(form.cleaned_data["status"]).label.lower()
        messages.success(request, gettext("The plan is now %(status)s.") % {"status": label})
    return redirect("plans:detail", code=plan.code)


@clinical_records
@require_http_methods(["GET", "POST"])
def plan_review(request: StaffRequest, code: str) -> HttpResponse:
    """The review: visits done, adherence and change, with a suggested next step; from
    here the therapist continues the plan (more visits) or discharges with a closing note."""
    plan = _plan(request, code)
    action = request.POST.get("action")
    discharge_form = DischargeForm(request.POST if action == "discharge" else None)
    extend_form = ExtendForm(
        request.POST if action == "extend" else None,
        initial={"extra_visits": 2, "review_on": timezone.localdate() + dt.timedelta(weeks=2)},
    )
    if action == "discharge" and discharge_form.is_valid():
        return _discharge(request, plan, discharge_form)
    if action == "extend" and extend_form.is_valid():
        return _extend(request, plan, extend_form)
    log_action(request.user, "care.plan.review_viewed", plan, audit=AuditContext.of(request))
    context = {
        "plan": plan,
        "client": plan.client,
        "review": review_of(plan),
        "discharge_form": discharge_form,
        "extend_form": extend_form,
        "section": "clients",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "care/plans/review.html", context, status=status)


def _discharge(request: StaffRequest, plan: PlanOfCare, form: DischargeForm) -> HttpResponse:
    try:
        discharge(
            plan,
            closing_note=form.cleaned_data["closing_note"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
            audit=AuditContext.of(request),
        )
    except PlanRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, gettext("Discharged. The closing note is on the plan."))
    return redirect("plans:detail", code=plan.code)


def _extend(request: StaffRequest, plan: PlanOfCare, form: ExtendForm) -> HttpResponse:
    extra, review_on = form.cleaned_data["extra_visits"], form.cleaned_data["review_on"]
    try:
        extend(
            plan,
            extra_visits=extra,
            review_on=review_on,
            actor=request.user,
            audit=AuditContext.of(request),
        )
    except PlanRefused as refused:
        messages.error(request, str(refused))
    else:
        day = formats.date_format(review_on, "l j F")
        messages.success(
            request,
            ngettext(
                "Plan continued: %(extra)d more visit, next review %(day)s.",
                "Plan continued: %(extra)d more visits, next review %(day)s.",
                extra,
            )
            % {"extra": extra, "day": day},
        )
    return redirect("plans:detail", code=plan.code)


def review_of(plan: PlanOfCare) -> dict[str, Any]:
    """What the review shows: visits done and missed, pain then and now, and advice."""
    now = timezone.now()
    visits = _visits(plan)
    latest = (
        SessionNote.objects.filter(plan_of_care=plan, pain_today__isnull=False)
        .order_by("-appointment__starts_at")
        .values_list("pain_today", flat=True)
        .first()
    )
    progress = progress_of(plan, visits, now)
    missed = sum(1 for v in visits if v.status == Appointment.Status.NO_SHOW)
    cancelled = sum(1 for v in visits if v.status == Appointment.Status.CANCELLED)
    weeks = adherence_for(plan, today=timezone.localdate()).overall
    adherence = plans.adherence_percent(sum(w.done for w in weeks), sum(w.due for w in weeks))
    advice = plans.suggest_next_step(
        visits_done=progress.attended, baseline_pain=plan.baseline_pain, latest_pain=latest
    )
    return {
        "progress": progress,
        "missed": missed,
        "cancelled": cancelled,
        "baseline_pain": plan.baseline_pain,
        "latest_pain": latest,
        "advice": advice,
        "advice_label": gettext(advice.step.label),
        "advice_reason": gettext(advice.message) % dict(advice.values),
        "adherence": adherence,
    }


# -- the client's own view ---------------------------------------------------------------


@login_required
@require_GET
def my_plan(request: ClientRequest, code: str) -> HttpResponse:
    """The client's plan: where they are ("visit 2 of 5"), what comes next, home exercises."""
    plan = get_object_or_404(
        PlanOfCare.objects.select_related("client", "therapist", "service", "practice"),
        client__user=request.user,
        code=code,
    )
    now = timezone.now()
    visits = _visits(plan)
    upcoming = [v for v in visits if v.status == Appointment.Status.BOOKED and v.starts_at > now]
    context = {
        "plan": plan,
        "progress": progress_of(plan, visits, now),
        "upcoming": [(v, _manage_url(v)) for v in upcoming],
        "programme": programme_for_client(plan),
        "series": series_for_client(plan),
    }
    with timezone.override(plan.practice.zone):
        return render(request, "care/plans/mine.html", context)


def _manage_url(visit: Appointment) -> str:
    return reverse("booking:manage", args=[manage_token(visit)])

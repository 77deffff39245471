"""The therapist's assessment and referral letter: owners and therapists only, with MFA."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.practice.access import clinical_records
from easeplan.practice.http import StaffRequest

from ..models import Assessment, Referral
from . import services
from .forms import AssessmentForm, ReferralForm


def _assessment(request: StaffRequest, code: str) -> Assessment:
    return get_object_or_404(
        Assessment.objects.for_practice(request.practice).select_related(
            "client", "therapist", "appointment", "practice"
        ),
        code=code,
    )


@clinical_records
@require_http_methods(["GET", "POST"])
def new_assessment(request: StaffRequest, code: str) -> HttpResponse:
    """Record the clinical tests and features of one client; `?visit=` links a visit."""
    practice = request.practice
    client = get_object_or_404(practice.clients, code=code)
    visit = None
    if request.GET.get("visit"):
        visit = get_object_or_404(
            client.appointments.select_related("therapist"), code=request.GET["visit"]
        )
    today = timezone.localdate()
    blocked = services.blocked_tests_for(client, today=today)
    form = AssessmentForm(request.POST or None, blocked=blocked, today=today)
    context: dict[str, Any] = {
        "client": client,
        "visit": visit,
        "form": form,
        "section": "clients",
    }
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "screening/assessments/form.html", context, status=400)
        therapist = visit.therapist if visit else _own_profile(request)
        try:
            assessment = services.record_assessment(
                client,
                results=form.results(),
                features=form.cleaned_data["features"],
                notes=form.cleaned_data["notes"],
                assessed_on=form.cleaned_data["assessed_on"],
                therapist=therapist,
                appointment=visit,
                actor=request.user,
                today=today,
            )
        except services.AssessmentRefused as refused:
            form.add_error(None, str(refused))
            return render(request, "screening/assessments/form.html", context, status=400)
        messages.success(request, gettext("Assessment saved."))
        return redirect("assessments:detail", code=assessment.code)
    log_action(
        request.user, "screening.assessment.new_viewed", client, audit=AuditContext.of(request)
    )
    return render(request, "screening/assessments/form.html", context)


def _own_profile(request: StaffRequest) -> Any:
    """The signed-in person's therapist profile in this practice, if they have one."""
    return request.practice.therapists.filter(user=request.user).first()


@clinical_records
@require_GET
def assessment_detail(request: StaffRequest, code: str) -> HttpResponse:
    assessment = _assessment(request, code)
    log_action(
        request.user, "screening.assessment.viewed", assessment, audit=AuditContext.of(request)
    )
    return render(
        request,
        "screening/assessments/detail.html",
        {
            "assessment": assessment,
            "client": assessment.client,
            "referrals": assessment.referrals.all(),
            "section": "clients",
        },
    )


@clinical_records
@require_http_methods(["GET", "POST"])
def new_referral(request: StaffRequest, code: str) -> HttpResponse:
    """Write a referral letter from an assessment; email it when an address is given."""
    assessment = _assessment(request, code)
    form = ReferralForm(request.POST or None, initial={"email": assessment.client.email})
    context = {"assessment": assessment, "client": assessment.client, "form": form}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "screening/assessments/referral_form.html", context, status=400)
        to = form.cleaned_data["email"]
        referral = services.send_referral(
            assessment, reason=form.cleaned_data["reason"], to=to, actor=request.user
        )
        messages.success(
            request,
            gettext("Referral letter written and emailed to %(address)s.") % {"address": to}
            if to
            else gettext("Referral letter written."),
        )
        return redirect("assessments:letter", code=referral.code)
    log_action(
        request.user, "screening.referral.new_viewed", assessment, audit=AuditContext.of(request)
    )
    return render(
        request, "screening/assessments/referral_form.html", context | {"section": "clients"}
    )


@clinical_records
@require_GET
def referral_letter(request: StaffRequest, code: str) -> HttpResponse:
    """The printable letter."""
    referral = get_object_or_404(
        Referral.objects.for_practice(request.practice).select_related(
            "practice", "assessment__client", "assessment__therapist", "created_by"
        ),
        code=code,
    )
    log_action(request.user, "screening.referral.viewed", referral, audit=AuditContext.of(request))
    return render(
        request,
        "screening/assessments/referral_letter.html",
        {"letter": services.letter_for(referral), "section": "clients"},
    )

"""The progress report of a plan: an HTML page with a print stylesheet, and a PDF.

Staff (owner and therapist, two-factor authentication used) open any plan of their
practice; opening and downloading are audited (DESIGN invariant 5), and they write the
therapist's summary the report prints. A client opens the report of their own plans only;
anyone else's plan answers 404. Each page runs a constant number of queries
(easeplan.outcomes.reports.services).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.care.models import PlanOfCare
from easeplan.practice.access import clinical_records
from easeplan.practice.http import StaffRequest

from . import pdf as report_pdf
from . import services as reports
from .forms import SummaryForm
from .services import Report

_RELATED = ("client__user", "therapist", "practice")


def _staff_plan(request: StaffRequest, code: str) -> PlanOfCare:
    return get_object_or_404(
        PlanOfCare.objects.for_practice(request.practice).select_related(*_RELATED),
        code=code,
    )


def _own_plan(request: HttpRequest, code: str) -> PlanOfCare:
    """A plan of a client record linked to the signed-in person; 404 for anyone else's."""
    return get_object_or_404(
        PlanOfCare.objects.select_related(*_RELATED), client__user=request.user, code=code
    )


def _audit_data(report: Report) -> dict[str, Any]:
    return {"measures": [m.code for m in report.measures], "visits": len(report.visits)}


@clinical_records
@require_GET
def plan_report(request: StaffRequest, code: str) -> HttpResponse:
    """The staff's report page: the report, Print and Download PDF, the summary form."""
    plan = _staff_plan(request, code)
    report = reports.build(plan)
    log_action(
        request.user,
        "outcomes.report.viewed",
        plan,
        _audit_data(report),
        audit=AuditContext.of(request),
    )
    return _staff_page(request, plan, report, SummaryForm(initial={"summary": plan.summary}))


def _staff_page(
    request: HttpRequest, plan: PlanOfCare, report: Report, form: SummaryForm, status: int = 200
) -> HttpResponse:
    context = {
        "plan": plan,
        "client": plan.client,
        "report": report,
        "form": form,
        "pdf_url": "reports:plan_pdf",
        "section": "clients",
    }
    return render(request, "outcomes/reports/plan.html", context, status=status)


@clinical_records
@require_GET
def plan_report_pdf(request: StaffRequest, code: str) -> HttpResponse:
    """The report as a PDF download."""
    plan = _staff_plan(request, code)
    with translation.override(reports.language_of(plan)):
        report = reports.build(plan)
        data = _audit_data(report)
        log_action(
            request.user, "outcomes.report.downloaded", plan, data, audit=AuditContext.of(request)
        )
        return _pdf(report)


@clinical_records
@require_POST
def save_summary(request: StaffRequest, code: str) -> HttpResponse:
    """Save the therapist's summary; a summary too long is shown again with the reason."""
    plan = _staff_plan(request, code)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, plan, reports.build(plan), form, status=400)
    text = form.cleaned_summary()
    reports.save_summary(plan, text, actor=request.user, audit=AuditContext.of(request))
    messages.success(request, gettext("Summary saved.") if text else gettext("Summary cleared."))
    return redirect("reports:plan", code=plan.code)


@login_required
@require_GET
def my_report(request: HttpRequest, code: str) -> HttpResponse:
    """The client's own report, to print or download for their doctor."""
    plan = _own_plan(request, code)
    report = reports.build(plan)
    context = {"plan": plan, "report": report, "pdf_url": "reports:mine_pdf"}
    with timezone.override(plan.practice.zone):
        return render(request, "outcomes/reports/mine.html", context)


@login_required
@require_GET
def my_report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The client's own report as a PDF download."""
    plan = _own_plan(request, code)
    with translation.override(reports.language_of(plan)):
        return _pdf(reports.build(plan))


def _pdf(report: Report) -> HttpResponse:
    response = HttpResponse(report_pdf.render(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(report)}"'
    return response

"""Progress pages: the therapist's (every instrument, with the meaningful-change verdict
since the baseline) and the client's (pain, function, sleep and mood in plain words).

Each chart is drawn by static/js/progress.js (vendored Chart.js) from a JSON data island;
the table beside it is the accessible alternative and is all there is without script.
Both pages run a constant number of queries (easeplan.outcomes.progress.services); the staff page
is audited (DESIGN invariant 5); a client sees only their own plan, others answer 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.http import ClientRequest
from easeplan.care.models import PlanOfCare
from easeplan.practice.access import clinical_records
from easeplan.practice.http import StaffRequest

from . import services as progress
from .services import Measure, Progress

_RELATED = ("client", "therapist", "service", "practice")


@clinical_records
@require_GET
def plan_progress(request: StaffRequest, code: str) -> HttpResponse:
    """The therapist's progress page of a plan: one chart and table per instrument."""
    plan = get_object_or_404(
        PlanOfCare.objects.for_practice(request.practice).select_related(*_RELATED),
        code=code,
    )
    found = progress.for_plan(plan)
    measures = [m for m in found.measures if m.points]
    data = {"instruments": [m.code for m in measures], "check_ins": len(found.rows(measures))}
    log_action(request.user, "outcomes.progress.viewed", plan, data, audit=AuditContext.of(request))
    context = {
        "plan": plan,
        "client": plan.client,
        "progress": found,
        "charts": [_chart(found, m) for m in measures],
        "section": "clients",
    }
    return render(request, "outcomes/progress/plan.html", context)


def _chart(found: Progress, measure: Measure) -> dict[str, Any]:
    rows = [(point, score) for point, score in zip(measure.points, measure.scores, strict=True)]
    return {
        "measure": measure,
        "rows": rows,
        "data": progress.chart_data(found, [measure]),
        "id": f"chart-{measure.code}",
    }


@login_required
@require_GET
def my_progress(request: ClientRequest, code: str) -> HttpResponse:
    """The client's progress on their plan: plain sentences first, then a chart and a table
    per measure, one at a time through a picker (all of them without script)."""
    plan = get_object_or_404(
        PlanOfCare.objects.select_related(*_RELATED), client__user=request.user, code=code
    )
    found = progress.for_plan(plan)
    measures = found.only(progress.FOR_CLIENT)
    context = {
        "plan": plan,
        "progress": found,
        "measures": measures,
        "rows": found.rows(measures),
        # One chart and table per measure: a phone shows the one picked (static/js/progress.js).
        "charts": [_chart(found, m) for m in measures],
    }
    with timezone.override(plan.practice.zone):
        return render(request, "outcomes/progress/mine.html", context)

"""The practice outcomes dashboard for the owner: the page and its CSV export.

Both read `easeplan.outcomes.dashboard.services` (a constant number of queries, scoped to the
owner's practice); the figures are defined in `easeplan.outcomes.rates`. Aggregates only,
no client's record, so the page is not audited; the export is.
"""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.practice.access import owner_required
from easeplan.practice.http import StaffRequest

from .. import rates
from . import services as dashboard


@owner_required
@require_GET
def outcomes_dashboard(request: StaffRequest) -> HttpResponse:
    """Active plans, completion, meaningful change and drop-off: 12 months, by month and
    by therapist."""
    practice = request.practice
    found = dashboard.for_practice(practice, timezone.now())
    context = {
        "dashboard": found,
        "headline": found.headline,
        "drop_off_days": rates.DROP_OFF_AFTER_DAYS,
        "section": "outcomes",
    }
    return render(request, "outcomes/dashboard/index.html", context)


@owner_required
@require_GET
def outcomes_csv(request: StaffRequest) -> HttpResponse:
    """The dashboard's tables as CSV: one row per month, then one per therapist."""
    practice = request.practice
    now = timezone.now()
    found = dashboard.for_practice(practice, now)
    rows = rates.export_rows(found.months, found.therapists)
    rows[0] = [gettext(column) for column in rows[0]]  # the header, in the reader's language
    day = timezone.localdate(now, practice.zone).isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="outcomes-{practice.slug}-{day}.csv"'
    # A byte-order mark, or Excel reads the UTF-8 in the legacy code page and garbles
    # accented therapist names; other spreadsheets and csv readers skip it.
    response.write("\ufeff")
    csv.writer(response).writerows(rows)
    data = {"months": len(found.months), "therapists": len(found.therapists)}
    log_action(
        request.user,
        "outcomes.dashboard.exported",
        None,
        data,
        practice=practice,
        audit=AuditContext.of(request),
    )
    return response

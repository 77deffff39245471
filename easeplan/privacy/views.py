"""The client's data download and deletion request; the staff list of requests.

Clients reach their own data only (everything is looked up through the signed-in user).
Staff see their practice's requests (client names: MFA used in the session); only the
owner carries one out.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.http import ClientRequest
from easeplan.accounts.models import Membership
from easeplan.lib import ratelimit
from easeplan.practice.access import View, client_records
from easeplan.practice.http import StaffRequest
from easeplan.practice.models import Client

from . import export, services
from .forms import CarryOutForm, DeletionForm
from .models import DeletionRequest

Status = DeletionRequest.Status
TRIES_PER_WINDOW = 10
WINDOW_SECONDS = 15 * 60


def owner_records(view: View) -> View:
    """Owners only, with two-factor authentication used in the session."""
    return client_records(view, roles=(Membership.Role.OWNER,))


def _download(request: ClientRequest, kind: str, content_type: str) -> HttpResponse:
    data = export.export_for(request.user)
    body = export.as_json(data) if kind == "json" else export.as_zip(data)
    log_action(
        request.user,
        "privacy.data.exported",
        None,
        {"format": kind, "records": len(data["records"])},
        audit=AuditContext.of(request),
    )
    response = HttpResponse(body, content_type=content_type)
    name = f"easeplan-data-{timezone.localdate().isoformat()}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def export_json(request: ClientRequest) -> HttpResponse:
    """Everything we hold about the signed-in person, as one JSON file."""
    return _download(request, "json", "application/json")


@login_required
@require_GET
def export_csv(request: ClientRequest) -> HttpResponse:
    """The same data as a zip of CSV files, one per kind, with a README.txt."""
    return _download(request, "zip", "application/zip")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: ClientRequest) -> HttpResponse:
    """Explain what deleting the account means, take the request, show open ones."""
    records = list(
        Client.objects.filter(user=request.user)
        .select_related("practice")
        .order_by("practice__name")
    )
    form = DeletionForm(request.user, request.POST or None)
    if request.method == "POST" and records:
        allowed = ratelimit.hit(
            "privacy-delete",
            str(request.user.pk),
            limit=TRIES_PER_WINDOW,
            window_seconds=WINDOW_SECONDS,
        )
        if allowed and form.is_valid():
            made = services.request_deletion(request.user, form.cleaned_data["reason"])
            messages.success(request, _requested_message(len(made)))
            return redirect("privacy:delete")
        if not allowed:
            form.add_error(None, gettext("Too many tries. Please wait 15 minutes and try again."))
    open_requests = services.open_requests_of(request.user)
    waiting = {r.client_id for r in open_requests}
    to_request = [c for c in records if c.pk not in waiting]
    context = {
        "records": records,
        "open_requests": open_requests,
        "to_request": to_request,
        "to_request_names": get_text_list([c.practice.name for c in to_request], gettext("and")),
        "form": form,
    }
    return render(request, "privacy/delete.html", context)


def _requested_message(made: int) -> str:
    if not made:
        return gettext("Your request is already with the practice. Nothing more to do.")
    return gettext(
        "Your request is sent. The practice will carry it out and email you when it's done; "
        "until then you can withdraw it here."
    )


@login_required
@require_POST
def withdraw(request: ClientRequest, code: str) -> HttpResponse:
    """The client takes back an open request: nothing is deleted."""
    found = get_object_or_404(DeletionRequest, code=code, client__user=request.user)
    try:
        services.withdraw(found, actor=request.user)
    except services.PrivacyRefused as refused:
        messages.warning(request, refused.message)
    else:
        messages.success(request, gettext("Your request is withdrawn. Nothing was deleted."))
    return redirect("privacy:delete")


@client_records
@require_GET
def requests(request: StaffRequest) -> HttpResponse:
    """The practice's deletion requests: open ones first, then those handled."""
    practice = request.practice
    is_open = Case(
        When(status=Status.REQUESTED, then=Value(0)), default=1, output_field=IntegerField()
    )
    found = (
        DeletionRequest.objects.for_practice(practice)
        .select_related("client", "handled_by")
        .annotate(is_open=is_open)
        .order_by("is_open", "-requested_at", "-pk")[:300]
    )
    context = {
        "requests": found,
        "is_owner": request.membership.role == Membership.Role.OWNER,
        "form": CarryOutForm(),
        "section": "privacy",
    }
    return render(request, "privacy/requests.html", context)


@owner_records
@require_POST
def carry_out(request: StaffRequest, code: str) -> HttpResponse:
    """The owner carries out a request (once they have ticked the confirmation)."""
    practice = request.practice
    found = get_object_or_404(
        DeletionRequest.objects.for_practice(practice).select_related("client"), code=code
    )
    form = CarryOutForm(request.POST)
    if not form.is_valid():
        messages.warning(request, str(form.errors["confirm"][0]))
        return redirect("privacy:requests")
    name = found.client.full_name
    try:
        services.carry_out(found, actor=request.user)
    except services.PrivacyRefused as refused:
        messages.warning(request, refused.message)
        return redirect("privacy:requests")
    found.client.refresh_from_db(fields=["records_kept_until"])
    kept = found.client.records_kept_until
    assert kept is not None  # carry_out sets it
    messages.success(
        request,
        gettext(
            "%(name)s's account and contact details are deleted. "
            "The clinical record is kept until %(kept)s."
        )
        % {"name": name, "kept": formats.date_format(kept, "j F Y")},
    )
    return redirect("privacy:requests")

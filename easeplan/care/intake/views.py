"""The intake questionnaire: the client fills in their own; clinicians view it and can fill
it in on the client's behalf.

"Save and finish later" keeps the raw values (nothing validated, nothing lost); "Submit"
validates everything and stores the answers. The page opens with the draft if there is
one, else the submitted answers, else what the client's self-check already told us.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from easeplan.accounts.audit import AuditContext, log_action, signed_in
from easeplan.lib import htmx
from easeplan.lib.http import HtmxRequest
from easeplan.practice.access import clinical_records
from easeplan.practice.http import StaffRequest
from easeplan.practice.models import Client
from easeplan.screening.models import SelfCheck
from easeplan.screening.rules import self_check as rules

from ..access import client_forms, open_link
from ..models import Intake
from . import rules as intake
from . import services
from .forms import IntakeForm, initial_from_answers, initial_from_draft, raw_values, summary_lines


def open_forms(request: HttpRequest, token: str) -> HttpResponse:
    """The email link: this session may now fill in that client's intake and consents."""
    client = open_link(request, token)
    return redirect("intake:client_intake", code=client.code)


@require_http_methods(["GET", "POST"])
@client_forms
def client_intake(request: HtmxRequest, client: Client) -> HttpResponse:
    """The client's own intake (signed in, or from the email link); others get 404."""
    found = _intake_of(client)
    if request.method == "GET" and "done" in request.GET and found and found.completed:
        return _done(request, client, found)
    return _intake_page(request, client, found, staff=False)


@clinical_records
@require_http_methods(["GET", "POST"])
def staff_intake(request: StaffRequest, code: str) -> HttpResponse:
    """A clinician reads the intake, or fills it in with the client (e.g. on the phone)."""
    client = get_object_or_404(
        request.practice.clients.select_related("practice"),
        code=code,
    )
    if request.method == "GET":
        log_action(request.user, "care.intake.viewed", client, audit=AuditContext.of(request))
    return _intake_page(request, client, _intake_of(client), staff=True)


def _intake_of(client: Client) -> Intake | None:
    return Intake.objects.filter(client=client).select_related("submitted_by").first()


def _page_url(client: Client, *, staff: bool) -> str:
    name = "intake:staff_intake" if staff else "intake:client_intake"
    return reverse(name, args=[client.code])


def _intake_page(
    request: HtmxRequest, client: Client, found: Intake | None, *, staff: bool
) -> HttpResponse:
    today = timezone.now().astimezone(client.practice.zone).date()
    completed = found is not None and found.completed
    self_check = None if completed else client.self_checks.first()
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "draft":
            return _save_draft(request, client, staff=staff)
        form = IntakeForm(request.POST, today=today, region=client.practice.country)
        if form.is_valid():
            submitted = services.submit_intake(
                client,
                form.answers(),
                actor=signed_in(request.user),
                audit=AuditContext.of(request),
            )
            return _after_submit(request, client, submitted, staff=staff)
        status = 400
    else:
        form = IntakeForm(
            initial=_initial(client, found, self_check),
            today=today,
            region=client.practice.country,
        )
    if completed:
        _ask_red_flags_again(form)
    context = {
        "client": client,
        "intake": found,
        "form": form,
        "sections": _sections(form, self_check),
        "error_summary": _error_summary(form),
        "self_check": self_check,
        "staff": staff,
        "section": "clients",
        "base_template": "practice/staff_base.html" if staff else "base.html",
        "page_url": _page_url(client, staff=staff),
    }
    return render(request, "care/intake/page.html", context, status=status)


def _ask_red_flags_again(form: IntakeForm) -> None:
    """Updating the intake asks the red-flag questions afresh (CLINICAL.md §2)."""
    form.fields["red_flags"].help_text = gettext(
        "Asked again each time the answers are updated: tick any that are true now."
    )


def _initial(client: Client, found: Intake | None, self_check: SelfCheck | None) -> dict[str, Any]:
    """The draft if there is one, else the submitted answers (the red-flag questions
    unticked, to be answered again), else the self-check's."""
    if found is not None and found.draft:
        return initial_from_draft(found.draft)
    if found is not None and found.completed:
        return {k: v for k, v in initial_from_answers(found.answers).items() if k != "red_flags"}
    initial: dict[str, Any] = {"phone": client.phone, "date_of_birth": client.date_of_birth}
    if self_check is not None:
        initial |= initial_from_answers(self_check.answers)
    return initial


def _sections(form: IntakeForm, self_check: SelfCheck | None) -> list[dict[str, Any]]:
    """Each fieldset, and for questions the self-check answered, what it said."""
    found = []
    for section, fields in form.sections():
        carried = self_check is not None and section.from_self_check
        found.append(
            {
                "section": section,
                "fields": fields,
                "carried": summary_lines(form, section.fields) if carried else None,
                "has_errors": any(field.errors for field in fields),
            }
        )
    return found


def _error_summary(form: IntakeForm) -> list[tuple[str, str, str]]:
    """(field name, question, message) for every problem, in the page's order."""
    if not form.is_bound:
        return []
    order = [name for section, _ in form.sections() for name in section.fields]
    problems = [
        (name, str(form.fields[name].label), str(error))
        for name in order
        for error in form.errors.get(name, [])
    ]
    return [("", "", str(e)) for e in form.non_field_errors()] + problems


def _save_draft(request: HtmxRequest, client: Client, *, staff: bool) -> HttpResponse:
    saved = services.save_intake_draft(
        client,
        raw_values(request.POST),
        actor=signed_in(request.user),
        audit=AuditContext.of(request),
    )
    if htmx.wants_fragment(request):
        context = {"intake": saved, "client": client}
        return htmx.render_fragment(request, "care/intake/partials/_draft_status.html", context)
    messages.success(
        request,
        gettext("Saved. You can come back and finish later — nothing you typed is lost."),
    )
    return redirect(_page_url(client, staff=staff))


def _after_submit(
    request: HttpRequest, client: Client, found: Intake, *, staff: bool
) -> HttpResponse:
    if not staff:
        return redirect(f"{_page_url(client, staff=False)}?done=1")
    flags = intake.red_flags(found.answers)
    messages.success(
        request, gettext("Intake submitted for %(client)s.") % {"client": client.full_name}
    )
    if flags:
        reasons = "; ".join(gettext(flag.reason) for flag in flags)
        messages.warning(
            request,
            gettext("Red flags — a doctor should see them before massage: %(reasons)s.")
            % {"reasons": reasons},
        )
    return redirect(_page_url(client, staff=True))


def _done(request: HttpRequest, client: Client, found: Intake) -> HttpResponse:
    """Thank you — or, if an answer is a red flag, see a doctor before any massage."""
    flags = intake.red_flags(found.answers)
    emergency = [flag for flag in flags if flag.level is rules.Level.EMERGENCY]
    return render(
        request,
        "care/intake/done.html",
        {
            "client": client,
            "emergency": emergency,
            "urgent": [] if emergency else list(flags),
            "same_day": any(flag.todo == rules.SAME_DAY for flag in flags),
            "page_url": _page_url(client, staff=False),
            "intake": found,
        },
    )

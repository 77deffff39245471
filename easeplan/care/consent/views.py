"""Consent pages: the client signs and revokes; clinicians record each session's answer."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from easeplan.accounts.audit import AuditContext, signed_in
from easeplan.booking.models import Appointment
from easeplan.lib.ratelimit import client_ip
from easeplan.practice.access import client_records, staff_required
from easeplan.practice.http import StaffRequest
from easeplan.practice.models import Client

from ..access import client_forms
from ..models import VisitConsent
from . import rules as consents
from . import services as consent_services
from .forms import ConsentActionForm, SessionAnswerForm, SignConsentForm
from .panels import CLINICIANS, statuses

SIGNED = {
    consents.TREATMENT: gettext_lazy("Thank you. Your treatment consent is signed."),
    consents.PRIVACY: gettext_lazy("Thank you. Your privacy consent is signed."),
    consents.GLUTEAL: gettext_lazy("Thank you. Your gluteal work consent is signed."),
}
STALE = gettext_lazy(
    "This text has changed since you opened the page. Please read it again below, then sign."
)
REVOKED = {
    consents.TREATMENT: gettext_lazy("Your treatment consent is revoked."),
    consents.PRIVACY: gettext_lazy("Your privacy consent is revoked."),
    consents.GLUTEAL: gettext_lazy(
        "Your gluteal consent is revoked. Your therapist will not work on the buttock. "
        "You can still book and keep all your visits."
    ),
}


@require_http_methods(["GET", "POST"])
@client_forms
def client_consents(request: HttpRequest, client: Client) -> HttpResponse:
    """A client's own consents: read, sign, sign an updated version, or revoke. Each text
    is shown in the language of the page, and the text signed is the one read (the form
    carries its version)."""
    code = client.code
    language = get_language()
    sign_forms = {
        k: SignConsentForm(text=consents.current_text(k, language), client=client)
        for k in consents.KINDS
    }
    if request.method == "POST":
        action = ConsentActionForm(request.POST)
        if not action.is_valid():
            messages.error(
                request, gettext("Something was missing from that form. Please try again.")
            )
            return redirect("consents:client_consents", code=code)
        kind = action.cleaned_data["kind"]
        if action.cleaned_data["action"] == "revoke":
            _revoke(request, client, kind)
            return redirect("consents:client_consents", code=code)
        read, read_in = _text_read(request, kind, language)
        shown = read or consents.current_text(kind, language)
        form = SignConsentForm(request.POST, text=shown, client=client)
        sign_forms[kind] = form
        if read is None:
            form.add_error(None, STALE)
        elif form.is_valid() and _sign(request, client, kind, form, read_in):
            return redirect("consents:client_consents", code=code)
    context = {
        "client": client,
        "statuses": statuses(client, sign_forms, language=language),
        "has_errors": any(f.errors for f in sign_forms.values()),
    }
    return render(
        request, "care/consent/page.html", context, status=400 if context["has_errors"] else 200
    )


def _text_read(
    request: HttpRequest, kind: str, language: str
) -> tuple[consents.ConsentText | None, str]:
    """The text the client read and is signing, and its language: the version the form
    carries when it is still today's text in its language (None when it is not), else
    today's text in the page's language."""
    version = request.POST.get("version", "")
    if not version:
        return consents.current_text(kind, language), language
    read = consents.text_for(version)
    if read is None or read.kind != kind or consents.current_text(kind, read.language) != read:
        return None, language
    return read, read.language


def _sign(
    request: HttpRequest, client: Client, kind: str, form: SignConsentForm, language: str
) -> bool:
    data = form.cleaned_data
    try:
        consent_services.sign(
            client,
            kind,
            typed_name=data["typed_name"],
            choice=data.get("choice", ""),
            actor=signed_in(request.user),
            ip=client_ip(request),
            language=language,
            audit=AuditContext.of(request),
        )
    except consent_services.ConsentRefused as refused:
        form.add_error(refused.field, refused.message)
        return False
    messages.success(request, SIGNED[kind])
    return True


def _revoke(request: HttpRequest, client: Client, kind: str) -> None:
    consent = consent_services.current(client)[kind]
    if consent is None:
        messages.info(request, gettext("There was no signed consent of that kind to revoke."))
        return
    consent_services.revoke(consent, actor=signed_in(request.user), audit=AuditContext.of(request))
    messages.success(request, REVOKED[kind])


@staff_required(roles=CLINICIANS)
@client_records
@require_POST
def visit_gluteal(request: StaffRequest, code: str) -> HttpResponse:
    """Record whether the client confirmed or declined gluteal work for this visit."""
    appointment = get_object_or_404(
        Appointment.objects.for_practice(request.practice).select_related("client", "practice"),
        code=code,
    )
    form = SessionAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form.errors["answer"][0]))
        return redirect("visits:detail", code=code)
    try:
        recorded = consent_services.record_session_consent(
            appointment,
            answer=form.cleaned_data["answer"],
            actor=request.user,
            audit=AuditContext.of(request),
        )
    except consent_services.ConsentRefused as refused:
        messages.error(request, refused.message)
    else:
        if recorded.answer == VisitConsent.Answer.CONFIRMED:
            messages.success(
                request, gettext("Recorded: the client confirmed gluteal work for this visit.")
            )
        else:
            messages.success(
                request,
                gettext(
                    "Recorded: the client declined gluteal work today. Leave the gluteal area out."
                ),
            )
    return redirect("visits:detail", code=code)

"""Consent pages: the client signs and revokes; clinicians record each session's answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.forms.boundfield import BoundWidget
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from easeplan.accounts.models import Membership
from easeplan.booking.models import Appointment
from easeplan.lib.names import NameField
from easeplan.lib.ratelimit import client_ip
from easeplan.practice.access import client_records, staff_required
from easeplan.practice.models import Client

from ..access import client_forms
from ..models import Consent, VisitConsent
from . import rules as consents
from . import services as consent_services
from .rules import ConsentText, Option

CLINICIANS = (Membership.Role.OWNER, Membership.Role.THERAPIST)


class ConsentActionForm(forms.Form):
    """Which consent a POST is about, and whether it signs or revokes it."""

    action = forms.ChoiceField(choices=[("sign", "Sign"), ("revoke", "Revoke")])
    kind = forms.ChoiceField(choices=Consent.Kind.choices)


class SignConsentForm(forms.Form):
    """Signing one text: the typed name, the gluteal option, and "I have read this"."""

    choice = forms.ChoiceField(
        label="How do you agree to gluteal work?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose one of the options, including “No gluteal work”."},
    )
    understood = forms.BooleanField(
        label="I have read and understood this",
        error_messages={"required": "Tick “I have read and understood this” to sign."},
    )
    typed_name = NameField(
        label="Type your full name to sign",
        max_length=160,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Type your full name to sign."},
    )

    def __init__(self, *args: Any, text: ConsentText, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, prefix=text.kind, **kwargs)
        self.client = client
        self.fields["typed_name"].help_text = f"As we have it: {client.full_name}"
        if text.options:
            self.fields["choice"].choices = [(o.code, o.label) for o in text.options]
        else:
            del self.fields["choice"]

    def clean_typed_name(self) -> str:
        """Checked here too, so a wrong name shows with the form's other errors."""
        typed: str = self.cleaned_data["typed_name"]
        if not consents.names_match(typed, self.client.full_name):
            raise forms.ValidationError(consent_services.wrong_name_message(self.client))
        return typed


@dataclass
class ConsentStatus:
    """What the pages show about one kind: today's text and the newest signature."""

    text: ConsentText
    consent: Consent | None
    form: SignConsentForm | None = None

    @property
    def kind(self) -> str:
        return self.text.kind

    @property
    def label(self) -> str:
        return Consent.Kind(self.text.kind).label

    @property
    def active(self) -> bool:
        return self.consent is not None and self.consent.active

    @property
    def revoked(self) -> bool:
        return self.consent is not None and not self.consent.active

    @property
    def update_waiting(self) -> bool:
        return self.active and consents.is_newer(self.text.version, self.consent.version)  # type: ignore[union-attr]

    @property
    def option(self) -> Option | None:
        """The option the signed consent chose, in the words of the version signed."""
        if self.consent is None or not self.consent.choice:
            return None
        signed = consents.text_for(self.consent.version) or self.text
        return signed.option(self.consent.choice)

    @property
    def allows_work(self) -> bool:
        return self.active and consents.allows_session_work(self.consent.choice)  # type: ignore[union-attr]

    @property
    def open(self) -> bool:
        """Show the text and form unfolded: nothing current is signed, or the form has errors."""
        return not self.active or self.update_waiting or bool(self.form and self.form.errors)

    @property
    def radios(self) -> list[tuple[BoundWidget, Option]]:
        if self.form is None or "choice" not in self.form.fields:
            return []
        return list(zip(self.form["choice"], self.text.options, strict=True))


def statuses(
    client: Client, forms_by_kind: dict[str, SignConsentForm] | None = None
) -> list[ConsentStatus]:
    """One status per kind; the newest signatures come from one query."""
    newest = consent_services.latest(client)
    return [
        ConsentStatus(consents.current_text(kind), newest[kind], (forms_by_kind or {}).get(kind))
        for kind in consents.KINDS
    ]


@require_http_methods(["GET", "POST"])
@client_forms
def client_consents(request: HttpRequest, client: Client) -> HttpResponse:
    """A client's own consents: read, sign, sign an updated version, or revoke."""
    code = client.code
    sign_forms = {
        k: SignConsentForm(text=consents.current_text(k), client=client) for k in consents.KINDS
    }
    if request.method == "POST":
        action = ConsentActionForm(request.POST)
        if not action.is_valid():
            messages.error(request, "Something was missing from that form. Please try again.")
            return redirect("consents:client_consents", code=code)
        kind = action.cleaned_data["kind"]
        if action.cleaned_data["action"] == "revoke":
            _revoke(request, client, kind)
            return redirect("consents:client_consents", code=code)
        form = SignConsentForm(request.POST, text=consents.current_text(kind), client=client)
        sign_forms[kind] = form
        if form.is_valid() and _sign(request, client, kind, form):
            return redirect("consents:client_consents", code=code)
    context = {
        "client": client,
        "statuses": statuses(client, sign_forms),
        "has_errors": any(f.errors for f in sign_forms.values()),
    }
    return render(
        request, "care/consent/page.html", context, status=400 if context["has_errors"] else 200
    )


def _sign(request: HttpRequest, client: Client, kind: str, form: SignConsentForm) -> bool:
    data = form.cleaned_data
    try:
        consent = consent_services.sign(
            client,
            kind,
            typed_name=data["typed_name"],
            choice=data.get("choice", ""),
            actor=request.user,
            ip=client_ip(request),
            request=request,
        )
    except consent_services.ConsentRefused as refused:
        form.add_error(refused.field, refused.message)
        return False
    messages.success(
        request, f"Thank you. Your {consent.get_kind_display().lower()} consent is signed."
    )
    return True


def _revoke(request: HttpRequest, client: Client, kind: str) -> None:
    consent = consent_services.current(client)[kind]
    if consent is None:
        messages.info(request, "There was no signed consent of that kind to revoke.")
        return
    consent_services.revoke(consent, actor=request.user, request=request)
    if kind == consents.GLUTEAL:
        messages.success(
            request,
            "Your gluteal consent is revoked. Your therapist will not work on the buttock. "
            "You can still book and keep all your visits.",
        )
    else:
        messages.success(request, f"Your {consent.get_kind_display().lower()} consent is revoked.")


def visit_gluteal_context(request: HttpRequest, appointment: Appointment) -> dict[str, Any]:
    """The "Gluteal work this session" section of the staff visit page (clinicians only)."""
    role = getattr(getattr(request, "membership", None), "role", None)
    if role not in CLINICIANS:
        return {}
    status = ConsentStatus(
        consents.current_text(consents.GLUTEAL),
        consent_services.latest(appointment.client)[consents.GLUTEAL],
    )
    recorded = (
        VisitConsent.objects.filter(appointment=appointment)
        .select_related("consent", "recorded_by")
        .first()
    )
    withdrawn_since = bool(
        recorded
        and recorded.answer == VisitConsent.Answer.CONFIRMED
        and (recorded.consent is None or not recorded.consent.active)
    )
    return {
        "gluteal": status,
        "gluteal_today": recorded,
        "gluteal_withdrawn_since": withdrawn_since,
        "gluteal_can_record": appointment.status != Appointment.Status.CANCELLED,
    }


class SessionAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=VisitConsent.Answer.choices,
        error_messages={
            "required": "Choose “Client confirmed today” or “Client declined today”.",
            "invalid_choice": "Choose “Client confirmed today” or “Client declined today”.",
        },
    )


@staff_required(roles=CLINICIANS)
@client_records
@require_POST
def visit_gluteal(request: HttpRequest, code: str) -> HttpResponse:
    """Record whether the client confirmed or declined gluteal work for this visit."""
    appointment = get_object_or_404(
        Appointment.objects.for_practice(request.practice).select_related("client", "practice"),  # type: ignore[attr-defined]
        code=code,
    )
    form = SessionAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["answer"][0])
        return redirect("visits:detail", code=code)
    try:
        recorded = consent_services.record_session_consent(
            appointment, answer=form.cleaned_data["answer"], actor=request.user, request=request
        )
    except consent_services.ConsentRefused as refused:
        messages.error(request, refused.message)
    else:
        if recorded.answer == VisitConsent.Answer.CONFIRMED:
            messages.success(request, "Recorded: the client confirmed gluteal work for this visit.")
        else:
            messages.success(
                request,
                "Recorded: the client declined gluteal work today. Leave the gluteal area out.",
            )
    return redirect("visits:detail", code=code)

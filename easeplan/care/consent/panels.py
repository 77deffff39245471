"""What other pages show of consents: each kind's status, and a visit's gluteal answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.forms.boundfield import BoundWidget
from django.utils.translation import get_language, gettext

from easeplan.accounts.models import Membership
from easeplan.booking.models import Appointment
from easeplan.practice.models import Client

from ..models import Consent, VisitConsent
from . import rules as consents
from . import services as consent_services
from .forms import SignConsentForm
from .rules import ConsentText, Option

CLINICIANS = (Membership.Role.OWNER, Membership.Role.THERAPIST)


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
        return gettext(consents.KIND_LABELS[self.text.kind])

    @property
    def signed_language(self) -> str:
        """The language the newest signature was read and signed in, named for the reader."""
        if self.consent is None:
            return ""
        return gettext(consents.LANGUAGE_NAMES.get(consents.language_of(self.consent.version), ""))

    @property
    def active(self) -> bool:
        return self.consent is not None and self.consent.active

    @property
    def revoked(self) -> bool:
        return self.consent is not None and not self.consent.active

    @property
    def update_waiting(self) -> bool:
        consent = self.consent
        return (
            consent is not None
            and consent.active
            and consents.is_newer(self.text.version, consent.version)
        )

    @property
    def option(self) -> Option | None:
        """The option the signed consent chose, in the words of the version signed."""
        if self.consent is None or not self.consent.choice:
            return None
        signed = consents.text_for(self.consent.version) or self.text
        return signed.option(self.consent.choice)

    @property
    def allows_work(self) -> bool:
        consent = self.consent
        return (
            consent is not None and consent.active and consents.allows_session_work(consent.choice)
        )

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
    client: Client,
    forms_by_kind: dict[str, SignConsentForm] | None = None,
    *,
    language: str | None = None,
) -> list[ConsentStatus]:
    """One status per kind, with today's text in `language` (the page's by default); the
    newest signatures come from one query."""
    newest = consent_services.latest(client)
    language = language or get_language()
    return [
        ConsentStatus(
            consents.current_text(kind, language), newest[kind], (forms_by_kind or {}).get(kind)
        )
        for kind in consents.KINDS
    ]


def visit_gluteal(appointment: Appointment, *, role: str | None) -> dict[str, Any]:
    """The "Gluteal work this session" section of the staff visit page, for the staff
    `role` looking at it (clinicians only)."""
    if role not in CLINICIANS:
        return {}
    status = ConsentStatus(
        consents.current_text(consents.GLUTEAL, get_language()),
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

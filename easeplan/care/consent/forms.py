"""Consent forms: signing or revoking a kind, and the answer recorded at a visit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from easeplan.lib.forms import field_of
from easeplan.lib.names import NameField
from easeplan.practice.models import Client

from ..models import Consent, VisitConsent
from . import rules as consents
from . import services as consent_services
from .rules import ConsentText


class ConsentActionForm(forms.Form):
    """Which consent a POST is about, and whether it signs or revokes it."""

    action = forms.ChoiceField(choices=[("sign", _("Sign")), ("revoke", _("Revoke"))])
    kind = forms.ChoiceField(choices=Consent.Kind.choices)


class SignConsentForm(forms.Form):
    """Signing one text: the typed name, the gluteal option, and "I have read this"."""

    choice = forms.ChoiceField(
        label=_("How do you agree to gluteal work?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the options, including “No gluteal work”.")},
    )
    understood = forms.BooleanField(
        label=_("I have read and understood this"),
        error_messages={"required": _("Tick “I have read and understood this” to sign.")},
    )
    typed_name = NameField(
        label=_("Type your full name to sign"),
        max_length=160,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Type your full name to sign.")},
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        text: ConsentText,
        client: Client,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, prefix=text.kind, **kwargs)
        self.client = client
        self.fields["typed_name"].help_text = gettext("As we have it: %(name)s") % {
            "name": client.full_name
        }
        if text.options:
            field_of(self.fields, "choice", forms.ChoiceField).choices = [
                (o.code, o.label) for o in text.options
            ]
        else:
            del self.fields["choice"]

    def clean_typed_name(self) -> str:
        """Checked here too, so a wrong name shows with the form's other errors."""
        typed: str = self.cleaned_data["typed_name"]
        if not consents.names_match(typed, self.client.full_name):
            raise forms.ValidationError(consent_services.wrong_name_message(self.client))
        return typed


class SessionAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=VisitConsent.Answer.choices,
        error_messages={
            "required": _("Choose “Client confirmed today” or “Client declined today”."),
            "invalid_choice": _("Choose “Client confirmed today” or “Client declined today”."),
        },
    )

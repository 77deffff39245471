"""Forms of online booking: they turn query strings and posts into domain objects."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from easeplan.lib import dates
from easeplan.lib.forms import field_of
from easeplan.lib.names import NameField
from easeplan.lib.phones import PhoneField, TelInput
from easeplan.practice.models import Practice, Service, Therapist

# A new client's first and last name become their account's name (150 characters at most).
LONGEST_FULL_NAME = 150


class SlotForm(forms.Form):
    """Which service, with whom and when: all three must belong to the practice."""

    service = forms.CharField()
    therapist = forms.CharField()
    start = forms.CharField()

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean_service(self) -> Service:
        service = self.practice.services.filter(
            code=self.cleaned_data["service"], is_active=True, bookable_online=True
        ).first()
        if service is None:
            raise forms.ValidationError(
                _("We don't offer that service online. Please choose one from the list.")
            )
        return service

    def clean_therapist(self) -> Therapist:
        therapist = self.practice.therapists.filter(
            code=self.cleaned_data["therapist"], is_active=True
        ).first()
        if therapist is None:
            raise forms.ValidationError(_("Please choose a therapist from the list."))
        return therapist

    def clean_start(self) -> dt.datetime:
        """An ISO time with its offset, from today to the practice's booking horizon.

        Within those days the booking itself says "already passed" or "N hours' notice"
        and offers the nearest free times."""
        window = dates.online(self.practice.booking_horizon_days)
        now = timezone.now().astimezone(self.practice.zone)
        try:
            return dates.moment_in_window(self.cleaned_data["start"], now=now, window=window)
        except dates.DateRefused as refused:
            raise forms.ValidationError(refused.message) from None


class BookingKeyForm(forms.Form):
    """The confirm form's random key: sent again, it finds the visit it booked."""

    booking_key = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,64}$", required=False)

    def key(self) -> str:
        """The posted key when it is well formed, else a new one for the page."""
        if self.is_bound and self.is_valid() and self.cleaned_data["booking_key"]:
            return str(self.cleaned_data["booking_key"])
        return secrets.token_urlsafe(24)


class NewClientForm(forms.Form):
    """Details of someone booking for the first time; `region` is the practice's country,
    in which a phone number without a country code is read."""

    first_name = NameField(
        label=_("First name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = NameField(
        label=_("Last name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the confirmation and your calendar invite here."),
    )
    phone = PhoneField(
        label=_("Phone"),
        widget=TelInput(),
        help_text=_("In case we need to reach you about the visit."),
    )

    error_messages_ = {"required": _("This is needed to book.")}

    def __init__(self, *args: Any, region: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self.fields, "phone", PhoneField).region = region
        for name, field in self.fields.items():
            field.error_messages["required"] = {
                "first_name": _("Please give your first name."),
                "last_name": _("Please give your last name."),
                "email": _("Please give your email: the confirmation goes there."),
                "phone": _("Please give a phone number in case we need to reach you."),
            }[name]

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_name", ""), data.get("last_name", "")
        if first and last and len(f"{first} {last}") > LONGEST_FULL_NAME:
            self.add_error(
                "last_name",
                gettext(
                    "Please shorten your name: first and last name together can have at most "
                    "%(most)d characters (they have %(have)d)."
                )
                % {"most": LONGEST_FULL_NAME - 1, "have": len(first) + len(last)},
            )
        return data

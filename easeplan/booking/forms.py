"""Forms of online booking: they turn query strings and posts into domain objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

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
                "We don't offer that service online. Please choose one from the list."
            )
        return service

    def clean_therapist(self) -> Therapist:
        therapist = self.practice.therapists.filter(
            code=self.cleaned_data["therapist"], is_active=True
        ).first()
        if therapist is None:
            raise forms.ValidationError("Please choose a therapist from the list.")
        return therapist

    def clean_start(self) -> dt.datetime:
        try:
            start = dt.datetime.fromisoformat(self.cleaned_data["start"])
        except ValueError:
            raise forms.ValidationError("Please choose a time from the list.") from None
        if start.tzinfo is None:
            raise forms.ValidationError("Please choose a time from the list.")
        return start.astimezone(dt.UTC)


class NewClientForm(forms.Form):
    """Details of someone booking for the first time; `region` is the practice's country,
    in which a phone number without a country code is read."""

    first_name = NameField(
        max_length=80, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = NameField(
        max_length=80, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We send the confirmation and your calendar invite here.",
    )
    phone = PhoneField(
        widget=TelInput(),
        help_text="In case we need to reach you about the visit.",
    )

    error_messages_ = {"required": "This is needed to book."}

    def __init__(self, *args: Any, region: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].region = region  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            field.error_messages["required"] = {
                "first_name": "Please give your first name.",
                "last_name": "Please give your last name.",
                "email": "Please give your email: the confirmation goes there.",
                "phone": "Please give a phone number in case we need to reach you.",
            }[name]

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_name", ""), data.get("last_name", "")
        if first and last and len(f"{first} {last}") > LONGEST_FULL_NAME:
            self.add_error(
                "last_name",
                f"Please shorten your name: first and last name together can have at most "
                f"{LONGEST_FULL_NAME - 1} characters (they have {len(first) + len(last)}).",
            )
        return data

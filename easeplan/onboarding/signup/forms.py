"""The sign-up form: an email address, and a honeypot as the contact form has."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class SignupForm(forms.Form):
    """`website` is a honeypot: people never see or fill it (the contact form's way)."""

    email = forms.EmailField(
        label=gettext_lazy("Your email"),
        help_text=gettext_lazy("We send a link to it; opening the link sets up your practice."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": gettext_lazy(
                "Give your email address: the link to set up your practice goes there."
            ),
            "invalid": gettext_lazy("That email address doesn't look right — check for typos."),
            "max_length": gettext_lazy(
                "An email address has at most %(limit_value)d characters (this has %(show_value)d)."
            ),
        },
    )
    website = forms.CharField(
        required=False,
        label=gettext_lazy("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        return email.strip().lower()

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

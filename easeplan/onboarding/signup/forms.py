"""The sign-up form: an email address, and a honeypot as the contact form has."""

from __future__ import annotations

from django import forms


class SignupForm(forms.Form):
    """`website` is a honeypot: people never see or fill it (the contact form's way)."""

    email = forms.EmailField(
        label="Your email",
        help_text="We send a link to it; opening the link sets up your practice.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Give your email address: the link to set up your practice goes there.",
            "invalid": "That email address doesn't look right — check for typos.",
            "max_length": "An email address has at most %(limit_value)d characters "
            "(this has %(show_value)d).",
        },
    )
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        return email.strip().lower()

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

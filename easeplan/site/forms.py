"""Public forms."""

from __future__ import annotations

from typing import Any

from django import forms

from easeplan.lib.forms import field_of
from easeplan.lib.names import NameField
from easeplan.lib.phones import PhoneField

from .models import ContactMessage


class ContactForm(forms.ModelForm):
    """A visitor's message. `website` is a honeypot: people never see or fill it.
    `region` is the practice's country, in which a phone number is read."""

    name = NameField(
        label="Your name",
        max_length=ContactMessage._meta.get_field("name").max_length or 120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Please tell us your name."},
    )
    phone = PhoneField(label="Phone (optional)", required=False)

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = ContactMessage
        fields = ("name", "email", "phone", "topic", "message")
        labels = {
            "email": "Your email",
            "topic": "What is it about?",
            "message": "Your message",
        }
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "email": {
                "required": "Please give an email address so we can reply.",
                "invalid": "That email address doesn't look right — check for typos.",
            },
            "message": {
                "required": "Please write a message.",
                "max_length": "Please keep your message under 5,000 characters "
                "(it has %(show_value)d).",
            },
        }

    def __init__(self, *args: Any, region: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self.fields, "phone", PhoneField).region = region

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(
                "Please write a little more so we can help (at least 10 characters)."
            )
        return message

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

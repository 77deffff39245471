"""Public forms."""

from __future__ import annotations

from django import forms

from .models import ContactMessage


class ContactForm(forms.ModelForm):
    """A visitor's message. `website` is a honeypot: people never see or fill it."""

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = ContactMessage
        fields = ("name", "email", "phone", "topic", "message")
        labels = {
            "name": "Your name",
            "email": "Your email",
            "phone": "Phone (optional)",
            "topic": "What is it about?",
            "message": "Your message",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "name": {"required": "Please tell us your name."},
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

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError(
                "Please write a little more so we can help (at least 10 characters)."
            )
        return message

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

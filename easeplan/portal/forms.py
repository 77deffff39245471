"""The staff form to write a message to a client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from .models import Message

SUBJECT_MAX = Message._meta.get_field("subject").max_length or 120
BODY_MAX = Message._meta.get_field("body").max_length or 4000


class MessageForm(forms.Form):
    """A subject and the words; both required, both with a length limit."""

    subject = forms.CharField(
        label="Subject",
        max_length=SUBJECT_MAX,
        error_messages={
            "required": "Write a subject, for example “Your visit on Tuesday”.",
            "max_length": f"Keep the subject to {SUBJECT_MAX} characters.",
        },
    )
    body = forms.CharField(
        label="Message",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Up to {BODY_MAX:,} characters. Clients can't reply here; they call or email.",
        error_messages={
            "required": "Write the message itself.",
            "max_length": f"Keep the message to {BODY_MAX} characters; send a second one for more.",
        },
    )

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(data, prefix="message", **kwargs)

    def errors_in_words(self) -> list[str]:
        """Every error as one sentence, for the message shown after the redirect."""
        return [str(error) for field in self.errors.values() for error in field]

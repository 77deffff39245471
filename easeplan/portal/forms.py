"""The staff form to write a message to a client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Message

SUBJECT_MAX = Message._meta.get_field("subject").max_length or 120
BODY_MAX = Message._meta.get_field("body").max_length or 4000


class MessageForm(forms.Form):
    """A subject and the words; both required, both with a length limit."""

    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        error_messages={
            "required": _("Write a subject, for example “Your visit on Tuesday”."),
            "max_length": _("Keep the subject to %(limit_value)d characters."),
        },
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Write the message itself."),
            "max_length": _(
                "Keep the message to %(limit_value)d characters; send a second one for more."
            ),
        },
    )

    def __init__(self, data: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(data, prefix="message", **kwargs)
        self.fields["body"].help_text = gettext(
            "Up to %(count)s characters. Clients can't reply here; they call or email."
        ) % {"count": number_format(BODY_MAX, force_grouping=True)}

    def errors_in_words(self) -> list[str]:
        """Every error as one sentence, for the message shown after the redirect."""
        return [str(error) for field in self.errors.values() for error in field]

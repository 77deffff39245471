"""The note a clinician writes to clear a red-flag hold."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class ClearHoldForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note: who checked the red flag, and why booking online is safe again"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy(
                "Please write a note: who checked the red flag and why booking "
                "online is safe again."
            ),
            "max_length": gettext_lazy("Please keep the note under 4,000 characters."),
        },
    )

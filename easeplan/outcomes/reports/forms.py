"""The therapist's summary printed on the progress report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from .services import SUMMARY_MAX


class SummaryForm(forms.Form):
    """The therapist's summary: plain text for the client or a referring doctor. Blank
    clears it (the report then prints the plan's closing note, if there is one)."""

    summary = forms.CharField(
        label=gettext_lazy("Therapist's summary"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        most = formats.number_format(SUMMARY_MAX, force_grouping=True)
        field = self.fields["summary"]
        field.help_text = gettext(
            "Written for the client or a referring doctor: how the plan went and what comes "
            "next. Up to %(most)s characters. No clinical notes are printed."
        ) % {"most": most}
        # Django fills in %(show_value)s itself when the text is too long.
        field.error_messages["max_length"] = gettext(
            "The summary can be up to %(most)s characters; this one has %%(show_value)s. "
            "Shorten it and save again."
        ) % {"most": most}

    def cleaned_summary(self) -> str:
        return str(self.cleaned_data.get("summary") or "")

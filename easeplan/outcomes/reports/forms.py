"""The therapist's summary printed on the progress report."""

from __future__ import annotations

from django import forms

from .services import SUMMARY_MAX


class SummaryForm(forms.Form):
    """The therapist's summary: plain text for the client or a referring doctor. Blank
    clears it (the report then prints the plan's closing note, if there is one)."""

    summary = forms.CharField(
        label="Therapist's summary",
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "Written for the client or a referring doctor: how the plan went and what comes "
            f"next. Up to {SUMMARY_MAX:,} characters. No clinical notes are printed."
        ),
        error_messages={
            "max_length": (
                f"The summary can be up to {SUMMARY_MAX:,} characters; this one has "
                "%(show_value)s. Shorten it and save again."
            )
        },
    )

    def cleaned_summary(self) -> str:
        return str(self.cleaned_data.get("summary") or "")

"""Forms of the therapist's assessment and referral letter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from ..rules import clinical_tests
from .services import refusal_for

RESULT_CHOICES = [
    ("positive", gettext_lazy("Positive")),
    ("negative", gettext_lazy("Negative")),
    ("not_done", gettext_lazy("Not done")),
]
SIDE_CHOICES = [
    ("", "—"),
    ("left", gettext_lazy("Left")),
    ("right", gettext_lazy("Right")),
    ("both", gettext_lazy("Both")),
]


@dataclass(frozen=True)
class TestRow:
    """One clinical test as the form shows it: its fields and, if blocked, why."""

    test: clinical_tests.ClinicalTest
    result: forms.BoundField
    side: forms.BoundField
    blocked: str


class AssessmentForm(forms.Form):
    """A result and side per clinical test, the four defining features, and notes.

    `blocked` maps test codes to the reason the client's contraindications rule them out;
    those tests show the reason and refuse a positive or negative result.
    """

    assessed_on = forms.DateField(
        label=gettext_lazy("Assessed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    features = forms.MultipleChoiceField(
        label=gettext_lazy("Defining features present"),
        choices=[(f.code, gettext_lazy(f.label)) for f in clinical_tests.DEFINING_FEATURES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy(
            "The four features that define piriformis syndrome (Hopayian 2010)."
        ),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(
        self, *args: Any, blocked: Mapping[str, str], today: dt.date, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("assessed_on", today)
        super().__init__(*args, **kwargs)
        self.blocked = dict(blocked)
        self.today = today
        for test in clinical_tests.TESTS:
            attrs = {"disabled": True} if test.code in self.blocked else {}
            self.fields[f"{test.code}_result"] = forms.ChoiceField(
                label=gettext(test.name),
                choices=RESULT_CHOICES,
                initial="not_done",
                required=False,
                widget=forms.RadioSelect(attrs=attrs),
            )
            self.fields[f"{test.code}_side"] = forms.ChoiceField(
                label=gettext("%(test)s: side") % {"test": gettext(test.name)},
                choices=SIDE_CHOICES,
                required=False,
                widget=forms.Select(attrs=attrs),
            )

    def test_rows(self) -> list[TestRow]:
        return [
            TestRow(
                test,
                self[f"{test.code}_result"],
                self[f"{test.code}_side"],
                self.blocked.get(test.code, ""),
            )
            for test in clinical_tests.TESTS
        ]

    def clean_assessed_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["assessed_on"]
        if day > self.today:
            raise forms.ValidationError(gettext("The assessment date can't be in the future."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for test in clinical_tests.TESTS:
            result = data.get(f"{test.code}_result") or "not_done"
            data[f"{test.code}_result"] = result
            if test.code in self.blocked and result != "not_done":
                self.add_error(f"{test.code}_result", refusal_for([test.code], self.blocked))
            elif result == "positive" and not data.get(f"{test.code}_side"):
                self.add_error(
                    f"{test.code}_side",
                    gettext("Choose the painful side for %(test)s.") % {"test": gettext(test.name)},
                )
        return data

    def results(self) -> dict[str, dict[str, str]]:
        """The cleaned results, as Assessment.results stores them (done tests only)."""
        data = self.cleaned_data
        return {
            test.code: {
                "result": data[f"{test.code}_result"],
                "side": data.get(f"{test.code}_side") or "",
            }
            for test in clinical_tests.TESTS
            if data[f"{test.code}_result"] != "not_done"
        }


class ReferralForm(forms.Form):
    """Why the client should see a doctor, and where to email the letter (optional)."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for referral"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What you would like the doctor to look at, in plain words."),
    )
    email = forms.EmailField(
        label=gettext_lazy("Email the letter to"),
        required=False,
        help_text=gettext_lazy(
            "Usually the client, who takes it to their doctor. Leave blank to print only."
        ),
    )

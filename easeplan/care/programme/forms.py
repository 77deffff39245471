"""Forms of the home programme: pick an exercise, set its dosage, tick a session off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from . import rules as exercises
from .rules import Dosage, Exercise

EXERCISE_CHOICES = [(e.code, gettext_lazy(e.name)) for e in exercises.LIBRARY]
PAGES = ("plan", "exercise", "home")  # the page a tick returns to


def _in_range(label: str, low: int, high: int) -> str:
    return gettext("%(field)s: enter a whole number from %(low)d to %(high)d.") % {
        "field": label,
        "low": low,
        "high": high,
    }


_range_message = lazy(_in_range, str)


def _bounded(label: Any, low: int, high: int, help_text: Any = "", **kwargs: Any) -> Any:
    """A whole number between `low` and `high`, with messages that say the range."""
    message = _range_message(label, low, high)
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class PickExerciseForm(forms.Form):
    """Which exercise of the library to prescribe (the first step)."""

    exercise = forms.ChoiceField(
        choices=EXERCISE_CHOICES,
        error_messages={
            "required": gettext_lazy("Choose an exercise from the library."),
            "invalid_choice": gettext_lazy(
                "That exercise is not in the library. Choose one from the list."
            ),
        },
    )

    def chosen(self) -> Exercise | None:
        return exercises.find(self.cleaned_data["exercise"]) if self.is_valid() else None


class PrescriptionForm(PickExerciseForm):
    """An exercise with its dosage: hold, repetitions, sets, sessions a day, days a week."""

    hold_seconds = _bounded(
        gettext_lazy("Hold (seconds)"),
        1,
        300,
        gettext_lazy(
            "How long each repetition is held (or, for a muscle-energy technique, pushed). "
            "Leave empty for exercises without a hold."
        ),
        required=False,
    )
    reps = _bounded(gettext_lazy("Repetitions"), 1, 50)
    sets = _bounded(gettext_lazy("Sets"), 1, 10)
    times_per_day = _bounded(
        gettext_lazy("Sessions a day"), 1, 5, gettext_lazy("The client ticks off each session.")
    )
    days_per_week = _bounded(gettext_lazy("Days a week"), 1, 7)
    notes = forms.CharField(
        label=gettext_lazy("Notes for the client (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Shown with the exercise, e.g. 'Right side only'."),
    )

    def __init__(self, *args: Any, exercise: Exercise | None = None, **kwargs: Any) -> None:
        if exercise is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = initial_for(exercise)
        super().__init__(*args, **kwargs)
        self.fields["exercise"].widget = forms.HiddenInput()

    def dosage(self) -> Dosage:
        data = self.cleaned_data
        return Dosage(
            hold_seconds=data["hold_seconds"],
            reps=data["reps"],
            sets=data["sets"],
            times_per_day=data["times_per_day"],
            days_per_week=data["days_per_week"],
        )


def initial_for(exercise: Exercise) -> dict[str, Any]:
    """The form prefilled with the exercise's usual dosage."""
    d = exercise.dosage
    return {
        "exercise": exercise.code,
        "hold_seconds": d.hold_seconds,
        "reps": d.reps,
        "sets": d.sets,
        "times_per_day": d.times_per_day,
        "days_per_week": d.days_per_week,
    }


class TickForm(forms.Form):
    """A client ticking a session off (or taking the tick back) for a day."""

    action = forms.ChoiceField(
        choices=[("tick", gettext_lazy("Done")), ("untick", gettext_lazy("Not done"))]
    )
    session = forms.IntegerField(min_value=1, max_value=5)
    day = forms.DateField(required=False)
    page = forms.ChoiceField(choices=[(page, page) for page in PAGES], required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_day(self) -> dt.date:
        day: dt.date | None = self.cleaned_data.get("day")
        return day or self.today

"""Forms of a plan's series: where it starts and what the client prefers, the time chosen
for each proposed visit, the later visits' new times after a move, and staff's confirmation
that they have seen a red flag."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext, gettext_lazy

from easeplan.care.models import PlanOfCare
from easeplan.lib import dates
from easeplan.lib.forms import set_queryset
from easeplan.lib.params import form_day
from easeplan.practice.models import Service, Therapist, WorkingHours

from . import shift as series_shift

TIME_INPUT = forms.TimeInput(attrs={"type": "time", "step": 900}, format="%H:%M")


class RedFlagSeenForm(forms.Form):
    """Staff booking a client held by a red flag confirm they have seen it."""

    acknowledge_red_flag = forms.BooleanField(label=gettext_lazy("I have seen the red flag"))

    def __init__(self, *args: Any, client_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["acknowledge_red_flag"].label = gettext(
            "I have seen %(client)s's red flag and book these visits anyway."
        ) % {"client": client_name}


# A series may start from today to two years ahead.
SERIES_DAYS = dates.Window(past_days=0, ahead_days=730)


class SeriesForm(forms.Form):
    """Where the series starts and what the client prefers: read from the query string,
    so a proposal is a plain link and the booking posts back to it."""

    first_day = forms.DateField(
        label=gettext_lazy("First visit on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    first_time = forms.TimeField(
        label=gettext_lazy("At"),
        required=False,
        widget=TIME_INPUT,
        help_text=gettext_lazy("Leave empty for the first free time from that day."),
    )
    therapist = forms.ModelChoiceField(
        label=gettext_lazy("Therapist"),
        queryset=Therapist.objects.none(),
        to_field_name="code",
    )
    service = forms.ModelChoiceField(
        label=gettext_lazy("Booked as"), queryset=Service.objects.none(), to_field_name="code"
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Preferred days"),
        choices=[(day.value, WEEKDAYS[day.value]) for day in WorkingHours.Weekday],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "When a visit can't keep its weekday, one of these days is chosen first."
        ),
    )
    time_from = forms.TimeField(
        label=gettext_lazy("Preferred times from"), required=False, widget=TIME_INPUT
    )
    time_until = forms.TimeField(label=gettext_lazy("until"), required=False, widget=TIME_INPUT)
    tolerance = forms.IntegerField(
        label=gettext_lazy("Each visit may move by up to (days)"),
        min_value=0,
        max_value=7,
        help_text=gettext_lazy(
            "How far from its week's date a visit may go when its time is taken."
        ),
    )

    def __init__(self, *args: Any, plan: PlanOfCare, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.now().astimezone(plan.practice.zone).date()
        if staff:
            set_queryset(self.fields, "therapist", plan.practice.therapists.filter(is_active=True))
            set_queryset(self.fields, "service", plan.practice.services.filter(is_active=True))
        else:  # a client books their plan's own service with their own therapist
            del self.fields["therapist"], self.fields["service"]

    def clean_first_day(self) -> dt.date:
        return form_day(self.cleaned_data["first_day"], today=self.today, window=SERIES_DAYS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("time_from"), data.get("time_until")
        if (since is None) != (until is None):
            self.add_error(
                "time_until", gettext("Give both ends of the preferred times, or neither.")
            )
        elif since is not None and until is not None and until <= since:
            self.add_error(
                "time_until", gettext("The end of the preferred times must be after the start.")
            )
        return data

    @property
    def preferred_hours(self) -> tuple[dt.time, dt.time] | None:
        since, until = self.cleaned_data.get("time_from"), self.cleaned_data.get("time_until")
        return (since, until) if since is not None and until is not None else None


class ChosenTimesForm(forms.Form):
    """The time chosen for each proposed visit (by its number in the plan), or none."""

    def __init__(self, *args: Any, planned: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, planned + 1):
            self.fields[f"visit-{number}"] = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in data.items():
            data[name] = _aware(value) if value else None
            if value and data[name] is None:
                raise forms.ValidationError(
                    gettext("Please choose each visit's time from the list.")
                )
        return data

    def starts(self) -> list[dt.datetime]:
        return [start for start in self.cleaned_data.values() if start is not None]


def _aware(value: str) -> dt.datetime | None:
    """An ISO time with its offset inside the dates staff may book, in UTC; else None."""
    try:
        return dates.moment_in_window(value, now=timezone.now(), window=dates.STAFF)
    except dates.DateRefused:
        return None


class ShiftForm(forms.Form):
    """For each later visit: its new time (or keep it), and the time it had when offered."""

    def __init__(self, *args: Any, offer: series_shift.ShiftOffer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for shifted in offer.visits:
            code = shifted.visit.code
            self.fields[f"to-{code}"] = forms.CharField(required=False)
            self.fields[f"was-{code}"] = forms.CharField(required=False)
        self.codes = [shifted.visit.code for shifted in offer.visits]

    def moves(self) -> list[series_shift.Move]:
        found = []
        for code in self.codes:
            to = _aware(self.cleaned_data.get(f"to-{code}") or "")
            was = _aware(self.cleaned_data.get(f"was-{code}") or "")
            if to is not None and was is not None:
                found.append(series_shift.Move(code, was, to))
        return found

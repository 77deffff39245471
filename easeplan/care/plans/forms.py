"""Forms of the plan of care: its terms, a status change, and the review's decision."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy

from easeplan.lib.forms import set_queryset
from easeplan.practice.models import Service, Therapist

from ..models import PlanOfCare
from . import rules as plans
from .services import PlanTerms

Status = PlanOfCare.Status
# How far from today a plan may start, or its review lie from its start.
PLAN_REACH = dt.timedelta(days=730)
# ISO values, so the browser's date picker shows them whatever the locale's format.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class PlanForm(forms.Form):
    """What a plan sets out. Blank frequency and review date follow from visits and weeks."""

    condition = forms.ChoiceField(
        label=gettext_lazy("Condition"), choices=PlanOfCare.Condition.choices
    )
    condition_detail = forms.CharField(
        label=gettext_lazy("Details (optional)"),
        max_length=120,
        required=False,
        help_text=gettext_lazy("For example the side, or what 'other' means here."),
    )
    goals = forms.CharField(
        label=gettext_lazy("Goals in the client's own activities"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "One activity per line, as the client says it, e.g. 'Sit through a film'. "
            "Up to 5; they become the activities the client rates at every visit."
        ),
        error_messages={
            "required": gettext_lazy("Write at least one activity the client wants to get back to.")
        },
    )
    visits_planned = forms.IntegerField(
        label=gettext_lazy("Number of visits"),
        min_value=plans.MIN_VISITS,
        max_value=plans.MAX_VISITS,
    )
    weeks = forms.IntegerField(
        label=gettext_lazy("Over how many weeks"),
        min_value=plans.MIN_WEEKS,
        max_value=plans.MAX_WEEKS,
    )
    frequency_days = forms.IntegerField(
        label=gettext_lazy("Days between visits"),
        min_value=1,
        max_value=28,
        required=False,
        help_text=gettext_lazy("Leave blank to spread the visits evenly over the weeks."),
    )
    starts_on = forms.DateField(label=pgettext_lazy("plan", "Start"), widget=DATE)
    review_on = forms.DateField(
        label=gettext_lazy("Review on"),
        required=False,
        widget=DATE,
        help_text=gettext_lazy("Leave blank for the end of the plan's weeks."),
    )
    therapist: forms.ModelChoiceField[Therapist] = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Therapist"),
        required=False,
        empty_label=gettext_lazy("Not chosen"),
    )
    service: forms.ModelChoiceField[Service] = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Visits are booked as"),
        required=False,
        empty_label=gettext_lazy("Not chosen"),
    )
    glute_work_every_session = forms.BooleanField(
        label=gettext_lazy("Glute work in every session"),
        required=False,
        help_text=gettext_lazy("Suggested for runners, cyclists and other active clients."),
    )
    baseline_pain = forms.IntegerField(
        label=gettext_lazy("Pain at the start (0–10, optional)"),
        min_value=0,
        max_value=10,
        required=False,
    )

    def __init__(self, *args: Any, practice: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate(timezone=practice.zone)
        set_queryset(self.fields, "therapist", practice.therapists.filter(is_active=True))
        set_queryset(self.fields, "service", practice.services.filter(is_active=True))

    def clean_goals(self) -> list[str]:
        goals = plans.clean_goals(self.cleaned_data["goals"])
        if not goals:
            raise forms.ValidationError(
                gettext("Write at least one activity the client wants back.")
            )
        if len(goals) > plans.MAX_GOALS:
            raise forms.ValidationError(
                gettext(
                    "Keep to %(most)d activities (you wrote %(wrote)d): pick the ones that "
                    "matter most to the client."
                )
                % {"most": plans.MAX_GOALS, "wrote": len(goals)}
            )
        return goals

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        visits, weeks, starts = data.get("visits_planned"), data.get("weeks"), data.get("starts_on")
        if starts is not None and abs(starts - self.today) > PLAN_REACH:
            self.add_error("starts_on", gettext("Choose a start within a year or two of today."))
            return data
        if visits is None or weeks is None or starts is None:
            return data
        if not data.get("frequency_days"):
            data["frequency_days"] = plans.frequency_days(visits, weeks)
        span = data["frequency_days"] * (visits - 1)
        if span > weeks * 7:
            self.add_error(
                "frequency_days",
                ngettext(
                    "%(visits)d visits every %(days)d days take %(span)d days, longer than "
                    "%(weeks)d week: visit more often, plan fewer visits or more weeks.",
                    "%(visits)d visits every %(days)d days take %(span)d days, longer than "
                    "%(weeks)d weeks: visit more often, plan fewer visits or more weeks.",
                    weeks,
                )
                % {"visits": visits, "days": data["frequency_days"], "span": span, "weeks": weeks},
            )
        if not data.get("review_on"):
            data["review_on"] = plans.review_date(starts, weeks)
        elif data["review_on"] < starts:
            self.add_error("review_on", gettext("The review can't come before the plan starts."))
        elif data["review_on"] - starts > PLAN_REACH:
            self.add_error("review_on", gettext("Review the plan within two years of its start."))
        return data

    def terms(self) -> PlanTerms:
        """The cleaned values as the plan's terms (call after is_valid())."""
        return PlanTerms(**{name: self.cleaned_data[name] for name in PlanTerms.names()})


def initial_terms(plan: PlanOfCare) -> dict[str, Any]:
    """The edit form's starting values: the plan's terms, goals one per line."""
    initial = {name: plan.serializable_value(name) for name in PlanTerms.names()}
    return initial | {"goals": "\n".join(plan.goals)}


def default_terms(*, today: dt.date, active_client: bool, goals: str) -> dict[str, Any]:
    """A new plan's starting values: CLINICAL §5's editable convention, 5 visits over 4
    weeks, with glute work in every session for active clients."""
    return {
        "condition": PlanOfCare.Condition.PIRIFORMIS,
        "visits_planned": plans.DEFAULT_VISITS,
        "weeks": plans.DEFAULT_WEEKS,
        "starts_on": today,
        "glute_work_every_session": active_client,
        "goals": goals,
    }


class StatusForm(forms.Form):
    """Pause, restart, complete or stop a plan, with the reason (needed when pausing or
    stopping it; the page's label says so)."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=Status.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, offered: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if offered is not None:  # the page offers only where this plan may go next
            cast(forms.ChoiceField, self.fields["status"]).choices = offered


class DischargeForm(forms.Form):
    """The review's closing decision: discharge with a closing note."""

    reason = forms.ChoiceField(
        label=gettext_lazy("Why"),
        choices=[
            ("Goals met", gettext_lazy("Goals met")),
            ("Referred to a doctor", gettext_lazy("Referred to a doctor")),
            ("Client's choice", gettext_lazy("Client's choice")),
            ("Other", pgettext_lazy("discharge reason", "Other")),
        ],
    )
    closing_note = forms.CharField(
        label=gettext_lazy("Closing note"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("What was done, how it went and what the client does from here."),
        error_messages={"required": gettext_lazy("Write a closing note before discharging.")},
    )


class ExtendForm(forms.Form):
    """Continue the plan: more visits and a new review date."""

    extra_visits = forms.IntegerField(label=gettext_lazy("Extra visits"), min_value=1, max_value=10)
    review_on = forms.DateField(label=gettext_lazy("Next review"), widget=DATE)

    def clean_review_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["review_on"]
        today = timezone.localdate()
        if not today <= day <= today + PLAN_REACH:
            raise forms.ValidationError(
                gettext("Choose a review date from today to two years ahead.")
            )
        return day

"""The self-check's steps: one question group per screen."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from ..rules.self_check import (
    AGGRAVATORS,
    AREAS,
    EMERGENCY_FLAGS,
    INFLAMMATORY_SIGNS,
    URGENT_FLAGS,
    RedFlag,
)

AREA_LABELS = {
    "buttock": gettext_noop("Deep in the buttock"),
    "hip": gettext_noop("The hip"),
    "back": gettext_noop("The lower back"),
    "down_the_leg": gettext_noop("Down the back of the leg"),
}
AGGRAVATOR_LABELS = {
    "sitting": gettext_noop("Sitting"),
    "bending": gettext_noop("Bending forward"),
    "squatting": gettext_noop("Squatting"),
    "running": gettext_noop("Running"),
    "stairs": gettext_noop("Climbing stairs"),
}


class WhereForm(forms.Form):
    title = _("Where is the pain?")
    areas = forms.MultipleChoiceField(
        label=_("Where do you feel it? Choose all that apply."),
        choices=[(a, gettext_lazy(AREA_LABELS[a])) for a in AREAS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one place.")},
    )
    both_sides = forms.TypedChoiceField(
        label=_("On one side or both?"),
        coerce=lambda v: v == "both",
        choices=[("one", _("One side")), ("both", _("Both sides"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please say whether it is one side or both.")},
    )


class WorseForm(forms.Form):
    title = _("What makes it worse?")
    aggravators = forms.MultipleChoiceField(
        label=_("Which of these make it worse? Choose all that apply."),
        required=False,
        choices=[(a, gettext_lazy(AGGRAVATOR_LABELS[a])) for a in AGGRAVATORS],
        widget=forms.CheckboxSelectMultiple,
    )
    tender_deep_in_buttock = forms.BooleanField(
        label=_("There is a tender spot deep in the buttock when I press on it"), required=False
    )
    worse_when_hip_stretched = forms.BooleanField(
        label=_("Crossing my legs or stretching the hip brings the pain on"), required=False
    )


class StoryForm(forms.Form):
    title = _("How did it start?")
    onset = forms.ChoiceField(
        label=_("How did it start?"),
        choices=[
            ("gradual", _("Gradually")),
            ("activity", _("After more running, cycling or training")),
            ("sitting", _("After a lot of sitting (desk, driving)")),
            ("unsure", _("I'm not sure")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose one.")},
    )
    duration = forms.ChoiceField(
        label=_("How long ago?"),
        choices=[
            ("weeks", _("Less than 6 weeks")),
            ("months", _("6 weeks to 3 months")),
            ("longer", _("More than 3 months")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose one.")},
    )
    activities = forms.MultipleChoiceField(
        label=_("Do you do any of these?"),
        required=False,
        choices=[
            ("running", _("Running")),
            ("cycling", _("Cycling")),
            ("other_sport", _("Another sport")),
            ("desk", _("Long hours at a desk")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    # Inflammatory back pain (NICE NG65): advice to see the GP, never a bar to massage.
    started_before_45 = forms.BooleanField(
        label=_("This pain first started before I was 45"), required=False
    )
    inflammatory_signs = forms.MultipleChoiceField(
        label=_("Are any of these true of your pain? Choose all that apply."),
        required=False,
        choices=[(code, gettext_lazy(sign)) for code, sign in INFLAMMATORY_SIGNS.items()],
        widget=forms.CheckboxSelectMultiple,
    )


def _flag_form(
    name: str, title: StrOrPromise, flags: Sequence[RedFlag], intro: StrOrPromise
) -> type[forms.Form]:
    fields = {
        "red_flags": forms.MultipleChoiceField(
            label=intro,
            required=False,
            choices=[(f.code, gettext_lazy(f.question)) for f in flags],
            widget=forms.CheckboxSelectMultiple,
        )
    }
    return type(name, (forms.Form,), {"title": title, **fields})


EmergencyForm = _flag_form(
    "EmergencyForm",
    _("Safety questions (1 of 2)"),
    EMERGENCY_FLAGS,
    _("Tick any that are true for you now. If none are, leave them blank."),
)
UrgentForm = _flag_form(
    "UrgentForm",
    _("Safety questions (2 of 2)"),
    URGENT_FLAGS,
    _("Tick any that are true for you. If none are, leave them blank."),
)

STEPS = (
    ("where", WhereForm),
    ("worse", WorseForm),
    ("story", StoryForm),
    ("safety", EmergencyForm),
    ("health", UrgentForm),
)

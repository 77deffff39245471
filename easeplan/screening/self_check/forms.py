"""The self-check's steps: one question group per screen."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms

from ..rules.self_check import (
    AGGRAVATORS,
    AREAS,
    EMERGENCY_FLAGS,
    INFLAMMATORY_SIGNS,
    URGENT_FLAGS,
    RedFlag,
)

AREA_LABELS = {
    "buttock": "Deep in the buttock",
    "hip": "The hip",
    "back": "The lower back",
    "down_the_leg": "Down the back of the leg",
}
AGGRAVATOR_LABELS = {
    "sitting": "Sitting",
    "bending": "Bending forward",
    "squatting": "Squatting",
    "running": "Running",
    "stairs": "Climbing stairs",
}


class WhereForm(forms.Form):
    title = "Where is the pain?"
    areas = forms.MultipleChoiceField(
        label="Where do you feel it? Choose all that apply.",
        choices=[(a, AREA_LABELS[a]) for a in AREAS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Please choose at least one place."},
    )
    both_sides = forms.TypedChoiceField(
        label="On one side or both?",
        coerce=lambda v: v == "both",
        choices=[("one", "One side"), ("both", "Both sides")],
        widget=forms.RadioSelect,
        error_messages={"required": "Please say whether it is one side or both."},
    )


class WorseForm(forms.Form):
    title = "What makes it worse?"
    aggravators = forms.MultipleChoiceField(
        label="Which of these make it worse? Choose all that apply.",
        required=False,
        choices=[(a, AGGRAVATOR_LABELS[a]) for a in AGGRAVATORS],
        widget=forms.CheckboxSelectMultiple,
    )
    tender_deep_in_buttock = forms.BooleanField(
        label="There is a tender spot deep in the buttock when I press on it", required=False
    )
    worse_when_hip_stretched = forms.BooleanField(
        label="Crossing my legs or stretching the hip brings the pain on", required=False
    )


class StoryForm(forms.Form):
    title = "How did it start?"
    onset = forms.ChoiceField(
        label="How did it start?",
        choices=[
            ("gradual", "Gradually"),
            ("activity", "After more running, cycling or training"),
            ("sitting", "After a lot of sitting (desk, driving)"),
            ("unsure", "I'm not sure"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose one."},
    )
    duration = forms.ChoiceField(
        label="How long ago?",
        choices=[
            ("weeks", "Less than 6 weeks"),
            ("months", "6 weeks to 3 months"),
            ("longer", "More than 3 months"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose one."},
    )
    activities = forms.MultipleChoiceField(
        label="Do you do any of these?",
        required=False,
        choices=[
            ("running", "Running"),
            ("cycling", "Cycling"),
            ("other_sport", "Another sport"),
            ("desk", "Long hours at a desk"),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    # Inflammatory back pain (NICE NG65): advice to see the GP, never a bar to massage.
    started_before_45 = forms.BooleanField(
        label="This pain first started before I was 45", required=False
    )
    inflammatory_signs = forms.MultipleChoiceField(
        label="Are any of these true of your pain? Choose all that apply.",
        required=False,
        choices=list(INFLAMMATORY_SIGNS.items()),
        widget=forms.CheckboxSelectMultiple,
    )


def _flag_form(name: str, title: str, flags: Sequence[RedFlag], intro: str) -> type[forms.Form]:
    fields = {
        "red_flags": forms.MultipleChoiceField(
            label=intro,
            required=False,
            choices=[(f.code, f.question) for f in flags],
            widget=forms.CheckboxSelectMultiple,
        )
    }
    return type(name, (forms.Form,), {"title": title, **fields})


EmergencyForm = _flag_form(
    "EmergencyForm",
    "Safety questions (1 of 2)",
    EMERGENCY_FLAGS,
    "Tick any that are true for you now. If none are, leave them blank.",
)
UrgentForm = _flag_form(
    "UrgentForm",
    "Safety questions (2 of 2)",
    URGENT_FLAGS,
    "Tick any that are true for you. If none are, leave them blank.",
)

STEPS = (
    ("where", WhereForm),
    ("worse", WorseForm),
    ("story", StoryForm),
    ("safety", EmergencyForm),
    ("health", UrgentForm),
)

"""The intake questionnaire as one form in sections, and its answers as plain data.

The cleaned form becomes exactly the answer dict described in easeplan.care.intake
(JSON-ready: dates as ISO strings, lists, bools). The pain questions reuse the self-check's
wording (easeplan.screening.self_check.forms) so a client who took the self-check sees the same
questions, already answered. Drafts keep the raw values typed (`raw_values`) and show them
again as the form's initial values, unvalidated (`initial_from_draft`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from easeplan.lib.forms import field_of
from easeplan.lib.names import NameField
from easeplan.lib.phones import PhoneField
from easeplan.screening.rules import self_check as rules
from easeplan.screening.self_check.forms import StoryForm, WhereForm, WorseForm

from . import rules as intake

# Oldest plausible date of birth, in years before today.
OLDEST_AGE = 120

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
PREGNANCY_CHOICES = [
    ("no", _("No")),
    ("yes", _("Yes")),
    ("high_risk", _("Yes, and my midwife or doctor says it is high-risk")),
]
HIP_CHOICES = [
    ("none", _("No")),
    ("left", _("Yes, the left hip")),
    ("right", _("Yes, the right hip")),
    ("both", _("Yes, both hips")),
]
OPERATION_CHOICES = [
    ("total", _("A hip replacement")),
    ("hemiarthroplasty", _("A half (partial) hip replacement, a hemiarthroplasty")),
    ("fracture_fixation", _("A broken hip fixed with screws, a plate or a nail")),
]
NEW_PAIN_QUESTION = _(
    "Is the pain you came with (buttock, hip, leg or back) new — not a problem you have had before?"
)
# The pain started before this age when the client is younger now (NICE NG65).
INFLAMMATORY_ONSET_BEFORE = 45
APPROACH_CHOICES = [
    ("", _("Choose one")),
    ("posterior", _("From the back (posterior)")),
    ("anterior", _("From the front (anterior)")),
    ("lateral", _("From the side (lateral)")),
    ("unknown", _("I don't know")),
]
ANTICOAGULANTS_QUESTION = _(
    "Do you take blood thinners (anticoagulants such as warfarin, apixaban, rivaroxaban) "
    "or aspirin daily?"
)


def _choices(form: type[forms.Form], name: str) -> list[tuple[str, StrOrPromise]]:
    # Django normalises a field's choices to a list of pairs; the stubs type what it accepts.
    choices = field_of(form.base_fields, name, forms.ChoiceField).choices
    return list(cast("list[tuple[str, StrOrPromise]]", choices))


def _label(form: type[forms.Form], name: str) -> StrOrPromise:
    """The self-check's question, kept lazy: it is read in the language of each page."""
    return form.base_fields[name].label or ""


def _translated(choices: dict[str, str]) -> list[tuple[str, StrOrPromise]]:
    """The rules' (code, English words) pairs as choices read in the page's language."""
    return [(code, gettext_lazy(words)) for code, words in choices.items()]


def _radio(
    label: StrOrPromise, choices: Sequence[tuple[str, StrOrPromise]], **kwargs: Any
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, required=False, **kwargs
    )


def _checkboxes(
    label: StrOrPromise, choices: Sequence[tuple[str, StrOrPromise]]
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=False
    )


def _text(
    label: StrOrPromise, *, missing: StrOrPromise = "", max_length: int = 120, **kw: Any
) -> Any:
    """A one-line text; `missing` makes it required, with that message when left blank."""
    return forms.CharField(
        label=label,
        required=bool(missing),
        max_length=max_length,
        error_messages={"required": missing} if missing else None,
        **kw,
    )


def _date(label: StrOrPromise, *, missing: StrOrPromise = "", **kw: Any) -> forms.DateField:
    messages: dict[str, StrOrPromise] = {"invalid": _("Please enter a real date, like 1985-04-23.")}
    if missing:
        messages["required"] = missing
    return forms.DateField(
        label=label,
        required=bool(missing),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=messages,
        **kw,
    )


def _area_field(problem: str) -> forms.CharField:
    """The "where?" of a local problem, `problem` in the rules' English words."""
    where = format_lazy(_("{problem} — where?"), problem=gettext_lazy(problem))
    return _text(where, max_length=200)


@dataclass(frozen=True)
class Section:
    """One fieldset of the form: its legend and the names of its fields, in order."""

    key: str
    legend: StrOrPromise
    fields: tuple[str, ...]
    intro: StrOrPromise = ""

    @property
    def from_self_check(self) -> bool:
        """Every question here was asked in the self-check, so it can carry over."""
        return set(self.fields) <= set(intake.FROM_SELF_CHECK)


SECTIONS = (
    Section(
        "contact",
        _("Contact"),
        (
            "phone",
            "date_of_birth",
            "emergency_contact_name",
            "emergency_contact_phone",
            "emergency_contact_relation",
        ),
    ),
    Section(
        "pain",
        _("Your pain"),
        (
            "areas",
            "both_sides",
            "aggravators",
            "tender_deep_in_buttock",
            "worse_when_hip_stretched",
            "onset",
            "duration",
            "started_before_45",
            "inflammatory_signs",
        ),
    ),
    Section(
        "warning",
        _("Warning signs"),
        ("new_pain", "red_flags"),
        _(
            "Please answer these even if you did the self-check: they tell us whether to see a "
            "doctor before massage."
        ),
    ),
    Section(
        "health",
        _("Your health"),
        (
            "health_history",
            "medications",
            "anticoagulants",
            "conditions",
            "pregnancy",
        ),
        _("Your answers help your therapist keep the massage safe for you."),
    ),
    Section(
        "local",
        _("Places to keep away from"),
        tuple(intake.LOCAL_AREAS),
        _(
            "Do any of these apply to you now? Say where, e.g. left calf, lower back. "
            "Leave blank if not."
        ),
    ),
    Section(
        "hip",
        _("Hip replacement or repair"),
        (
            "hip_replacement",
            "hip_operation",
            "hip_approach",
            "hip_replaced_on",
            "surgeon_cleared_hip",
        ),
        _("Some stretches and tests aren't safe after a hip operation until your surgeon says so."),
    ),
    Section("activity", _("Activity"), ("activities",)),
    Section("goals", _("Your goals"), ("goals",)),
)


class IntakeForm(forms.Form):
    """The whole intake on one page. `answers()` gives the dict that `Intake.answers` keeps.

    `today` (the client's local date) decides which dates are in the future; phone numbers
    are read in `region`, the practice's country.
    """

    # -- contact
    phone = PhoneField(label=_("Your phone number"), required=False)
    date_of_birth = _date(_("Date of birth"), missing=_("Please enter your date of birth."))
    emergency_contact_name = NameField(
        label=_("Emergency contact: name"),
        max_length=120,
        error_messages={
            "required": _("Please give the name of someone we can call in an emergency.")
        },
    )
    emergency_contact_phone = PhoneField(
        label=_("Emergency contact: phone"),
        error_messages={"required": _("Please give your emergency contact's phone number.")},
    )
    emergency_contact_relation = _text(
        _("Emergency contact: who are they to you?"),
        help_text=_("For example partner, parent, friend."),
    )
    # -- the pain (the self-check's questions)
    areas = forms.MultipleChoiceField(
        label=_label(WhereForm, "areas"),
        choices=_choices(WhereForm, "areas"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one place where you feel the pain.")},
    )
    both_sides = _radio(_label(WhereForm, "both_sides"), _choices(WhereForm, "both_sides"))
    aggravators = _checkboxes(_label(WorseForm, "aggravators"), _choices(WorseForm, "aggravators"))
    tender_deep_in_buttock = forms.BooleanField(
        label=_label(WorseForm, "tender_deep_in_buttock"), required=False
    )
    worse_when_hip_stretched = forms.BooleanField(
        label=_label(WorseForm, "worse_when_hip_stretched"), required=False
    )
    onset = _radio(_label(StoryForm, "onset"), _choices(StoryForm, "onset"))
    duration = _radio(_label(StoryForm, "duration"), _choices(StoryForm, "duration"))
    started_before_45 = forms.BooleanField(
        label=_label(StoryForm, "started_before_45"), required=False
    )
    inflammatory_signs = _checkboxes(
        _label(StoryForm, "inflammatory_signs"), _choices(StoryForm, "inflammatory_signs")
    )
    # -- warning signs: every red flag but the age one, decided from the date of birth
    # Required: a blank would read as "no" and could miss the age flag (CLINICAL.md §2).
    new_pain = forms.ChoiceField(
        label=NEW_PAIN_QUESTION,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please answer yes or no: is the pain you came with new for you?")
        },
    )
    red_flags = _checkboxes(
        _("Tick any that are true for you now. If none are, leave them blank."),
        [
            (flag.code, gettext_lazy(flag.question))
            for flag in rules.RED_FLAGS
            if flag.code != intake.AGE_FLAG
        ],
    )
    # -- health
    health_history = forms.CharField(
        label=_("Past injuries, operations or illnesses we should know about"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    medications = forms.CharField(
        label=_("Medicines you take (names, if you know them)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anticoagulants = forms.ChoiceField(
        label=ANTICOAGULANTS_QUESTION,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please answer yes or no: do you take blood thinners or aspirin daily?")
        },
    )
    conditions = _checkboxes(
        _("Do you have any of these? Tick all that apply."), _translated(intake.CONDITIONS)
    )
    pregnancy = _radio(_("Are you pregnant?"), PREGNANCY_CHOICES)
    # One "where?" per local problem (intake.LOCAL_AREAS); blank means none.
    wounds_or_skin_infection_areas = _area_field(
        intake.LOCAL_AREAS["wounds_or_skin_infection_areas"]
    )
    recent_surgery_areas = _area_field(intake.LOCAL_AREAS["recent_surgery_areas"])
    fracture_areas = _area_field(intake.LOCAL_AREAS["fracture_areas"])
    tumour_areas = _area_field(intake.LOCAL_AREAS["tumour_areas"])
    varicose_vein_areas = _area_field(intake.LOCAL_AREAS["varicose_vein_areas"])
    inflammatory_flare_areas = _area_field(intake.LOCAL_AREAS["inflammatory_flare_areas"])
    lymphoedema_areas = _area_field(intake.LOCAL_AREAS["lymphoedema_areas"])
    hip_replacement = _radio(
        _("Have you had a hip replacement, or a broken hip fixed with surgery?"), HIP_CHOICES
    )
    hip_operation = _radio(_("Which operation was it?"), OPERATION_CHOICES)
    hip_approach = forms.ChoiceField(
        label=_("How was the hip operated on?"),
        choices=APPROACH_CHOICES,
        required=False,
        help_text=_("Your surgeon's letter may say. If you are not sure, choose “I don't know”."),
    )
    hip_replaced_on = _date(
        _("When was the operation?"),
        help_text=_("An approximate date is fine (e.g. the 1st of the month)."),
    )
    surgeon_cleared_hip = forms.BooleanField(
        label=_("My surgeon has said hip stretches and tests are fine for me now"), required=False
    )
    # -- activity and goals
    activities = _checkboxes(
        _("Do any of these describe you? Tick all that apply."), _translated(intake.ACTIVITIES)
    )
    goals = forms.CharField(
        label=_("What would you like to be able to do again? In your own words."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: sit through a film, run 5 km, sleep through the night."),
        error_messages={"required": _("Please tell us your goals, in your own words.")},
    )

    def __init__(self, *args: Any, today: dt.date, region: str = "GB", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        for name in ("phone", "emergency_contact_phone"):
            field_of(self.fields, name, PhoneField).region = region

    def clean_date_of_birth(self) -> dt.date:
        born: dt.date = self.cleaned_data["date_of_birth"]
        if born >= self.today:
            raise forms.ValidationError(
                gettext("Your date of birth must be in the past. Please check it.")
            )
        if born.year < self.today.year - OLDEST_AGE:
            raise forms.ValidationError(
                gettext("That is more than %(years)s years ago. Please check the year.")
                % {"years": OLDEST_AGE}
            )
        return born

    def clean_hip_replaced_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("hip_replaced_on")
        if day is not None and day > self.today:
            raise forms.ValidationError(
                gettext(
                    "The operation date can't be in the future. Please check it, or leave it blank."
                )
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        side = data.get("hip_replacement") or "none"
        details = (
            data.get("hip_approach") or data.get("hip_replaced_on") or data.get("hip_operation")
        )
        if side == "none" and (details or data.get("surgeon_cleared_hip")):
            self.add_error(
                "hip_replacement",
                gettext(
                    "You gave details of a hip operation: please say which hip was replaced, "
                    "or clear those details."
                ),
            )
        if side != "none" and not data.get("hip_approach"):
            self.add_error(
                "hip_approach",
                gettext(
                    "Please say how the hip was operated on. If you are not sure, "
                    "choose “I don't know”."
                ),
            )
        return data

    def answers(self) -> dict[str, Any]:
        """The cleaned answers, keyed and typed as easeplan.care.intake describes."""
        data = self.cleaned_data
        side = data["hip_replacement"] or "none"
        replaced = side != "none"
        answers: dict[str, Any] = {
            key: data[key].strip()
            for key in (
                "phone",
                "emergency_contact_name",
                "emergency_contact_phone",
                "emergency_contact_relation",
                "health_history",
                "medications",
                "goals",
                *intake.LOCAL_AREAS,
            )
        }
        answers |= {
            key: list(data[key])
            for key in ("areas", "aggravators", "conditions", "activities", "inflammatory_signs")
        }
        born: dt.date = data["date_of_birth"]
        answers |= {
            "date_of_birth": born.isoformat(),
            "new_pain": data["new_pain"] == "yes",
            "started_before_45": data["started_before_45"]
            or rules.age_on(born, self.today) < INFLAMMATORY_ONSET_BEFORE,
            "both_sides": data["both_sides"] == "both",
            "tender_deep_in_buttock": data["tender_deep_in_buttock"],
            "worse_when_hip_stretched": data["worse_when_hip_stretched"],
            "onset": data["onset"],
            "duration": data["duration"],
            "anticoagulants": data["anticoagulants"] == "yes",
            "pregnancy": data["pregnancy"] or "no",
            "hip_replacement": side,
            "hip_operation": (data["hip_operation"] or "total") if replaced else "",
            "hip_approach": data["hip_approach"] if replaced else "",
            "hip_replaced_on": _iso(data["hip_replaced_on"]) if replaced else "",
            "surgeon_cleared_hip": replaced and data["surgeon_cleared_hip"],
        }
        answers["red_flags"] = intake.with_age_flag(
            {**answers, "red_flags": list(data["red_flags"])}, today=self.today
        )
        return answers

    def sections(self) -> list[tuple[Section, list[forms.BoundField]]]:
        """Each section with its bound fields, for the template's fieldsets."""
        return [(section, [self[name] for name in section.fields]) for section in SECTIONS]


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _is_multiple(field: forms.Field) -> bool:
    return isinstance(field, forms.MultipleChoiceField)


def raw_values(data: QueryDict | Mapping[str, Any]) -> dict[str, Any]:
    """What was typed into the form's fields, unvalidated: lists for the multiple choices,
    strings for the rest. Anything that isn't a field of the form is left out."""
    values: dict[str, Any] = {}
    for name, field in IntakeForm.base_fields.items():
        if _is_multiple(field):
            picked = data.getlist(name) if isinstance(data, QueryDict) else data.get(name, [])
            picked = [picked] if isinstance(picked, str) else picked
            values[name] = [str(v)[:200] for v in picked][:40]
        else:
            values[name] = str(data.get(name, ""))[:4000]
    return values


def initial_from_draft(draft: Mapping[str, Any]) -> dict[str, Any]:
    """A draft's raw values as the form's initial values, kept as typed. A draft or answers
    from before the age question came from the date of birth may have ticked it: the pain
    is then new, and the date of birth decides the rest."""
    initial = {name: draft[name] for name in IntakeForm.base_fields if name in draft}
    if "new_pain" not in draft and intake.AGE_FLAG in draft.get("red_flags", []):
        initial["new_pain"] = "yes"
    return initial


def initial_from_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Stored answers (a submitted intake or a self-check's) as the form's initial values."""
    initial = initial_from_draft(answers)
    if "both_sides" in answers:
        initial["both_sides"] = "both" if answers["both_sides"] else "one"
    if "anticoagulants" in answers:
        initial["anticoagulants"] = "yes" if answers["anticoagulants"] else "no"
    if "new_pain" in answers:
        initial["new_pain"] = "yes" if answers["new_pain"] else "no"
    return initial


# Shorter questions for the summary of what the self-check answered.
SUMMARY_LABELS = {"red_flags": _("Warning signs (the safety questions)")}


def summary_lines(form: IntakeForm, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(question, answer in words) for the named fields, as the form currently shows them.

    Unanswered questions are left out, except lists, where nothing ticked shows as "None";
    a ticked box shows as "Yes".
    """
    lines = []
    for name in names:
        field = form.fields[name]
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            text = gettext("Yes") if value and value not in ("False", "false", "0") else ""
        else:
            labels = dict(getattr(field, "choices", []))
            picked = value if isinstance(value, list | tuple) else [value]
            text = ", ".join(str(labels.get(v, v)) for v in picked if v not in (None, ""))
            if not text and _is_multiple(field):
                text = gettext("None")
        if text:
            lines.append((str(SUMMARY_LABELS.get(name, field.label)), text))
    return lines

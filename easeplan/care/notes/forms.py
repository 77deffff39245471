"""Forms of SOAP notes: the note itself (draft and sign) and an amendment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..models import SessionNote
from . import labels
from . import regions as body_map
from . import rules as soap
from .services import NoteDraft

TEXT_LIMIT = 20_000
# The note's fields that hold a list of codes (a tuple in a NoteDraft, a list in the form).
CODE_LISTS = ("regions", "techniques")
UNKNOWN = _("“%(value)s” is not one of the choices. Reload the page and choose again.")
# A region or technique named in the language of the page that shows the form.
_choice_label = lazy(labels.choice_label, str)
_technique_label = lazy(labels.technique_label, str)


def _text(label: Any, help_text: Any, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        strip=False,  # keep the template's line layout as typed
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        # TEXT_LIMIT, written out for the translators.
        error_messages={"max_length": _("Keep this under 20,000 characters.")},
    )


class NoteForm(forms.Form):
    """A session note as typed. Everything is optional while it is a draft; signing asks
    for more (note_services.sign_note)."""

    # Marks a POST that carries the note's fields (the sign button posts the whole form).
    note_form = forms.CharField(widget=forms.HiddenInput, initial="1", required=False)
    pain_today = forms.IntegerField(
        label=_("Pain today (0–10)"),
        help_text=_("0 is no pain, 10 the worst pain imaginable."),
        required=False,
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
        error_messages={
            "invalid": _("Pain today is a whole number from 0 to 10."),
            "min_value": _("Pain today is a whole number from 0 to 10."),
            "max_value": _("Pain today is a whole number from 0 to 10."),
        },
    )
    subjective = _text(
        pgettext_lazy("SOAP section", "Subjective"),
        _("What the client reports: pain, sitting, sleep, activity."),
    )
    objective = _text(
        pgettext_lazy("SOAP section", "Objective"),
        _("Your findings: posture, range of motion, palpation, tests."),
    )
    regions = forms.MultipleChoiceField(
        label=_("Body regions treated"),
        required=False,
        choices=[(code, _choice_label(c)) for code, c in body_map.REGION_CHOICES.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": UNKNOWN},
    )
    techniques = forms.MultipleChoiceField(
        label=_("Techniques"),
        required=False,
        choices=[(t.code, _technique_label(t)) for t in soap.TECHNIQUES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": UNKNOWN},
    )
    pressure = forms.ChoiceField(
        label=_("Pressure"),
        required=False,
        choices=[("", _("Not recorded")), *SessionNote.Pressure.choices],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": UNKNOWN},
    )
    client_response = _text(
        _("Client's response"),
        _("How the client responded during and after the treatment."),
        rows=3,
    )
    assessment = _text(
        pgettext_lazy("SOAP section", "Assessment"),
        _("Your assessment: change since the last visit, progress."),
    )
    plan = _text(
        pgettext_lazy("SOAP section", "Plan"),
        _("What next: the next visit, home programme, referral."),
    )

    def draft(self) -> NoteDraft:
        """The cleaned values as a NoteDraft (call after is_valid())."""
        data = self.cleaned_data
        picked = {name: data[name] for name in NoteDraft.names()}
        return NoteDraft(**picked | {code: tuple(data[code]) for code in CODE_LISTS})

    @property
    def chosen_regions(self) -> list[str]:
        """The regions ticked in the form as shown (posted or initial)."""
        value = self["regions"].value() or []
        return [str(v) for v in value]

    @property
    def chosen_techniques(self) -> list[str]:
        value = self["techniques"].value() or []
        return [str(v) for v in value]

    @property
    def chosen_pressure(self) -> str:
        return str(self["pressure"].value() or "")


def initial_from_note(note: SessionNote) -> dict[str, Any]:
    """The form's initial values from a saved draft."""
    initial = {name: getattr(note, name) for name in NoteDraft.names()}
    return initial | {code: list(getattr(note, code)) for code in CODE_LISTS}


def initial_from_template(template: soap.Template, pain_today: int | None) -> dict[str, Any]:
    """The form's initial values for a visit without a note: the template's prompts and
    ticked regions, and today's pain from the client's check-in when there is one."""
    prompts = labels.template_prompts(template)
    return {**prompts, "regions": list(template.regions), "pain_today": pain_today}


class AmendmentForm(forms.Form):
    """A dated correction to a signed note."""

    text = forms.CharField(
        label=_("Amendment"),
        help_text=_(
            "Say what was wrong or missing and the correction. It is added with your "
            "name and the time; the signed note stays as it was."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write the correction before adding it."),
            "max_length": _("Keep an amendment under 5,000 characters."),
        },
    )

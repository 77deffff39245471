"""The check-in form, built from the instruments a check-in asks.

Every 0–10 item is a row of 11 radio buttons (its question as the legend, the anchor
words at both ends); the GROC is a list of its 15 labelled answers; the RMDQ-24 is the
published tick list, where an unticked sentence counts as no (Roland & Morris 1983).
Activities a client may not do (pain when running; a PSFS activity) can be skipped with
their own choice: a skipped item is unanswered, never a 0. The rest must be answered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from easeplan.lib.forms import field_of
from easeplan.screening.rules import self_check as rules

from .. import measures
from ..instruments import Instrument, Item

SKIP = "skip"
SEPARATOR = "__"

# Sections of the form: the instruments each takes, and its heading.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("pain", gettext_noop("Your pain")),
    ("activities", gettext_noop("Pain with everyday activities")),
    ("psfs", gettext_noop("Your activities")),
    ("interference", gettext_noop("Sleep and mood")),
    ("rmdq-24", gettext_noop("Your back today")),
    ("groc", gettext_noop("Since your treatment began")),
)


def section_of(instrument: Instrument) -> str:
    code = instrument.code
    if code.removeprefix("nprs-") in measures.NPRS_ACTIVITIES:
        return "activities"
    if code.startswith("nprs-"):
        return "pain"
    if code in (measures.SLEEP.code, measures.MOOD.code):
        return "interference"
    return code


def skip_label(instrument: Instrument) -> str:
    """The words of an item's "skip" choice, or "" when it must be answered."""
    section = section_of(instrument)
    if section == "activities":
        return _("I didn't do this in the last week")
    if section == "psfs":
        return _("Skip this one")
    return ""


@dataclass
class Row:
    """One question as the page draws it."""

    instrument: Instrument
    item: Item
    field: forms.BoundField
    scale: list[Any] = dataclasses.field(default_factory=list)  # the numbered choices
    skip: Any = None  # the skip choice, if any

    @property
    def labelled(self) -> bool:
        """Answers shown with words (the GROC) rather than a row of numbers."""
        return bool(self.item.labels)


@dataclass
class Section:
    """A group of questions under one heading, with its instructions and sources."""

    key: str
    heading: str
    instruction: str
    rows: list[Row] = dataclasses.field(default_factory=list)
    ticks: forms.BoundField | None = None  # the RMDQ's tick list
    attributions: list[str] = dataclasses.field(default_factory=list)


def _answer_label(item: Item, value: int) -> str:
    words = item.label_for(value)
    words = _(words) if words else words
    number = f"{value:+d}" if item.min < 0 and value else str(value)
    return f"{number} {words}" if words else number


class CheckInForm(forms.Form):
    """The questions of one check-in; `answers()` gives what `services.record` takes."""

    def __init__(self, *args: Any, instruments: Sequence[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instruments = list(instruments)
        for instrument in self.instruments:
            if instrument.items[0].yes_no:
                self.fields[instrument.code] = self._ticks(instrument)
                continue
            for item in instrument.items:
                self.fields[name_of(instrument, item)] = self._choice(instrument, item)

    @staticmethod
    def _ticks(instrument: Instrument) -> forms.MultipleChoiceField:
        return forms.MultipleChoiceField(
            label=instrument.name,
            required=False,
            choices=[(item.code, item.text) for item in instrument.items],
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": gettext("Reload the page and tick the sentences again.")
            },
        )

    @staticmethod
    def _choice(instrument: Instrument, item: Item) -> forms.ChoiceField:
        choices = [(str(v), _answer_label(item, v)) for v in range(item.min, item.max + 1)]
        skip = skip_label(instrument)
        if skip:
            choices.append((SKIP, skip))
        text = _(item.text)
        if item.labels:
            message = _("Choose an answer for “%(question)s”.") % {"question": text}
        else:
            message = _("Choose a number from %(min)s to %(max)s for “%(question)s”.") % {
                "min": item.min,
                "max": item.max,
                "question": text,
            }
        return forms.ChoiceField(
            label=text,
            required=not skip,
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": message, "invalid_choice": message},
        )

    def answers(self) -> dict[str, dict[str, int | None]]:
        """{instrument code: {item code: answer}}; skipped items are None (call after
        is_valid()). The tick list answers every sentence: ticked yes (1), else no (0)."""
        data = self.cleaned_data
        found: dict[str, dict[str, int | None]] = {}
        for instrument in self.instruments:
            if instrument.items[0].yes_no:
                ticked = set(data.get(instrument.code) or ())
                found[instrument.code] = {i.code: int(i.code in ticked) for i in instrument.items}
                continue
            found[instrument.code] = {
                item.code: _number(data.get(name_of(instrument, item))) for item in instrument.items
            }
        return found

    def sections(self) -> list[Section]:
        """The questions grouped for the page, in the instruments' order."""
        by_key: dict[str, Section] = {}
        headings = dict(SECTIONS)
        for instrument in self.instruments:
            key = section_of(instrument)
            section = by_key.get(key)
            if section is None:
                heading = _(headings.get(key) or instrument.name)
                section = by_key[key] = Section(key, heading, _instruction(instrument))
            attribution = _(instrument.attribution) if instrument.attribution else ""
            if attribution and attribution not in section.attributions:
                section.attributions.append(attribution)
            if instrument.items[0].yes_no:
                section.ticks = self[instrument.code]
                continue
            section.rows += [self._row(instrument, item) for item in instrument.items]
        return list(by_key.values())

    def _row(self, instrument: Instrument, item: Item) -> Row:
        bound = self[name_of(instrument, item)]
        row = Row(instrument, item, bound)
        for choice in bound:
            if choice.data["value"] == SKIP:
                row.skip = choice
            else:
                row.scale.append(choice)
        return row

    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) of each question answered wrongly, for the summary."""
        return [
            (self[name].auto_id, str(errors[0]))
            for name, errors in self.errors.items()
            if name in self.fields
        ]


def name_of(instrument: Instrument, item: Item) -> str:
    return f"{instrument.code}{SEPARATOR}{item.code}"


def _instruction(instrument: Instrument) -> str:
    if instrument.code == measures.GROC.code:
        return _("Think of how you were when your treatment began.")
    if instrument.items[0].yes_no:  # the published tick list's own instructions, in English
        return (
            "When your back hurts, you may find it hard to do some of the things you normally "
            "do. Think of yourself today: tick each sentence that describes you today, and "
            "leave the others blank."
        )
    return _(instrument.question)


def _number(value: Any) -> int | None:
    return None if value in (None, "", SKIP) else int(value)


class RedFlagsSinceForm(forms.Form):
    """The red-flag questions asked again before every visit: "since your last visit,
    have you had …?" (CLINICAL.md §2). Every flag of screening.rules.RED_FLAGS is asked;
    any tick stops online booking and marks the visit for the therapist."""

    red_flags = forms.MultipleChoiceField(
        label=gettext_lazy(
            "Since your last visit, have you had any of these? Tick any that apply."
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("Reload the page and tick the warning signs again.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "safety")
        super().__init__(*args, **kwargs)
        field_of(self.fields, "red_flags", forms.ChoiceField).choices = [
            (flag.code, flag.question) for flag in rules.RED_FLAGS
        ]

    def codes(self) -> list[str]:
        """The red-flag codes ticked (call after is_valid())."""
        return list(self.cleaned_data.get("red_flags") or [])

"""Outcome instruments as plain data, with their published scoring and change verdicts.

Pure code (no Django). An `Instrument` carries its code and version, its scoring and
missing-item rules, its direction and its meaningful-change rule with the source; the
instruments easeplan uses, with their item texts, are in easeplan.outcomes.measures
(CLINICAL.md §4 says what is measured and why). `score` turns answers into a
`Score` (or None when the missing-item rule says the answers cannot be scored), `change`
compares two scores, and `describe` says the result in plain words. Scores and verdicts
are exact (`Fraction`); rounding happens only for display.

Sources: each instrument's, with its items, in easeplan.outcomes.measures; the change
rules of pain (NPRS) and the RMDQ are those of Farrar 2001 and Ostelo 2008.

The published thresholds were derived for improvement. For a worsening easeplan applies
the points threshold only (a percentage of a low baseline would call a 1-point rise
meaningful); this is our convention, not a published rule.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# The version of easeplan's encoding of an instrument (wording, items, scoring and
# verdict rules). Bump an instrument's version whenever any of those change: scores of
# different versions are never compared.
VERSION = "2026-11"

Answers = Mapping[str, int | bool | None]


class Direction(enum.Enum):
    """Which end of an instrument's scale is the good one."""

    HIGHER_IS_WORSE = "higher_is_worse"
    HIGHER_IS_BETTER = "higher_is_better"


class Method(enum.Enum):
    """How the item answers become the score."""

    SUM = "sum"
    MEAN = "mean"  # the mean of the answered items


class Interpretation(enum.Enum):
    """What a change on the instrument may be called."""

    THRESHOLD = "threshold"  # meaningful or not, by a published rule
    TREND = "trend"  # better, worse or the same; never "meaningful"
    AS_GIVEN = "as_given"  # the answer is itself a rating of change (GROC)


class Trend(enum.StrEnum):
    """Where a client went between two scores, the instrument's direction considered."""

    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


@dataclass(frozen=True)
class Item:
    """One question: its answer is a whole number from `min` to `max` (yes/no: 1/0)."""

    code: str
    text: str
    min: int
    max: int
    anchors: tuple[str, str]  # what the lowest and the highest answer mean
    yes_no: bool = False
    labels: tuple[str, ...] = ()  # a label for every answer from min to max, if any

    def __post_init__(self) -> None:
        if self.min >= self.max:
            raise ValueError(f"item {self.code}: min must be below max")
        if self.labels and len(self.labels) != self.max - self.min + 1:
            raise ValueError(f"item {self.code}: one label per answer is needed")

    def label_for(self, value: int) -> str | None:
        return self.labels[value - self.min] if self.labels else None


@dataclass(frozen=True)
class ChangeRule:
    """When a change counts as meaningful (the instrument's published threshold).

    Meaningful when the score moved at least `points` either way; or, for an improvement
    only, by at least `share` of the baseline score; or when one item answered both times
    moved at least `item_points` in the direction of the overall change.
    """

    points: Fraction
    source: str
    share: Fraction | None = None
    item_points: int | None = None


@dataclass(frozen=True)
class Instrument:
    """An outcome measure as data: what it asks and how its answers are scored."""

    code: str
    version: str
    name: str
    question: str  # the instruction shown above the items
    items: tuple[Item, ...]
    direction: Direction
    method: Method
    scoring: str  # the published scoring in words
    min_answered: int  # fewer answered items than this: no score
    missing_items: str  # the missing-item rule in words, with its source
    interpretation: Interpretation
    meaningful_change: str  # the meaningful-change rule in words, with its source
    change_rule: ChangeRule | None = None
    attribution: str = ""
    decimals: int = 0  # shown with this many decimals (the score itself stays exact)

    def __post_init__(self) -> None:
        codes = [item.code for item in self.items]
        if not codes or len(set(codes)) != len(codes):
            raise ValueError(f"{self.code}: items must be present and unique")
        if not 1 <= self.min_answered <= len(codes):
            raise ValueError(f"{self.code}: min_answered must be 1 to {len(codes)}")
        if (self.change_rule is None) == (self.interpretation is Interpretation.THRESHOLD):
            raise ValueError(f"{self.code}: a change rule goes with a threshold, only")

    @property
    def lowest(self) -> int:
        """The lowest possible score."""
        lows = [item.min for item in self.items]
        return sum(lows) if self.method is Method.SUM else min(lows)

    @property
    def highest(self) -> int:
        """The highest possible score."""
        highs = [item.max for item in self.items]
        return sum(highs) if self.method is Method.SUM else max(highs)

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)


@dataclass(frozen=True)
class Score:
    """A scored response: which instrument (code and version), the value, what was answered."""

    code: str
    version: str
    value: Fraction
    answered: int  # the number of items answered
    answers: tuple[tuple[str, int], ...]  # (item code, answer) of the answered items; yes = 1


@dataclass(frozen=True)
class Change:
    """Two scores of one instrument compared: how much, which way, and whether it matters."""

    instrument: Instrument
    baseline: Score
    latest: Score
    difference: Fraction  # latest minus baseline
    direction: Trend
    meaningful: bool | None  # None: the instrument has no threshold
    because: str = ""  # the rule that made it meaningful

    @property
    def meaningful_improvement(self) -> bool:
        return self.meaningful is True and self.direction is Trend.BETTER


# --- Scoring ------------------------------------------------------------------------


def score(instrument: Instrument, answers: Answers) -> Score | None:
    """The score of one response, or None when the missing-item rule says it cannot be scored.

    `answers` maps item codes to answers; a missing code or None is an unanswered item.
    Unknown items and answers out of range raise ValueError.
    """
    given = _checked(instrument, answers)
    if len(given) < instrument.min_answered:
        return None
    total = sum(value for _, value in given)
    value = Fraction(total, len(given)) if instrument.method is Method.MEAN else Fraction(total)
    return Score(instrument.code, instrument.version, value, len(given), given)


def _checked(instrument: Instrument, answers: Answers) -> tuple[tuple[str, int], ...]:
    """The answered items in the instrument's order, each checked against its range."""
    codes = {item.code for item in instrument.items}
    unknown = sorted(code for code in answers if code not in codes)
    if unknown:
        raise ValueError(
            f"{instrument.name} has no item {', '.join(map(repr, unknown))}; "
            f"its items are {', '.join(sorted(codes))}."
        )
    given: list[tuple[str, int]] = []
    for item in instrument.items:
        value = answers.get(item.code)
        if value is not None:
            given.append((item.code, _checked_answer(item, value)))
    return tuple(given)


def _checked_answer(item: Item, value: object) -> int:
    if item.yes_no:
        if isinstance(value, int) and value in (0, 1):
            return int(value)
        raise ValueError(f"Item {item.code} takes yes or no (True/False), not {value!r}.")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"Item {item.code} takes a whole number, not {value!r}.")
    if not item.min <= value <= item.max:
        raise ValueError(
            f"Item {item.code} takes a number from {item.min} to {item.max}, not {value}."
        )
    return value


# --- Change -------------------------------------------------------------------------


def change(instrument: Instrument, baseline: Score, latest: Score) -> Change:
    """Compare a baseline and a latest score of one instrument (same code and version)."""
    for which, scored in (("baseline", baseline), ("latest", latest)):
        if (scored.code, scored.version) != (instrument.code, instrument.version):
            raise ValueError(
                f"The {which} score is of {scored.code} version {scored.version}, not "
                f"{instrument.code} version {instrument.version}: they cannot be compared."
            )
    difference = latest.value - baseline.value
    gain = _gain(instrument.direction, difference)
    direction = Trend.BETTER if gain > 0 else Trend.WORSE if gain < 0 else Trend.SAME
    meaningful, because = _verdict(instrument, baseline, latest, direction)
    return Change(instrument, baseline, latest, difference, direction, meaningful, because)


def _gain(direction: Direction, difference: Fraction) -> Fraction:
    """A difference in the instrument's terms: positive is better."""
    return difference if direction is Direction.HIGHER_IS_BETTER else -difference


def _verdict(
    instrument: Instrument, baseline: Score, latest: Score, direction: Trend
) -> tuple[bool | None, str]:
    """Whether the change is meaningful, and by which rule (see `ChangeRule`)."""
    rule = instrument.change_rule
    if rule is None:
        return None, ""
    if direction is Trend.SAME:
        return False, ""
    size = abs(latest.value - baseline.value)
    if size >= rule.points:
        return True, f"at least {rule.points} points"
    if direction is Trend.BETTER and rule.share is not None and size >= rule.share * baseline.value:
        return True, f"at least {_percent(rule.share)} of the first score"
    if rule.item_points is not None:
        before = dict(baseline.answers)
        known = {item.code for item in instrument.items}
        for code, value in latest.answers:
            if code not in before or code not in known:
                continue
            gain = _gain(instrument.direction, Fraction(value - before[code]))
            moved_with = gain > 0 if direction is Trend.BETTER else gain < 0
            if moved_with and abs(gain) >= rule.item_points:
                activity = instrument.item(code).text
                return True, f"at least {rule.item_points} points on “{activity}”"
    return False, ""


def _percent(share: Fraction) -> str:
    return f"{float(share * 100):g}%"


# --- Plain words --------------------------------------------------------------------


def display(instrument: Instrument, value: Fraction) -> str:
    """A score for people: the instrument's decimals, halves rounded up; GROC signed."""
    places = instrument.decimals if value.denominator == 1 else max(instrument.decimals, 1)
    scaled = math.floor(value * 10**places + Fraction(1, 2))
    text = str(Decimal(scaled).scaleb(-places))
    if instrument.interpretation is Interpretation.AS_GIVEN and value > 0:
        return f"+{text}"
    return text


def gettext_noop(text: str) -> str:
    """Marks a text for translation, like Django's own: `makemessages` collects it and the
    pages that show it translate it; the instrument, and what is stored, keep the English."""
    return text


# The sentences of `describe`, whole, so that each can be translated as one sentence.
SENTENCES = {
    "rated": gettext_noop("You rated your %(label)s as %(after)s."),
    "rated-words": gettext_noop("You rated your %(label)s as %(after)s (%(words)s)."),
    "same": gettext_noop("Your %(label)s is about the same (%(before)s then %(after)s)."),
    "better": gettext_noop("Your %(label)s is better (%(before)s then %(after)s)."),
    "worse": gettext_noop("Your %(label)s is worse (%(before)s then %(after)s)."),
    "down-meaningful": gettext_noop(
        "Your %(label)s is down from %(before)s to %(after)s — that is a meaningful change."
    ),
    "down-not-yet": gettext_noop(
        "Your %(label)s is down from %(before)s to %(after)s — not yet a meaningful change."
    ),
    "up-meaningful": gettext_noop(
        "Your %(label)s is up from %(before)s to %(after)s — that is a meaningful change."
    ),
    "up-not-yet": gettext_noop(
        "Your %(label)s is up from %(before)s to %(after)s — not yet a meaningful change."
    ),
    "down-worse": gettext_noop(
        "Your %(label)s is down from %(before)s to %(after)s — that is a meaningful change "
        "for the worse."
    ),
    "down-small": gettext_noop(
        "Your %(label)s is down from %(before)s to %(after)s — a small change, less than a "
        "meaningful one."
    ),
    "up-worse": gettext_noop(
        "Your %(label)s is up from %(before)s to %(after)s — that is a meaningful change "
        "for the worse."
    ),
    "up-small": gettext_noop(
        "Your %(label)s is up from %(before)s to %(after)s — a small change, less than a "
        "meaningful one."
    ),
}


def _same(text: str) -> str:
    return text


def describe(found: Change, label: str, translate: Callable[[str], str] = _same) -> str:
    """One plain sentence about a change, e.g. for `label` "sitting pain":

    "Your sitting pain is down from 7 to 3 — that is a meaningful change."
    Trend-only instruments say better, worse or about the same; the GROC is reported as
    the client gave it (the latest rating). `translate` (gettext) gives the sentence, and
    the GROC's words, in the reader's language; `label` is given already translated.
    """
    instrument = found.instrument
    values = {
        "label": label,
        "before": display(instrument, found.baseline.value),
        "after": display(instrument, found.latest.value),
    }
    if instrument.interpretation is Interpretation.AS_GIVEN:
        rating = found.latest.value
        item = instrument.items[0]
        words = item.label_for(int(rating)) if rating.denominator == 1 else None
        if words:
            values["words"] = translate(words).lower()
        return translate(SENTENCES["rated-words" if words else "rated"]) % values
    if found.direction is Trend.SAME:
        return translate(SENTENCES["same"]) % values
    if instrument.interpretation is Interpretation.TREND:
        return translate(SENTENCES[str(found.direction)]) % values
    moved = "down" if found.difference < 0 else "up"
    if found.direction is Trend.BETTER:
        verdict = "meaningful" if found.meaningful else "not-yet"
    else:
        verdict = "worse" if found.meaningful else "small"
    return translate(SENTENCES[f"{moved}-{verdict}"]) % values

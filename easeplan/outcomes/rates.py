"""The practice outcomes dashboard's arithmetic: per-plan facts in, rates by month and by
therapist out. Pure code (no Django); `easeplan.outcomes.dashboard.services` gathers the facts.

What the figures mean (the dashboard page says the same in plain words):

- Active plans: plans whose status is active now; paused plans are shown alongside.
- Completion rate: of the plans closed in a period, the share completed or discharged:
  (completed + discharged) ÷ (completed + discharged + abandoned). A plan belongs to the
  month of its closing date in the practice's time zone.
- Meaningful change in pain: of the completed or discharged plans with at least two scored
  "pain now" ratings (NPRS, current version), the share whose first → last change is a
  meaningful improvement by the instrument's rule (2 points or 30%; CLINICAL.md §4).
  "n of m measured": n such plans of the m completed or discharged ones.
- Meaningful change in function: the same with the PSFS, like for like (Stratford 1995;
  `measures.psfs_like_for_like`): only the activities rated at both times, each from its
  own first rating, 2 points on their mean or 3 on one of them. A plan whose PSFS has no
  activity rated at both times has no PSFS verdict; it is judged by the RMDQ-24 (5 points
  or 30%) when that has two scores, and otherwise not measured.
- Drop-off after the first visit: of the plans with at least 2 visits planned whose first
  visit took place at least 14 days ago, the share with exactly one visit that took place
  and no later visit booked, unless the therapist closed it as completed or discharged.
  A plan belongs to the month of that first visit.

Rates are exact (`Fraction`); a percentage is rounded to a whole number, halves up; a rate
with nothing to count (0 ÷ 0) is shown as "—".
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from . import instruments as inst
from . import measures

NOTHING = "—"  # a rate of 0 ÷ 0
MONTHS_SHOWN = 12
DROP_OFF_AFTER_DAYS = 14  # a first visit this long ago without a second one is a drop-off

K = TypeVar("K", bound=Hashable)
_F = TypeVar("_F")


# --- Months and therapists ------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month (in the practice's time zone)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"A month is 1 to 12, not {self.month}.")

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def previous(self) -> Month:
        if self.month == 1:
            return Month(self.year - 1, 12)
        return Month(self.year, self.month - 1)


def month_of(day: dt.date) -> Month:
    return Month(day.year, day.month)


def last_months(today: dt.date, count: int = MONTHS_SHOWN) -> list[Month]:
    """The `count` months up to and including today's, newest first."""
    months = [month_of(today)]
    while len(months) < count:
        months.append(months[-1].previous())
    return months


@dataclass(frozen=True, order=True)
class Who:
    """A therapist as the dashboard groups plans: by name, then code (names may repeat)."""

    name: str
    code: str = ""


NOBODY = Who("No therapist named")


# --- Rates ---------------------------------------------------------------------------


def percent(share: Fraction) -> int:
    """A share as a whole percentage, halves rounded up (5/8 → 63)."""
    return math.floor(share * 100 + Fraction(1, 2))


@dataclass(frozen=True)
class Rate:
    """`part` of `whole` counted plans, e.g. 3 completed of 4 closed."""

    part: int = 0
    whole: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.part <= self.whole:
            raise ValueError(f"A rate needs 0 ≤ part ≤ whole, not {self.part} of {self.whole}.")

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.part + other.part, self.whole + other.whole)

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.part, self.whole) if self.whole else None

    @property
    def percent(self) -> int | None:
        value = self.value
        return None if value is None else percent(value)

    @property
    def shown(self) -> str:
        """ "75%", or "—" when there is nothing to count."""
        found = self.percent
        return NOTHING if found is None else f"{found}%"


def rate_of(flags: Iterable[bool]) -> Rate:
    """The share of true flags."""
    values = list(flags)
    return Rate(sum(values), len(values))


# --- Per-plan facts ------------------------------------------------------------------


@dataclass(frozen=True)
class ClosedPlan:
    """A plan closed in the period: `finished` when completed or discharged, not when
    abandoned; `pain` and `function` say whether the first → last change was a meaningful
    improvement (None: not measured, or not finished)."""

    therapist: Who
    month: Month
    finished: bool
    pain: bool | None = None
    function: bool | None = None

    def __post_init__(self) -> None:
        if not self.finished and (self.pain is not None or self.function is not None):
            raise ValueError("Only a completed or discharged plan has a measured change.")


@dataclass(frozen=True)
class FirstVisit:
    """A plan with 2+ visits planned whose first visit took place 14+ days ago."""

    therapist: Who
    month: Month
    dropped_off: bool


@dataclass(frozen=True)
class OpenPlan:
    """A plan that is active or paused now."""

    therapist: Who
    paused: bool = False


@dataclass(frozen=True)
class Figures:
    """The dashboard's figures for one group of plans (a month, a therapist, or all)."""

    active: int = 0
    paused: int = 0
    completion: Rate = field(default_factory=Rate)
    pain: Rate = field(default_factory=Rate)
    function: Rate = field(default_factory=Rate)
    drop_off: Rate = field(default_factory=Rate)

    @property
    def closed(self) -> int:
        return self.completion.whole

    @property
    def finished(self) -> int:
        """Completed or discharged plans: the plans whose change can be measured."""
        return self.completion.part

    @property
    def abandoned(self) -> int:
        return self.completion.whole - self.completion.part


def figures_of(
    closed: Iterable[ClosedPlan],
    first_visits: Iterable[FirstVisit] = (),
    open_plans: Iterable[OpenPlan] = (),
) -> Figures:
    """Count the facts of one group of plans."""
    closed, open_plans = list(closed), list(open_plans)
    finished = [plan for plan in closed if plan.finished]
    return Figures(
        active=sum(1 for plan in open_plans if not plan.paused),
        paused=sum(1 for plan in open_plans if plan.paused),
        completion=rate_of(plan.finished for plan in closed),
        pain=rate_of(plan.pain for plan in finished if plan.pain is not None),
        function=rate_of(plan.function for plan in finished if plan.function is not None),
        drop_off=rate_of(visit.dropped_off for visit in first_visits),
    )


def grouped(facts: Iterable[_F], key: Callable[[_F], K]) -> dict[K, list[_F]]:
    """The facts by `key`, each fact in exactly one group."""
    groups: dict[K, list[_F]] = {}
    for fact in facts:
        groups.setdefault(key(fact), []).append(fact)
    return groups


def by_month(
    months: Iterable[Month],
    closed: Iterable[ClosedPlan],
    first_visits: Iterable[FirstVisit],
) -> list[tuple[Month, Figures]]:
    """One row per month of `months` (empty months included), newest first. Facts of
    other months are left out; active and paused counts are "now" and have no month."""
    ends = grouped(closed, lambda plan: plan.month)
    starts = grouped(first_visits, lambda visit: visit.month)
    return [
        (month, figures_of(ends.get(month, []), starts.get(month, [])))
        for month in sorted(set(months), reverse=True)
    ]


def by_therapist(
    closed: Iterable[ClosedPlan],
    first_visits: Iterable[FirstVisit],
    open_plans: Iterable[OpenPlan],
    therapists: Iterable[Who] = (),
) -> list[tuple[Who, Figures]]:
    """One row per therapist with any plan counted, plus each of `therapists` (so a new
    colleague shows with dashes), ordered by name regardless of case; plans without a
    therapist come last."""
    ends = grouped(closed, lambda plan: plan.therapist)
    starts = grouped(first_visits, lambda visit: visit.therapist)
    now = grouped(open_plans, lambda plan: plan.therapist)
    everyone = set(therapists) | set(ends) | set(starts) | set(now)
    return [
        (who, figures_of(ends.get(who, []), starts.get(who, []), now.get(who, [])))
        for who in sorted(everyone, key=lambda w: (w == NOBODY, w.name.casefold(), w.code))
    ]


# --- The change of one plan ----------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    """A stored response as the dashboard reads it: its stored score (a whole number for
    the instruments judged on their score alone, the NPRS and the RMDQ-24)."""

    score: Decimal | Fraction


FUNCTION_MEASURES = ("psfs", "rmdq-24")  # the first one with a verdict is used
PAIN_MEASURE = "nprs-now"


@functools.lru_cache(maxsize=1024)
def improved_between(code: str, first: Decimal | Fraction, last: Decimal | Fraction) -> bool:
    """Whether the change from `first` to `last` (scores of the current version of the
    instrument `code`, one judged on its score alone) is a meaningful improvement."""
    instrument = measures.INSTRUMENTS[code]
    before, after = _score(instrument, first), _score(instrument, last)
    return inst.change(instrument, before, after).meaningful_improvement


def improved(code: str, first: Scored, last: Scored) -> bool:
    """`improved_between` of two stored responses."""
    return improved_between(code, first.score, last.score)


def psfs_improved(responses: Sequence[measures.PsfsRatings]) -> bool | None:
    """Whether a plan's PSFS responses (in order) show a meaningful improvement, like for
    like (`measures.psfs_like_for_like`); None when no activity was rated at both
    times (or there are fewer than two responses)."""
    found = measures.psfs_like_for_like(responses)
    return None if found is None else found.meaningful_improvement


def _score(instrument: inst.Instrument, stored: Decimal | Fraction) -> inst.Score:
    return inst.Score(instrument.code, instrument.version, Fraction(stored), 1, ())


def plan_change(
    scores: Mapping[str, tuple[Scored, Scored]],
    codes: Iterable[str],
    psfs: Sequence[measures.PsfsRatings] = (),
) -> bool | None:
    """The verdict of the first of `codes` that has one: the PSFS from its `psfs`
    responses (like for like), another from its (first, last) pair in `scores`; None when
    none has (not measured)."""
    for code in codes:
        if code == "psfs":
            verdict = psfs_improved(psfs)
            if verdict is not None:
                return verdict
            continue
        pair = scores.get(code)
        if pair is not None:
            return improved(code, *pair)
    return None


# --- Export --------------------------------------------------------------------------


def gettext_noop(text: str) -> str:
    """Marks a text for translation, like Django's own: `makemessages` collects it and the
    CSV download translates its header; the rows built here keep the English."""
    return text


EXPORT_HEADER = [
    gettext_noop("group"),
    gettext_noop("month or therapist"),
    gettext_noop("active plans now"),
    gettext_noop("paused plans now"),
    gettext_noop("plans closed"),
    gettext_noop("completed or discharged"),
    gettext_noop("abandoned"),
    gettext_noop("completion rate %"),
    gettext_noop("pain measured"),
    gettext_noop("pain improved meaningfully"),
    gettext_noop("pain meaningful change %"),
    gettext_noop("function measured"),
    gettext_noop("function improved meaningfully"),
    gettext_noop("function meaningful change %"),
    gettext_noop("plans past their first visit"),
    gettext_noop("dropped off after the first visit"),
    gettext_noop("drop-off %"),
]


def export_rows(
    months: Iterable[tuple[Month, Figures]], therapists: Iterable[tuple[Who, Figures]]
) -> list[list[str]]:
    """The CSV rows (header first): one per month, then one per therapist. A rate of
    0 ÷ 0 is left empty; active and paused counts are "now", so months leave them empty."""
    rows = [list(EXPORT_HEADER)]
    rows += [["month", month.iso, "", "", *_counts(fig)] for month, fig in months]
    rows += [
        ["therapist", _cell(who.name), str(fig.active), str(fig.paused), *_counts(fig)]
        for who, fig in therapists
    ]
    return rows


def _counts(fig: Figures) -> list[str]:
    def pct(rate: Rate) -> str:
        found = rate.percent
        return "" if found is None else str(found)

    return [
        str(fig.closed),
        str(fig.finished),
        str(fig.abandoned),
        pct(fig.completion),
        str(fig.pain.whole),
        str(fig.pain.part),
        pct(fig.pain),
        str(fig.function.whole),
        str(fig.function.part),
        pct(fig.function),
        str(fig.drop_off.whole),
        str(fig.drop_off.part),
        pct(fig.drop_off),
    ]


def _cell(text: str) -> str:
    """A name that a spreadsheet would run as a formula is quoted with a leading '."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

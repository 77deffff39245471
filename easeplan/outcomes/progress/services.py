"""A client's progress on their outcome measures: every response of a plan as a series
per instrument, with the change since the baseline and the plan's visits for markers.

Scores are not read from the stored Decimal: each response's instrument is rebuilt (the
PSFS from the activities as they were asked, `Response.items`) and the answers scored
again with `instruments.score`, the same pure function the tests check against the
published scoring (DESIGN invariant 7). Only scores of the instrument's current version
are compared; a response of another version is left out (`instruments.change` refuses
to compare versions).

The baseline is the first scored response of an instrument, the latest the last one; the
verdict and the plain sentence come from `instruments.change` and `instruments.describe`
(CLINICAL.md §4: NPRS 2 points or 30%, PSFS 2 points on the mean or 3 on one activity,
sleep and mood trend only, GROC as given). The PSFS is compared like for like
(`measures.psfs_like_for_like`, Stratford 1995): only the activities rated at the start
and now, each against its own first rating; with none in common there is no verdict, and
the page says why.

Two queries whatever the number of check-ins: the responses, and the visits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from easeplan.booking.models import Appointment

from .. import instruments as inst
from .. import measures
from ..instruments import Change, Instrument, Interpretation, Score, Trend
from ..models import Response

CLOSED_VISITS = (Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW)

# What each measure is called in a sentence to the client ("Your sitting pain is down…").
LABELS: dict[str, str] = {
    "nprs-now": gettext_noop("pain now"),
    "nprs-worst-24h": gettext_noop("worst pain in a day"),
    "nprs-sitting": gettext_noop("sitting pain"),
    "nprs-bending": gettext_noop("pain when bending"),
    "nprs-squatting": gettext_noop("pain when squatting"),
    "nprs-running": gettext_noop("pain when running"),
    "nprs-stairs": gettext_noop("pain on stairs"),
    "psfs": gettext_noop("activities score"),
    "sleep": gettext_noop("sleep"),
    "mood": gettext_noop("mood"),
    "rmdq-24": gettext_noop("back questionnaire score (RMDQ)"),
    "groc": gettext_noop("overall change since treatment began"),
}
# Short names for chart legends and table headings.
SHORT: dict[str, str] = {
    "nprs-now": gettext_noop("Pain now"),
    "nprs-worst-24h": gettext_noop("Worst pain (24 h)"),
    "nprs-sitting": gettext_noop("Sitting"),
    "nprs-bending": gettext_noop("Bending"),
    "nprs-squatting": gettext_noop("Squatting"),
    "nprs-running": gettext_noop("Running"),
    "nprs-stairs": gettext_noop("Stairs"),
    "psfs": gettext_noop("Activities (PSFS)"),
    "sleep": gettext_noop("Sleep disturbed"),
    "mood": gettext_noop("Mood affected"),
    "rmdq-24": gettext_noop("RMDQ"),
    "groc": gettext_noop("GROC"),
}
ORDER = [*measures.NPRS_MEASURES, "psfs", "sleep", "mood", "rmdq-24", "groc"]
# What the client's page shows: pain, function (the PSFS mean), sleep and mood.
FOR_CLIENT = [*measures.NPRS_MEASURES, "psfs", "sleep", "mood"]


@dataclass(frozen=True)
class Point:
    """One scored response: when, the exact score and how it is shown."""

    at: dt.datetime
    day: dt.date  # the day in the practice's zone
    value: Fraction
    shown: str
    checkin_id: int


@dataclass
class Measure:
    """One instrument's series, with the change from the first to the last score."""

    instrument: Instrument
    points: list[Point] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    left_out: int = 0  # responses of another version, or that cannot be scored
    # The PSFS: each scored response's activities, as asked, with their ratings.
    ratings: list[measures.PsfsRatings] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.instrument.code

    @property
    def label(self) -> str:
        return gettext(LABELS[self.code]) if self.code in LABELS else self.instrument.name.lower()

    @property
    def name(self) -> str:
        """The instrument's full name, in the reader's language."""
        return instrument_name(self.instrument)

    @property
    def scoring(self) -> str:
        """How the instrument is scored, in the reader's language."""
        return gettext(self.instrument.scoring)

    @property
    def meaningful_change(self) -> str:
        """What counts as a meaningful change, in the reader's language."""
        return gettext(self.instrument.meaningful_change)

    @property
    def attribution(self) -> str:
        return gettext(self.instrument.attribution) if self.instrument.attribution else ""

    @property
    def short(self) -> str:
        return gettext(SHORT[self.code]) if self.code in SHORT else self.instrument.name

    @property
    def change(self) -> Change | None:
        """The change since the baseline, once there are two scores; for the PSFS, like
        for like (None when no activity was rated at both times)."""
        if len(self.scores) < 2:
            return None
        if self.code == "psfs":
            return measures.psfs_like_for_like(self.ratings)
        return inst.change(self.instrument, self.scores[0], self.scores[-1])

    @property
    def nothing_in_common(self) -> bool:
        """Two scores or more, yet no change to judge: no activity was rated at both times."""
        return len(self.scores) >= 2 and self.change is None

    @property
    def compared_on(self) -> str:
        """For a PSFS compared on some of its activities only: which, and their means."""
        found = self.change
        if self.code != "psfs" or found is None:
            return ""
        shared = {measures.activity_key(item.text) for item in found.instrument.items}
        first, last = self.ratings[0], self.ratings[-1]
        if all(
            {measures.activity_key(a) for a, r in ratings if r is not None} == shared
            for ratings in (first, last)
        ):
            return ""
        # Alphabetical: PostgreSQL's jsonb does not keep the order the activities were asked.
        texts = sorted((item.text for item in found.instrument.items), key=str.casefold)
        names = ", ".join(f"“{text}”" for text in texts)
        return gettext("Compared like for like on %(names)s, each from its first rating.") % {
            "names": names
        }

    @property
    def sentence(self) -> str:
        """The change in plain words for the client, or the first score alone."""
        found = self.change
        if found is not None:
            return " ".join(
                filter(None, [inst.describe(found, self.label, gettext), self.compared_on])
            )
        if not self.points:
            return ""
        if self.nothing_in_common:
            return gettext(
                "Your %(label)s: %(score)s now. The activities you rated have changed since "
                "the start, so there is no change to compare yet."
            ) % {"label": self.label, "score": self.points[-1].shown}
        return gettext("Your %(label)s: %(score)s at your first check-in.") % {
            "label": self.label,
            "score": self.points[0].shown,
        }

    @property
    def verdict(self) -> str:
        """The change since the baseline for the therapist, with the rule that decides it."""
        found = self.change
        if self.nothing_in_common:
            return gettext(NO_SHARED_ACTIVITY)
        if found is None:
            return gettext("One score so far: no change to judge yet.")
        return " ".join(filter(None, [verdict(found), self.compared_on]))


@dataclass
class Progress:
    """Every measure of a plan (in a fixed order), and the dates of its visits."""

    measures: list[Measure]
    visits: list[dt.datetime]
    zone: dt.tzinfo

    @property
    def empty(self) -> bool:
        return not any(measure.points for measure in self.measures)

    def only(self, codes: Iterable[str]) -> list[Measure]:
        wanted = set(codes)
        return [m for m in self.measures if m.code in wanted and m.points]

    def rows(self, measures: list[Measure]) -> list[tuple[dt.datetime, list[str]]]:
        """One table row per check-in: when, and each measure's score ("" if not asked)."""
        moments: dict[int, dt.datetime] = {}
        cells: dict[tuple[int, str], str] = {}
        for measure in measures:
            for point in measure.points:
                moments.setdefault(point.checkin_id, point.at)
                cells[point.checkin_id, measure.code] = point.shown
        ordered = sorted(moments.items(), key=lambda item: (item[1], item[0]))
        return [
            (at, [cells.get((checkin, m.code), "") for m in measures]) for checkin, at in ordered
        ]


NO_SHARED_ACTIVITY = gettext_noop(
    "No verdict: no activity was rated both at the start and at the latest check-in, and "
    "the PSFS compares the same activities."
)

# The reasons `instruments.change` gives for a meaningful change, as patterns of its words.
_BECAUSE = (
    (re.compile(r"at least (?P<n>[\d.]+) points on “(?P<activity>.*)”"), "activity"),
    (re.compile(r"at least (?P<n>[\d.]+) points"), "points"),
    (re.compile(r"at least (?P<n>[\d.]+%) of the first score"), "share"),
)


def instrument_name(instrument: Instrument) -> str:
    """The instrument's name in the reader's language: "Douleur en position assise (NPRS)".
    The pain ratings are named "<what> (NPRS)", the part before the abbreviation marked."""
    name = instrument.name
    if name.endswith(" (NPRS)"):
        return f"{gettext(name.removesuffix(' (NPRS)'))} (NPRS)"
    return gettext(name)


def because_words(because: str) -> str:
    """Why a change is meaningful (`Change.because`), in the reader's language."""
    for pattern, kind in _BECAUSE:
        found = pattern.fullmatch(because)
        if found is None:
            continue
        values = found.groupdict()
        if kind == "activity":
            return gettext("at least %(n)s points on “%(activity)s”") % values
        if kind == "points":
            return gettext("at least %(n)s points") % values
        return gettext("at least %(n)s of the first score") % values
    return because


def verdict(found: Change) -> str:
    """A change in a clinician's words: before → after, and the verdict with its rule."""
    instrument = found.instrument
    before = inst.display(instrument, found.baseline.value)
    after = inst.display(instrument, found.latest.value)
    values = {"moved": f"{before} → {after}", "after": after}
    if instrument.interpretation is Interpretation.AS_GIVEN:
        return gettext("Latest rating %(after)s: reported as the client gave it, no cut-off.") % (
            values
        )
    if found.direction is Trend.SAME:
        return gettext("%(moved)s: no change.") % values
    better = found.direction is Trend.BETTER
    if instrument.interpretation is Interpretation.TREND:
        if better:
            return gettext("%(moved)s: better (trend only, no validated threshold).") % values
        return gettext("%(moved)s: worse (trend only, no validated threshold).") % values
    if found.meaningful:
        values["because"] = because_words(found.because)
        if better:
            return gettext("%(moved)s: meaningful improvement (%(because)s).") % values
        return gettext("%(moved)s: meaningful worsening (%(because)s).") % values
    if better:
        return gettext("%(moved)s: better, below the meaningful change.") % values
    return gettext("%(moved)s: worse, below the meaningful change.") % values


def for_plan(plan: Any, now: dt.datetime | None = None) -> Progress:
    """The progress of `plan` (two queries: its responses, its visits)."""
    responses = Response.objects.filter(plan=plan).order_by("collected_at", "pk")
    visits = Appointment.objects.filter(plan=plan)
    return _progress(responses, visits, plan.practice.zone, now)


def for_client(client: Any, now: dt.datetime | None = None) -> Progress:
    """The progress of a client outside any plan: their responses and visits without one."""
    responses = Response.objects.filter(client=client, plan__isnull=True)
    visits = Appointment.objects.filter(client=client, plan__isnull=True)
    return _progress(responses.order_by("collected_at", "pk"), visits, client.practice.zone, now)


def _progress(responses: Any, visits: Any, zone: dt.tzinfo, now: dt.datetime | None) -> Progress:
    now = now or timezone.now()
    fields = ("instrument", "version", "answers", "items", "collected_at", "checkin_id")
    measures: dict[str, Measure] = {}
    for row in responses.values(*fields):
        _add(measures, row, zone)
    attended = (
        visits.filter(starts_at__lt=now)
        .exclude(status__in=CLOSED_VISITS)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    )
    rank = {code: n for n, code in enumerate(ORDER)}
    ordered = sorted(measures.values(), key=lambda m: (rank.get(m.code, len(ORDER)), m.code))
    return Progress(ordered, list(attended), zone)


def _add(measures: dict[str, Measure], row: dict[str, Any], zone: dt.tzinfo) -> None:
    """Rescore one response and add it to its instrument's series."""
    instrument = _rebuilt(row["instrument"], row["items"])
    if instrument is None:
        return
    measure = measures.get(instrument.code)
    if measure is None:
        measure = measures[instrument.code] = Measure(instrument)
    else:
        # The PSFS's activities may change with the plan: compare against the latest.
        measure.instrument = instrument
    scored = _scored(instrument, row)
    if scored is None:
        measure.left_out += 1
        return
    at = row["collected_at"]
    measure.scores.append(scored)
    if instrument.code == "psfs":
        given = dict(scored.answers)
        measure.ratings.append([(item.text, given.get(item.code)) for item in instrument.items])
    measure.points.append(
        Point(
            at=at,
            day=at.astimezone(zone).date(),
            value=scored.value,
            shown=inst.display(instrument, scored.value),
            checkin_id=row["checkin_id"],
        )
    )


def _rebuilt(code: str, items: Any) -> Instrument | None:
    if code == "psfs":
        texts = list(items.values()) if isinstance(items, dict) else []
        try:
            return measures.psfs_for(texts)
        except ValueError:
            return None
    return measures.INSTRUMENTS.get(code)


def _scored(instrument: Instrument, row: dict[str, Any]) -> Score | None:
    """The response scored again from its answers; None for another version, or when the
    answers cannot be scored."""
    if row["version"] != instrument.version or not isinstance(row["answers"], dict):
        return None
    try:
        return inst.score(instrument, row["answers"])
    except ValueError:
        return None


def chart_data(progress: Progress, measures: list[Measure]) -> dict[str, Any]:
    """What static/js/progress.js draws: one line per measure (x: the day, as days since
    1970 in the practice's zone, so the browser's zone plays no part), the visits."""

    def day_number(day: dt.date) -> int:
        return (day - dt.date(1970, 1, 1)).days

    lines = [
        {
            "label": measure.short,
            "points": [
                {"x": day_number(p.day), "y": float(p.value), "shown": p.shown}
                for p in measure.points
            ],
            "better": "up"
            if measure.instrument.direction is inst.Direction.HIGHER_IS_BETTER
            else "down",
        }
        for measure in measures
    ]
    visits = [day_number(at.astimezone(progress.zone).date()) for at in progress.visits]
    lows = [m.instrument.lowest for m in measures] or [0]
    highs = [m.instrument.highest for m in measures] or [10]
    return {"lines": lines, "visits": visits, "min": min(lows), "max": max(highs)}

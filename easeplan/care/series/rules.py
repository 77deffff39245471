"""Series planning: propose every visit of a plan of care in one go.

A plan of care is a number of visits at a regular frequency. CLINICAL.md §5: there is no
evidence-based number of sessions; about 4–6 visits over 2–6 weeks is a common convention,
the editable default and not a rule. So the number of visits, the frequency and its
tolerance are plain inputs here, never constants.

Pure code over plain values (no Django). Free starts come from `slots.free_slots`, so
working hours, busy times, notice, horizon, the grid and daylight saving follow its rules.
The rules of `propose_series`:

- The first visit's ideal start is the wanted start. Each later visit's ideal is the local
  date of the previous visit (its proposed start, or its ideal when none was found) plus
  `frequency`, at the wanted start's local wall-clock time: a 10:00 series stays at 10:00
  when the clocks change.
- A visit's window is [ideal - tolerance, ideal + tolerance] in wall-clock time, but never
  starts before the previous proposed visit and its buffer have ended, so visits keep
  their order and never overlap (earlier visits of the series count as busy).
- If the ideal start is free it is proposed. Otherwise the free start in the window is
  proposed that falls on a preferred weekday, then inside the preferred hours, then lies
  closest to the ideal (the earlier on a tie); the next closest free starts are offered
  as alternatives.
- A visit with no free start in its window gets no proposal and is listed in `conflicts`.

All instants returned are aware datetimes in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from easeplan.booking.slots import TICK, UTC, Interval, WeeklyHours, free_slots

NO_TIME = dt.timedelta(0)
MAX_ALTERNATIVES = 3


@dataclass(frozen=True)
class ProposedVisit:
    """One visit of a series: where it ideally goes and where it is proposed."""

    number: int  # 1 for the first visit
    ideal: dt.datetime
    starts: dt.datetime | None  # None when nothing is free in the visit's window
    same_weekday_and_time: bool  # as the wanted first start, in local time
    alternatives: tuple[dt.datetime, ...]  # other free starts when the ideal was taken

    @property
    def moved(self) -> bool:
        """Whether the ideal start was not free (so the visit moved or found no place)."""
        return self.starts != self.ideal


@dataclass(frozen=True)
class SeriesProposal:
    """The proposed visits of a plan of care, one entry per visit, in order."""

    visits: tuple[ProposedVisit, ...]

    @property
    def conflicts(self) -> tuple[ProposedVisit, ...]:
        """The visits for which nothing was free in their window."""
        return tuple(visit for visit in self.visits if visit.starts is None)


@dataclass(frozen=True)
class _Series:
    """What every visit of the series shares: the search arguments and the preferences."""

    wanted: dt.datetime  # the wanted first start, in local time
    zone: ZoneInfo
    frequency: dt.timedelta
    tolerance: dt.timedelta
    hours: tuple[WeeklyHours, ...]
    busy: tuple[Interval, ...]
    duration: dt.timedelta
    buffer_after: dt.timedelta
    now: dt.datetime
    min_notice: dt.timedelta
    horizon: dt.timedelta
    step: dt.timedelta
    preferred_weekdays: frozenset[int]
    preferred_hours: tuple[dt.time, dt.time] | None

    def free_starts(
        self, taken: Sequence[Interval], window_start: dt.datetime, window_end: dt.datetime
    ) -> list[dt.datetime]:
        """`free_slots` in [window_start, window_end), with the series' visits as busy."""
        return free_slots(
            hours=self.hours,
            busy=[*self.busy, *taken],
            duration=self.duration,
            buffer_after=self.buffer_after,
            zone=self.zone,
            now=self.now,
            window_start=window_start,
            window_end=window_end,
            min_notice=self.min_notice,
            horizon=self.horizon,
            step=self.step,
        )


def propose_series(
    *,
    first_start: dt.datetime,
    visits: int,
    frequency: dt.timedelta,
    tolerance: dt.timedelta,
    duration: dt.timedelta,
    buffer_after: dt.timedelta,
    hours: Sequence[WeeklyHours],
    zone: ZoneInfo,
    busy: Sequence[Interval],
    now: dt.datetime,
    preferred_weekdays: Collection[int] = (),
    preferred_hours: tuple[dt.time, dt.time] | None = None,
    min_notice: dt.timedelta = dt.timedelta(hours=2),
    horizon: dt.timedelta = dt.timedelta(days=120),
    step: dt.timedelta = dt.timedelta(minutes=15),
) -> SeriesProposal:
    """Propose `visits` visits `frequency` apart, each within `tolerance` of its ideal.

    Empty `preferred_weekdays` means no preference; `preferred_hours` is a local
    (from, until) that a start must lie in, from inclusive and until exclusive.
    """
    _check_arguments(first_start, visits, frequency, tolerance)
    series = _Series(
        wanted=first_start.astimezone(zone),
        zone=zone,
        frequency=frequency,
        tolerance=tolerance,
        hours=tuple(hours),
        busy=tuple(busy),
        duration=duration,
        buffer_after=buffer_after,
        now=now,
        min_notice=min_notice,
        horizon=horizon,
        step=step,
        preferred_weekdays=frozenset(preferred_weekdays),
        preferred_hours=preferred_hours,
    )
    return SeriesProposal(tuple(_propose_visits(series, visits)))


def _propose_visits(series: _Series, count: int) -> list[ProposedVisit]:
    proposed: list[ProposedVisit] = []
    taken: list[Interval] = []  # earlier visits of the series, with their buffer
    ideal_wall = series.wanted.replace(tzinfo=None)
    for number in range(1, count + 1):
        visit = _propose_visit(series, number, ideal_wall, taken)
        proposed.append(visit)
        day = ideal_wall.date()
        if visit.starts is not None:
            reserved = series.duration + series.buffer_after
            taken.append(Interval(visit.starts, visit.starts + reserved))
            day = visit.starts.astimezone(series.zone).date()
        ideal_wall = dt.datetime.combine(day, series.wanted.time()) + series.frequency
    return proposed


def _propose_visit(
    series: _Series, number: int, ideal_wall: dt.datetime, taken: list[Interval]
) -> ProposedVisit:
    ideal = _instant(ideal_wall, series.zone)
    window_start = _instant(ideal_wall - series.tolerance, series.zone)
    if taken:  # visits keep their order: none starts before the previous one is over
        window_start = max(window_start, taken[-1].ends)
    window_end = _instant(ideal_wall + series.tolerance, series.zone) + TICK  # inclusive
    free = series.free_starts(taken, window_start, window_end)
    if ideal in free:
        return ProposedVisit(number, ideal, ideal, _keeps_pattern(series, ideal), ())
    if not free:
        return ProposedVisit(number, ideal, None, False, ())
    starts = min(free, key=lambda start: _preference(series, start, ideal))
    others = sorted((s for s in free if s != starts), key=lambda s: (abs(s - ideal), s))
    alternatives = tuple(others[:MAX_ALTERNATIVES])
    return ProposedVisit(number, ideal, starts, _keeps_pattern(series, starts), alternatives)


def _preference(
    series: _Series, start: dt.datetime, ideal: dt.datetime
) -> tuple[bool, bool, dt.timedelta, dt.datetime]:
    """Sort key: preferred weekday first, then preferred hours, then closeness (False first)."""
    local = start.astimezone(series.zone)
    other_day = bool(series.preferred_weekdays) and local.weekday() not in series.preferred_weekdays
    other_hours = False
    if series.preferred_hours is not None:
        since, until = series.preferred_hours
        other_hours = not since <= local.time() < until
    return other_day, other_hours, abs(start - ideal), start


def _keeps_pattern(series: _Series, start: dt.datetime) -> bool:
    local = start.astimezone(series.zone)
    return local.weekday() == series.wanted.weekday() and local.time() == series.wanted.time()


def _instant(wall: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of a naive local wall time; in an autumn fold, its first occurrence.

    A wall time in a spring-forward gap reads with the offset from before the gap, an
    hour after it; it can then only be a window edge or an ideal off the working grid.
    """
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def _check_arguments(
    first_start: dt.datetime, visits: int, frequency: dt.timedelta, tolerance: dt.timedelta
) -> None:
    """Refuse what has no sensible answer; `free_slots` checks the rest."""
    if first_start.utcoffset() is None:
        raise ValueError("The first start must be an aware datetime (with a time zone).")
    if visits < 1:
        raise ValueError("A series needs at least one visit.")
    if frequency <= NO_TIME:
        raise ValueError("The frequency between visits must be positive.")
    if tolerance < NO_TIME:
        raise ValueError("The tolerance around each visit cannot be negative.")

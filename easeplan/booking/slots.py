"""Slot search: when can a client book a visit with a therapist?

Pure code over plain values (no Django, no database) so it can be tested exhaustively.
The rules, which `free_slots` and the slow reference `naive_free_slots` both follow:

- Working hours are a weekly pattern in the practice's local wall-clock time
  (`WeeklyHours`); `working_intervals` turns them into concrete instants for given dates.
- A start S books the visit [S, S + duration) and keeps [S + duration, S + duration +
  buffer_after) free for clearing up and notes. The visit must lie inside one working
  interval; the buffer may run past the end of it.
- Nothing booked may overlap a busy interval (existing appointments, already extended
  by their own buffer, and time off). Touching is fine: a visit may start at the very
  instant a busy interval ends, and its buffer may end at the instant the next one starts.
- Starts lie on a grid of `step` counted from the start of each working interval
  (9:00, 9:15, 9:30 ... for hours starting at 9:00), in elapsed time.
- S is at least `min_notice` and at most `horizon` after `now` (in elapsed time, however
  the clocks change in between), and inside [window_start, window_end).

Daylight saving: a wall-clock time that does not exist (the spring-forward gap) means
the first instant after the gap; an ambiguous one (the autumn fold) means its first
occurrence for a start and its second for an end, so a working interval never shrinks.
An interval that is empty once converted is dropped.

All instants returned are aware datetimes in UTC. Inputs may be aware in any zone;
they are compared as instants.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UTC = dt.UTC  # the same object as dt.timezone.utc
ONE_DAY = dt.timedelta(days=1)
ONE_MINUTE = dt.timedelta(minutes=1)
NO_TIME = dt.timedelta(0)
# Instants have microsecond resolution, so "at most X" is "before X plus one microsecond".
TICK = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class WeeklyHours:
    """One interval of a therapist's regular week, in local wall-clock time."""

    weekday: int  # 0 = Monday, as in `date.weekday()`
    starts: dt.time
    ends: dt.time


@dataclass(frozen=True)
class Interval:
    """A stretch of time between two aware instants, [starts, ends)."""

    starts: dt.datetime
    ends: dt.datetime


def working_intervals(
    hours: Sequence[WeeklyHours], zone: ZoneInfo, first_day: dt.date, last_day: dt.date
) -> list[Interval]:
    """The concrete working intervals, in UTC, for each local date first_day..last_day.

    Hours whose end is not after their start are ignored; so is an interval that is
    empty after the daylight-saving rules (one lying wholly in a spring-forward gap).
    The result is sorted by start.
    """
    walls = _walls_by_weekday(hours)
    intervals = []
    day = first_day
    while day <= last_day:
        for starts, ends in walls.get(day.weekday(), ()):
            interval = _on_day(day, starts, ends, zone)
            if interval is not None:
                intervals.append(interval)
        day += ONE_DAY
    return sorted(intervals, key=lambda interval: (interval.starts, interval.ends))


def _walls_by_weekday(hours: Sequence[WeeklyHours]) -> dict[int, list[tuple[dt.time, dt.time]]]:
    """Each weekday's valid hours as wall times that carry the fold to read them with."""
    walls: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for weekly in hours:
        if weekly.ends > weekly.starts:
            starts = weekly.starts.replace(tzinfo=None, fold=0)  # the first occurrence
            ends = weekly.ends.replace(tzinfo=None, fold=1)  # the second occurrence
            walls.setdefault(weekly.weekday, []).append((starts, ends))
    return walls


def _on_day(day: dt.date, starts: dt.time, ends: dt.time, zone: ZoneInfo) -> Interval | None:
    interval = Interval(_instant(day, starts, zone), _instant(day, ends, zone))
    return interval if interval.ends > interval.starts else None


def _instant(day: dt.date, wall: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of a local wall-clock time; `wall.fold` picks the occurrence in a fold.

    A wall time that exists reads back with the offset it was read with; one in a gap
    does not, and means the first instant after the gap.
    """
    local = dt.datetime.combine(day, wall, tzinfo=zone)  # keeps wall.fold
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).utcoffset() == local.utcoffset():
        return instant
    return _end_of_gap(local, zone)


def _end_of_gap(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The first instant after the spring-forward gap that the wall time `local` falls in.

    The two readings of a missing wall time (fold 0 and 1) lie either side of the
    transition, so a binary search over the microseconds between them finds it.
    """
    readings = sorted(local.replace(fold=fold).astimezone(UTC) for fold in (0, 1))
    earlier, later = readings
    after = later.astimezone(zone).utcoffset()

    def is_after_gap(microseconds: int) -> bool:
        moment = earlier + dt.timedelta(microseconds=microseconds)
        return moment.astimezone(zone).utcoffset() == after

    span = (later - earlier) // TICK
    return earlier + bisect_left(range(span + 1), True, key=is_after_gap) * TICK


class _BusyTimes:
    """Busy intervals in UTC, sorted and merged so that neither starts nor ends repeat."""

    def __init__(self, busy: Sequence[Interval]) -> None:
        self.starts: list[dt.datetime] = []
        self.ends: list[dt.datetime] = []
        pairs = [(b.starts.astimezone(UTC), b.ends.astimezone(UTC)) for b in busy]
        for starts, ends in sorted(pair for pair in pairs if pair[1] > pair[0]):
            if self.ends and starts <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], ends)
            else:
                self.starts.append(starts)
                self.ends.append(ends)

    def clash(self, starts: dt.datetime, ends: dt.datetime) -> dt.datetime | None:
        """The end of the busy interval that [starts, ends) overlaps, or None if none does."""
        index = bisect_right(self.ends, starts)  # the first one still going on at `starts`
        if index < len(self.starts) and self.starts[index] < ends:
            return self.ends[index]
        return None


@dataclass(frozen=True)
class _Search:
    """What a visit needs: its length, the time kept free, the grid and the allowed starts."""

    duration: dt.timedelta
    reserved: dt.timedelta  # duration plus buffer_after
    step: dt.timedelta
    earliest: dt.datetime
    until: dt.datetime  # starts are before this


def free_slots(
    *,
    hours: Sequence[WeeklyHours],
    busy: Sequence[Interval],
    duration: dt.timedelta,
    buffer_after: dt.timedelta,
    zone: ZoneInfo,
    now: dt.datetime,
    window_start: dt.datetime,
    window_end: dt.datetime,
    min_notice: dt.timedelta = dt.timedelta(hours=2),
    horizon: dt.timedelta = dt.timedelta(days=60),
    step: dt.timedelta = dt.timedelta(minutes=15),
) -> list[dt.datetime]:
    """The starts (UTC, ascending) at which a visit can be booked, by the module's rules.

    Busy intervals are sorted and merged once; each working interval is then swept along
    its grid, and a clash jumps straight to the first grid point after the busy interval.
    """
    _check_arguments(busy, duration, buffer_after, step, now, window_start, window_end)
    search = _search(
        duration, buffer_after, step, now, window_start, window_end, min_notice, horizon
    )
    if search.earliest >= search.until:
        return []
    busy_times = _BusyTimes(busy)
    found: set[dt.datetime] = set()
    for work in working_intervals(hours, zone, *_local_days(search, zone)):
        found.update(_free_starts_in(work, busy_times, search))
    return sorted(found)


def _free_starts_in(work: Interval, busy: _BusyTimes, search: _Search) -> Iterator[dt.datetime]:
    last = min(work.ends - search.duration, search.until - TICK)
    index = max(0, _steps_to(search.earliest, work.starts, search.step))
    starts = work.starts + index * search.step
    while starts <= last:
        busy_until = busy.clash(starts, starts + search.reserved)
        if busy_until is None:
            yield starts
            index += 1
        else:
            index = max(index + 1, _steps_to(busy_until, work.starts, search.step))
        starts = work.starts + index * search.step


def _steps_to(moment: dt.datetime, origin: dt.datetime, step: dt.timedelta) -> int:
    """How many steps from `origin` reach the first grid point at or after `moment`."""
    return -((origin - moment) // step)  # division rounded up


def naive_free_slots(
    *,
    hours: Sequence[WeeklyHours],
    busy: Sequence[Interval],
    duration: dt.timedelta,
    buffer_after: dt.timedelta,
    zone: ZoneInfo,
    now: dt.datetime,
    window_start: dt.datetime,
    window_end: dt.datetime,
    min_notice: dt.timedelta = dt.timedelta(hours=2),
    horizon: dt.timedelta = dt.timedelta(days=60),
    step: dt.timedelta = dt.timedelta(minutes=15),
) -> list[dt.datetime]:
    """`free_slots` done the obvious slow way: the benchmark baseline and the test oracle.

    Walks every working interval minute by minute (or step by step when the step is not
    whole minutes) and checks each grid point against every busy interval.
    """
    _check_arguments(busy, duration, buffer_after, step, now, window_start, window_end)
    search = _search(
        duration, buffer_after, step, now, window_start, window_end, min_notice, horizon
    )
    if search.earliest >= search.until:
        return []
    walk = ONE_MINUTE if step % ONE_MINUTE == NO_TIME else step
    found: set[dt.datetime] = set()
    for work in working_intervals(hours, zone, *_local_days(search, zone)):
        starts = work.starts
        while starts + duration <= work.ends:
            on_grid = (starts - work.starts) % step == NO_TIME
            allowed = search.earliest <= starts < search.until
            ends = starts + search.reserved
            if on_grid and allowed and not any(_overlaps(b, starts, ends) for b in busy):
                found.add(starts)
            starts += walk
    return sorted(found)


def _overlaps(busy: Interval, starts: dt.datetime, ends: dt.datetime) -> bool:
    return busy.starts < busy.ends and busy.starts < ends and starts < busy.ends


def _search(
    duration: dt.timedelta,
    buffer_after: dt.timedelta,
    step: dt.timedelta,
    now: dt.datetime,
    window_start: dt.datetime,
    window_end: dt.datetime,
    min_notice: dt.timedelta,
    horizon: dt.timedelta,
) -> _Search:
    now = now.astimezone(UTC)  # notice and horizon are elapsed time, whatever the clocks do
    earliest = max(window_start.astimezone(UTC), now + min_notice)
    until = min(window_end.astimezone(UTC), now + horizon + TICK)
    return _Search(duration, duration + buffer_after, step, earliest, until)


def _local_days(search: _Search, zone: ZoneInfo) -> tuple[dt.date, dt.date]:
    """The local dates whose working hours can hold a start in [earliest, until).

    One day more on either side, because local dates do not always follow instants in
    order: where clocks went back at 00:01, Saturday 23:30 came again after Sunday 00:00.
    """
    first = search.earliest.astimezone(zone).date()
    last = (search.until - TICK).astimezone(zone).date()
    return first - ONE_DAY, last + ONE_DAY


def _check_arguments(
    busy: Sequence[Interval],
    duration: dt.timedelta,
    buffer_after: dt.timedelta,
    step: dt.timedelta,
    *moments: dt.datetime,
) -> None:
    """Refuse what has no sensible answer rather than answering wrongly."""
    if duration <= NO_TIME or step <= NO_TIME:
        raise ValueError("The visit's duration and the step between starts must be positive.")
    if buffer_after < NO_TIME:
        raise ValueError("The buffer after a visit cannot be negative.")
    edges = (edge for interval in busy for edge in (interval.starts, interval.ends))
    if any(moment.utcoffset() is None for moment in (*moments, *edges)):
        raise ValueError("Times must be aware datetimes (with a time zone).")

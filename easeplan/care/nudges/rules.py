"""Drifting off a plan of care: is a client falling away from their plan, and why?

Pure code over plain values (no Django). A plan of care is a few visits over a few weeks,
re-measured at each visit (CLINICAL.md §5: about 4–6 visits over 2–6 weeks, a convention
rather than a rule; no evidence-based number of sessions). So easeplan watches three
signs that a client is slipping off their plan, and a fourth that they have left it:

- MISSED: a plan visit was marked "did not attend" and it was not made good: nothing
  booked since, no visit since, and the visits done and booked no longer cover the plan
  (the later visits of a series booked in one go don't replace the missed one).
- CANCELLED: the same for a plan visit that was cancelled.
- UNBOOKED: no visit is coming up, and the last visit that took place (or the plan's
  start) plus the plan's frequency plus a tolerance has passed.
- abandoned: no visit took place and nothing was booked for the practice's
  `abandoned_after_days` since the last visit (or the plan's start).

A plan whose planned visits have all taken place is finished, never drifting nor
abandoned: the therapist closes it at the review. A visit counts as "taken place" when it
is completed, or booked and already started (it was not marked otherwise).

The nudge rule: at most one nudge per client in any 7 days, none once they opted out.
The tolerance and the weekly limit are easeplan's conventions, not clinical rules.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NUDGE_EVERY = dt.timedelta(days=7)
# The usual time offered when no visit of the plan says when the client likes to come.
DEFAULT_TIME = dt.time(10)
ONE_DAY = dt.timedelta(days=1)


def default_tolerance(frequency_days: int) -> int:
    """Days of grace after a visit was due: about a third of the interval, 1 to 7 days.

    >>> [default_tolerance(d) for d in (1, 3, 7, 14, 28)]
    [1, 1, 2, 5, 7]
    """
    return max(1, min(7, round(frequency_days / 3)))


class VisitStatus(enum.Enum):
    """The states of an appointment (the values of booking's Appointment.Status)."""

    BOOKED = "booked"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class Reason(enum.Enum):
    """Why a client is drifting (the values of care's Nudge.Reason)."""

    MISSED = "missed"
    CANCELLED = "cancelled"
    UNBOOKED = "unbooked"


@dataclass(frozen=True)
class Visit:
    """One visit of a plan, as drift sees it. Instants are aware datetimes."""

    ref: str  # the appointment's code
    starts: dt.datetime
    status: VisitStatus
    booked_at: dt.datetime
    cancelled_at: dt.datetime | None = None

    def took_place(self, now: dt.datetime) -> bool:
        return self.status is VisitStatus.COMPLETED or (
            self.status is VisitStatus.BOOKED and self.starts <= now
        )

    def upcoming(self, now: dt.datetime) -> bool:
        return self.status is VisitStatus.BOOKED and self.starts > now

    @property
    def missed_at(self) -> dt.datetime:
        """When a miss happened: a no-show at its start, a cancellation when made."""
        if self.status is VisitStatus.CANCELLED and self.cancelled_at is not None:
            return self.cancelled_at
        return self.starts


@dataclass(frozen=True)
class PlanShape:
    """What drift needs of a plan of care and its practice."""

    visits_planned: int
    frequency_days: int
    starts_on: dt.date  # a local date
    zone: dt.tzinfo  # the practice's time zone
    tolerance_days: int | None = None  # None: default_tolerance(frequency_days)
    abandoned_after_days: int = 42

    @property
    def tolerance(self) -> int:
        if self.tolerance_days is None:
            return default_tolerance(self.frequency_days)
        return self.tolerance_days


@dataclass(frozen=True)
class Drift:
    """A client drifting off their plan: why, since when, and when to come back."""

    reason: Reason
    since: dt.datetime  # the instant the client began drifting
    # The missed or cancelled visit; for UNBOOKED the last visit that took place, if any.
    visit: Visit | None
    next_on: dt.date  # the local day the next visit ideally falls on (never before tomorrow)
    next_at: dt.datetime  # that day at the client's usual local time
    attended: int  # visits of the plan that took place
    zone: dt.tzinfo

    @property
    def summary(self) -> str:
        """The reason in words, for the therapist's dashboard: "Missed the visit on Tue 3
        Dec; not rebooked"."""
        message, days = self.summary_parts
        return message % {name: short_day(moment, self.zone) for name, moment in days.items()}

    @property
    def summary_parts(self) -> tuple[str, dict[str, dt.datetime]]:
        """The summary's sentence with its days left out (``%(visit)s``, ``%(since)s``), and
        the instants they name, so that a page can write both in its own language."""
        if self.reason is Reason.MISSED and self.visit is not None:
            return SUMMARIES["missed"], {"visit": self.visit.starts}
        if self.reason is Reason.CANCELLED and self.visit is not None:
            return SUMMARIES["cancelled"], {"visit": self.visit.starts, "since": self.since}
        if self.visit is None:
            return SUMMARIES["first"], {}
        return SUMMARIES["overdue"], {"visit": self.visit.starts}


def gettext_noop(text: str) -> str:
    """Marks a text for translation, like Django's own: `makemessages` collects it and the
    pages that show it translate it."""
    return text


SUMMARIES = {
    "missed": gettext_noop("Missed the visit on %(visit)s; not rebooked"),
    "cancelled": gettext_noop("Visit on %(visit)s was cancelled on %(since)s; no new time booked"),
    "first": gettext_noop("The plan's first visit is not booked"),
    "overdue": gettext_noop("Last visit %(visit)s; next visit overdue and not booked"),
}


def short_day(instant: dt.datetime, zone: dt.tzinfo) -> str:
    """'Tue 3 Dec': the local day of `instant`."""
    day = instant.astimezone(zone)
    return f"{day:%a} {day.day} {day:%b}"


def local_midnight(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def took_place(visits: Iterable[Visit], now: dt.datetime) -> list[Visit]:
    """The visits that took place, oldest first."""
    return sorted((v for v in visits if v.took_place(now)), key=lambda v: v.starts)


def _resolved(miss: Visit, visits: Sequence[Visit], planned: int, now: dt.datetime) -> bool:
    """Whether a miss is made good: a visit booked after it happened for a time after
    it (a replacement), a visit that took place after it (the client is back), or the
    visits done and booked still covering the plan. Visits of a series booked before the
    miss don't replace the missed one."""
    if len(took_place(visits, now)) + sum(v.upcoming(now) for v in visits) >= planned:
        return True
    return any(
        (
            v.status in (VisitStatus.BOOKED, VisitStatus.COMPLETED)
            and v.booked_at >= miss.missed_at
            and v.starts > miss.missed_at
        )
        or (v.took_place(now) and v.starts > miss.starts)
        for v in visits
    )


def _latest_unresolved_miss(
    visits: Sequence[Visit], planned: int, now: dt.datetime
) -> Visit | None:
    misses = [
        v
        for v in visits
        if v.status in (VisitStatus.NO_SHOW, VisitStatus.CANCELLED)
        and v.missed_at <= now
        and not _resolved(v, visits, planned, now)
    ]
    return max(misses, key=lambda v: v.missed_at, default=None)


def _usual_time(attended: Sequence[Visit], visits: Sequence[Visit], zone: dt.tzinfo) -> dt.time:
    """The local time the client came last (or was booked last), else 10:00."""
    pool = attended or sorted(visits, key=lambda v: v.starts)
    if not pool:
        return DEFAULT_TIME
    return pool[-1].starts.astimezone(zone).time().replace(tzinfo=None)


def drift(plan: PlanShape, visits: Sequence[Visit], now: dt.datetime) -> Drift | None:
    """Whether the client is drifting off `plan` at `now`, and why; None when on plan."""
    attended = took_place(visits, now)
    if len(attended) >= plan.visits_planned:
        return None
    zone = plan.zone
    today = now.astimezone(zone).date()
    usual = _usual_time(attended, visits, zone)

    def found(reason: Reason, since: dt.datetime, visit: Visit | None, due: dt.date) -> Drift:
        next_on = max(due, today + ONE_DAY)
        next_at = dt.datetime.combine(next_on, usual, tzinfo=zone)
        return Drift(reason, since, visit, next_on, next_at, len(attended), zone)

    miss = _latest_unresolved_miss(visits, plan.visits_planned, now)
    if miss is not None:
        reason = Reason.MISSED if miss.status is VisitStatus.NO_SHOW else Reason.CANCELLED
        return found(reason, miss.missed_at, miss, miss.starts.astimezone(zone).date())
    if any(v.upcoming(now) for v in visits):
        return None
    last = attended[-1] if attended else None
    due = plan.starts_on
    if last is not None:
        due = last.starts.astimezone(zone).date() + dt.timedelta(days=plan.frequency_days)
    overdue_from = due + dt.timedelta(days=plan.tolerance + 1)
    if today < overdue_from:
        return None
    return found(Reason.UNBOOKED, local_midnight(overdue_from, zone), last, due)


@dataclass(frozen=True)
class Abandonment:
    """A plan that counts as abandoned: no visit for `days` days since `anchor` (the local
    day of the last visit that took place, or of the plan's start when `after_visit` is
    False), and nothing booked."""

    days: int
    anchor: dt.date
    after_visit: bool

    @property
    def reason(self) -> str:
        """In English words: "No visit for 42 days since the last visit on 1 December
        2026, and nothing booked."."""
        day = f"{self.anchor.day} {self.anchor:%B %Y}"
        since = f"the last visit on {day}" if self.after_visit else f"the plan started on {day}"
        return f"No visit for {self.days} days since {since}, and nothing booked."


def abandonment(plan: PlanShape, visits: Sequence[Visit], now: dt.datetime) -> Abandonment | None:
    """Whether the plan counts as abandoned at `now`, or None if it does not.

    Abandoned: nothing is booked and no visit took place for `abandoned_after_days`
    since the last visit that did (or since the plan started, if none did yet).
    """
    attended = took_place(visits, now)
    if len(attended) >= plan.visits_planned or any(v.upcoming(now) for v in visits):
        return None
    zone = plan.zone
    today = now.astimezone(zone).date()
    last_on = attended[-1].starts.astimezone(zone).date() if attended else None
    anchor = max(plan.starts_on, last_on) if last_on else plan.starts_on
    if today < anchor + dt.timedelta(days=plan.abandoned_after_days):
        return None
    return Abandonment((today - anchor).days, anchor, after_visit=last_on is not None)


def abandoned_because(plan: PlanShape, visits: Sequence[Visit], now: dt.datetime) -> str | None:
    """Why the plan counts as abandoned at `now` (in English words), or None if it does
    not (see `abandonment`)."""
    found = abandonment(plan, visits, now)
    return found.reason if found is not None else None


def may_nudge(last_nudge_at: dt.datetime | None, opted_out: bool, now: dt.datetime) -> bool:
    """At most one nudge per client in any 7 days; none once they opted out."""
    if opted_out:
        return False
    return last_nudge_at is None or now - last_nudge_at >= NUDGE_EVERY


def nearest(times: Iterable[dt.datetime], target: dt.datetime) -> dt.datetime | None:
    """The time closest to `target` (the earlier on a tie), or None if there is none."""
    return min(times, key=lambda t: (abs(t - target), t), default=None)

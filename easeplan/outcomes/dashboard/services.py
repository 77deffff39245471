"""The practice outcomes dashboard's data: per-plan facts from the database, counted by
`easeplan.outcomes.rates` (its docstring defines every figure) into the last 12 months,
by month and by therapist.

Five queries whatever the number of plans, visits and responses, each scoped to the
practice: the therapists; the plans open now or closed in the period; the finished plans
with the first and the last scored response of the pain measure and the RMDQ-24
(correlated subqueries, each one index seek, so a plan's many responses never leave the
database); the PSFS responses of those plans (activities and answers: the PSFS is compared
like for like, each activity from its own first rating, so every response counts); and
the plans' first visits with visit counts (conditional aggregation). Scores are the stored
ones of the current instrument version (the same pure function computed them when the
answers came in); the PSFS verdict is recomputed from the answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, Subquery

from easeplan.booking.models import Appointment
from easeplan.care.models import PlanOfCare
from easeplan.practice.models import Therapist

from .. import instruments as inst
from .. import measures, rates
from ..models import Response
from ..rates import ClosedPlan, Figures, FirstVisit, Month, OpenPlan, Scored, Who

Status = PlanOfCare.Status
FINISHED = (Status.COMPLETED, Status.DISCHARGED)
CLOSED = (*FINISHED, Status.ABANDONED)
TOOK_PLACE = (Appointment.Status.BOOKED, Appointment.Status.COMPLETED)  # and has started
MEASURES = (rates.PAIN_MEASURE, "rmdq-24")  # judged on the first and last score


@dataclass(frozen=True)
class Dashboard:
    """Everything the page and the CSV show."""

    months: list[tuple[Month, Figures]]  # newest first
    therapists: list[tuple[Who, Figures]]
    headline: Figures  # the whole period, with active and paused plans now
    since: dt.datetime  # the start of the oldest month, in the practice's zone
    now: dt.datetime

    @property
    def first_month(self) -> Month:
        return self.months[-1][0]


def for_practice(practice: Any, now: dt.datetime) -> Dashboard:
    """The dashboard of `practice` for the 12 months up to `now` (five queries)."""
    zone = practice.zone
    months = rates.last_months(now.astimezone(zone).date())
    since = dt.datetime.combine(months[-1].first_day, dt.time(), tzinfo=zone)
    who = _therapists(practice)
    open_plans, closed = _plans(practice, since, zone, who)
    first_visits = _first_visits(practice, since, now, zone, who)
    in_months = set(months)
    closed = [plan for plan in closed if plan.month in in_months]
    first_visits = [visit for visit in first_visits if visit.month in in_months]
    return Dashboard(
        months=rates.by_month(months, closed, first_visits),
        therapists=rates.by_therapist(closed, first_visits, open_plans, _active(who)),
        headline=rates.figures_of(closed, first_visits, open_plans),
        since=since,
        now=now,
    )


def _therapists(practice: Any) -> dict[int | None, tuple[Who, bool]]:
    """Each therapist of the practice by id: how the dashboard names them, and whether active."""
    found: dict[int | None, tuple[Who, bool]] = {None: (rates.NOBODY, False)}
    for row in Therapist.objects.filter(practice=practice).values(
        "id", "code", "display_name", "is_active"
    ):
        found[row["id"]] = (Who(row["display_name"], row["code"]), row["is_active"])
    return found


def _active(who: dict[int | None, tuple[Who, bool]]) -> list[Who]:
    return [name for name, active in who.values() if active]


def _plans(
    practice: Any, since: dt.datetime, zone: dt.tzinfo, who: dict[int | None, tuple[Who, bool]]
) -> tuple[list[OpenPlan], list[ClosedPlan]]:
    """The plans active or paused now, and those closed since `since` with their change."""
    rows = list(
        PlanOfCare.objects.filter(practice=practice)
        .filter(
            Q(status__in=(Status.ACTIVE, Status.PAUSED))
            | Q(status__in=CLOSED, closed_at__gte=since)
        )
        .order_by()
        .values_list("id", "therapist_id", "status", "closed_at")
    )
    changes = _changes(practice, since)
    psfs = _psfs_ratings(practice, since)
    open_plans: list[OpenPlan] = []
    closed: list[ClosedPlan] = []
    for plan_id, therapist_id, status, closed_at in rows:
        therapist = _who(who, therapist_id)
        if status not in CLOSED:
            open_plans.append(OpenPlan(therapist, paused=status == Status.PAUSED))
            continue
        assert closed_at is not None  # a closed plan is kept only when closed since `since`
        finished = status in FINISHED
        scores = changes.get(plan_id, {}) if finished else {}
        closed.append(
            ClosedPlan(
                therapist=therapist,
                month=rates.month_of(closed_at.astimezone(zone).date()),
                finished=finished,
                pain=rates.plan_change(scores, [rates.PAIN_MEASURE]),
                function=rates.plan_change(
                    scores, rates.FUNCTION_MEASURES, psfs.get(plan_id, []) if finished else []
                ),
            )
        )
    return open_plans, closed


def _who(who: dict[int | None, tuple[Who, bool]], therapist_id: int | None) -> Who:
    return who.get(therapist_id, who[None])[0]


def _changes(practice: Any, since: dt.datetime) -> dict[int, dict[str, tuple[Scored, Scored]]]:
    """For each plan finished since `since`: for the pain measure and the RMDQ-24, when
    scored at least twice in the current version, the first and the last score."""
    ends: dict[str, Subquery] = {}
    for code in MEASURES:
        ends |= _ends(practice, code)
    rows = (
        PlanOfCare.objects.filter(practice=practice, status__in=FINISHED, closed_at__gte=since)
        .order_by()
        .annotate(**ends)
        .values_list("id", *ends)
    )
    columns = {name: n for n, name in enumerate(ends, start=1)}
    return {row[0]: _pairs(row, columns) for row in rows}


def _ends(practice: Any, code: str) -> dict[str, Subquery]:
    """The first and the last scored response of one measure of a plan, and whether there
    is a second one, as subqueries that each read through the (plan, instrument,
    collected_at) index."""
    scored = Response.objects.filter(
        plan=OuterRef("pk"),
        practice=practice,
        instrument=code,
        version=inst.VERSION,
        score__isnull=False,
    )
    first, last = scored.order_by("collected_at", "pk"), scored.order_by("-collected_at", "-pk")
    found = {
        f"{code}:second": Subquery(first.values("pk")[1:2]),  # none: scored at most once
        f"{code}:first": Subquery(first.values("score")[:1]),
        f"{code}:last": Subquery(last.values("score")[:1]),
    }
    return found


def _pairs(row: tuple[Any, ...], columns: dict[str, int]) -> dict[str, tuple[Scored, Scored]]:
    """(first, last) per measure of one plan; a measure scored once or never is left out."""
    found: dict[str, tuple[Scored, Scored]] = {}
    for code in MEASURES:
        if row[columns[f"{code}:second"]] is None:
            continue
        first, last = row[columns[f"{code}:first"]], row[columns[f"{code}:last"]]
        found[code] = (Scored(first), Scored(last))
    return found


def _psfs_ratings(practice: Any, since: dt.datetime) -> dict[int, list[measures.PsfsRatings]]:
    """For each plan finished since `since`: its scored PSFS responses of the current
    version, in order, each as (activity as asked, rating) pairs."""
    rows = (
        Response.objects.filter(
            practice=practice,
            instrument="psfs",
            version=inst.VERSION,
            score__isnull=False,
            plan__practice=practice,
            plan__status__in=FINISHED,
            plan__closed_at__gte=since,
        )
        .order_by("plan_id", "collected_at", "pk")
        .values_list("plan_id", "items", "answers")
    )
    found: dict[int, list[measures.PsfsRatings]] = {}
    for plan_id, items, answers in rows:
        found.setdefault(plan_id, []).append(_ratings(items, answers))
    return found


def _ratings(items: Any, answers: Any) -> measures.PsfsRatings:
    """One stored PSFS response as (activity, rating) pairs; a rating that is not a whole
    number counts as not rated."""
    if not isinstance(items, dict) or not isinstance(answers, dict):
        return []
    pairs: list[tuple[str, int | None]] = []
    for code, activity in items.items():
        rating = answers.get(code)
        whole = isinstance(rating, int) and not isinstance(rating, bool)
        pairs.append((str(activity), rating if whole else None))
    return pairs


def _first_visits(
    practice: Any,
    since: dt.datetime,
    now: dt.datetime,
    zone: dt.tzinfo,
    who: dict[int | None, tuple[Who, bool]],
) -> list[FirstVisit]:
    """Plans with 2+ visits planned whose first visit took place between `since` and 14
    days before `now`, with whether the client dropped off after it."""
    took_place = Q(visits__status__in=TOOK_PLACE, visits__starts_at__lte=now)
    booked_later = Q(visits__status=Appointment.Status.BOOKED, visits__starts_at__gt=now)
    rows = (
        PlanOfCare.objects.filter(practice=practice, visits_planned__gte=2)
        .order_by()
        .values("pk", "therapist_id", "status")  # grouped by these, not every plan column
        .annotate(
            first_visit=Min("visits__starts_at", filter=took_place),
            took_place=Count("visits", filter=took_place),
            booked_later=Count("visits", filter=booked_later),
        )
        .filter(
            first_visit__gte=since,
            first_visit__lte=now - dt.timedelta(days=rates.DROP_OFF_AFTER_DAYS),
        )
        .values_list("therapist_id", "first_visit", "took_place", "booked_later", "status")
    )
    # A plan the therapist closed as done after one visit was not given up.
    ended_well = (PlanOfCare.Status.COMPLETED, PlanOfCare.Status.DISCHARGED)
    return [
        FirstVisit(
            therapist=_who(who, therapist_id),
            month=rates.month_of(first.astimezone(zone).date()),
            dropped_off=visits == 1 and later == 0 and status not in ended_well,
        )
        for therapist_id, first, visits, later, status in rows
    ]

"""The client's portal home, gathered section by section in a fixed number of queries.

Each section is a small dataclass the template reads; `home_for` loads them all. The
number of queries does not grow with the client's plans, visits, messages, check-ins or
exercises (tests/portal/test_home.py guards it): every list is one query over all of the
client's records, and what depends on a plan is worked out in memory from prefetched rows.
The exercise ticks are read once per distinct "today" of the client's practices (a
practice's day follows its time zone), which is one query unless practices sit in zones
on different dates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from easeplan.accounts.mfa import has_mfa
from easeplan.booking.links import manage_token
from easeplan.booking.models import Appointment
from easeplan.care.consent import rules as consents
from easeplan.care.consent.panels import ConsentStatus
from easeplan.care.models import Consent, PlanOfCare, Prescription
from easeplan.care.plans.rules import Progress
from easeplan.care.plans.services import progress_of
from easeplan.care.programme.panels import Card, cards_for
from easeplan.care.programme.services import today_for
from easeplan.care.series.panels import books_online
from easeplan.outcomes import measures
from easeplan.outcomes.checkins.links import checkin_token
from easeplan.outcomes.checkins.services import visit_closed_because
from easeplan.outcomes.models import CheckIn
from easeplan.outcomes.progress import services as outcome_progress
from easeplan.practice.models import Client, Practice
from easeplan.screening.models import RedFlagHold

from ..models import Message

# The home shows the next visits and the newest unread messages; the rest is a link away.
VISITS_SHOWN = 4
UNREAD_SHOWN = 3
# The home's chart: pain (every NPRS measure of the plan) and the activities (PSFS).
CHART_MEASURES = [*measures.NPRS_MEASURES, "psfs"]


@dataclass(frozen=True)
class Inbox:
    """Messages from the practice not read yet: how many, and the newest few."""

    unread: int
    newest: list[Message]


@dataclass(frozen=True)
class Visit:
    """A booked visit with its move-or-cancel link."""

    appointment: Appointment
    manage_url: str


@dataclass(frozen=True)
class DueCheckIn:
    """A check-in waiting for the client: before a visit (`visit`) or weekly (`checkin`)."""

    url: str
    visit: Appointment | None = None
    checkin: CheckIn | None = None


@dataclass(frozen=True)
class PlanCard:
    """One open plan: "Visit 3 of 5", and a link to book the rest when it can be online."""

    plan: PlanOfCare
    progress: Progress
    book_url: str


@dataclass(frozen=True)
class PracticePlans:
    """The open plans at one practice (the home groups them when there are several)."""

    practice: Practice
    plans: list[PlanCard]


@dataclass(frozen=True)
class Exercises:
    """Today's home exercises of every open plan, one card each with its ticks."""

    cards: list[Card]

    @property
    def all_done(self) -> bool:
        return bool(self.cards) and all(card.all_done for card in self.cards)


@dataclass(frozen=True)
class Chart:
    """The main plan's pain and activities: sentences, chart data and the table's rows."""

    plan: PlanOfCare
    progress: outcome_progress.Progress
    measures: list[outcome_progress.Measure]
    rows: list[tuple[dt.datetime, list[str]]]
    data: dict[str, Any]


@dataclass(frozen=True)
class Forms:
    """A client record's health questions (intake) and the status of each consent."""

    record: Client
    consents: list[ConsentStatus]

    @property
    def intake_done(self) -> bool:
        intake = getattr(self.record, "intake", None)
        return intake is not None and intake.completed

    @property
    def to_sign(self) -> list[ConsentStatus]:
        """Consents never signed, withdrawn, or with a new version waiting."""
        return [s for s in self.consents if not s.active or s.update_waiting]


@dataclass(frozen=True)
class Home:
    """Everything the portal home shows, in the order a phone shows it."""

    inbox: Inbox
    visits: list[Visit]
    due: list[DueCheckIn]
    plans: list[PracticePlans]
    exercises: Exercises
    chart: Chart | None
    forms: list[Forms]
    has_mfa: bool
    several_practices: bool = field(default=False)

    @property
    def next_visit(self) -> Visit | None:
        return self.visits[0] if self.visits else None

    @property
    def later_visits(self) -> list[Visit]:
        return self.visits[1:]

    @property
    def plan_count(self) -> int:
        return sum(len(group.plans) for group in self.plans)

    @property
    def suggests_install(self) -> bool:
        """Someone who has booked (a visit ahead, or a plan under way) is offered the app
        on their home screen; a brand-new account is not asked yet."""
        return bool(self.visits or self.plans)

    @property
    def is_new(self) -> bool:
        """A brand-new client: nothing booked, no plan and no record yet."""
        return not (self.visits or self.plans or self.forms)


def home_for(user: Any, now: dt.datetime) -> Home:
    """The portal home of signed-in `user` (a client), as it stands at `now`."""
    held = RedFlagHold.objects.filter(client=OuterRef("pk"), cleared_at__isnull=True)
    records = list(
        Client.objects.filter(user=user)
        .select_related("practice", "intake")
        .annotate(red_flag_held=Exists(held))  # online booking paused (screening.holds)
        .order_by("pk")
    )
    visits = _visits(user, now)
    plans = _plans(user)
    return Home(
        inbox=_inbox(user),
        visits=[Visit(v, reverse("booking:manage", args=[manage_token(v)])) for v in visits],
        due=_visit_checkins(visits, now) + _weekly_checkins(user, now),
        plans=_by_practice([_plan_card(plan, now) for plan in plans]),
        exercises=Exercises(_cards(plans)),
        chart=_chart(_main_plan(plans), now),
        forms=_forms(records),
        has_mfa=has_mfa(user),
        several_practices=len({record.practice_id for record in records}) > 1,
    )


# -- messages -------------------------------------------------------------------------------


def _inbox(user: Any) -> Inbox:
    unread = Message.objects.filter(client__user=user, read_at__isnull=True)
    newest = unread.select_related("practice").order_by("-sent_at", "-pk")[:UNREAD_SHOWN]
    return Inbox(unread=unread.count(), newest=list(newest))


# -- visits and check-ins -------------------------------------------------------------------


def _visits(user: Any, now: dt.datetime) -> list[Appointment]:
    """The client's next booked visits (one still under way counts), soonest first, each
    knowing whether its check-in is already in."""
    done = CheckIn.objects.filter(appointment=OuterRef("pk"), completed_at__isnull=False)
    return list(
        Appointment.objects.filter(
            client__user=user, status=Appointment.Status.BOOKED, ends_at__gt=now
        )
        .select_related("practice", "therapist", "service")
        .annotate(checked_in=Exists(done))
        .order_by("starts_at", "pk")[:VISITS_SHOWN]
    )


def _visit_checkins(visits: list[Appointment], now: dt.datetime) -> list[DueCheckIn]:
    """Visits whose check-in is open (from a day before until the visit ends) and not in."""
    return [
        DueCheckIn(url=reverse("outcomes:visit", args=[visit.code]), visit=visit)
        for visit in visits
        if not visit.checked_in and not visit_closed_because(visit, now)  # type: ignore[attr-defined]
    ]


def _weekly_checkins(user: Any, now: dt.datetime) -> list[DueCheckIn]:
    """Weekly check-ins sent and still open: the same signed link as the email's."""
    waiting = CheckIn.objects.filter(
        client__user=user,
        kind=CheckIn.Kind.WEEKLY,
        sent_at__isnull=False,
        completed_at__isnull=True,
        expires_at__gt=now,
    ).select_related("plan", "practice")
    return [
        DueCheckIn(url=reverse("outcomes:weekly", args=[checkin_token(c)]), checkin=c)
        for c in waiting.order_by("expires_at", "pk")
    ]


# -- plans ----------------------------------------------------------------------------------


def _plans(user: Any) -> list[PlanOfCare]:
    """The client's open plans, active ones first, newest first (two queries)."""
    return sorted(
        PlanOfCare.objects.filter(client__user=user, status__in=PlanOfCare.OPEN)
        .select_related("practice", "service", "therapist")
        .prefetch_related("visits")
        .order_by("-created_at", "-pk"),
        key=lambda plan: plan.status != PlanOfCare.Status.ACTIVE,
    )


def _plan_card(plan: PlanOfCare, now: dt.datetime) -> PlanCard:
    found = progress_of(plan, list(plan.visits.all()), now)
    return PlanCard(plan, found, _book_url(plan, found))


def _book_url(plan: PlanOfCare, found: Progress) -> str:
    """series:mine while visits are left to book and the plan's visits can be booked online
    (the client's plan page's rule, from loaded rows)."""
    if plan.status != PlanOfCare.Status.ACTIVE or not found.unbooked or not books_online(plan):
        return ""
    return reverse("series:mine", args=[plan.code])


def _by_practice(cards: list[PlanCard]) -> list[PracticePlans]:
    grouped: dict[int, list[PlanCard]] = defaultdict(list)
    practices: dict[int, Practice] = {}
    for card in cards:
        grouped[card.plan.practice_id].append(card)
        practices[card.plan.practice_id] = card.plan.practice
    ordered = sorted(practices.values(), key=lambda practice: practice.name)
    return [PracticePlans(practice, grouped[practice.pk]) for practice in ordered]


def _main_plan(plans: list[PlanOfCare]) -> PlanOfCare | None:
    """The plan the home charts: the newest active one, else the newest open one."""
    return plans[0] if plans else None


# -- exercises ------------------------------------------------------------------------------


def _cards(plans: list[PlanOfCare]) -> list[Card]:
    """Today's exercise cards of every open plan; ticks read once per practice "today"."""
    by_pk = {plan.pk: plan for plan in plans}
    prescriptions = list(Prescription.objects.filter(plan__in=list(by_pk), stopped_at__isnull=True))
    by_day: dict[dt.date, list[Prescription]] = defaultdict(list)
    for prescription in prescriptions:
        prescription.plan = by_pk[prescription.plan_id]
        prescription.practice = prescription.plan.practice
        by_day[today_for(prescription.practice)].append(prescription)
    found = {
        card.prescription.pk: card
        for day, chosen in by_day.items()
        for card in cards_for(chosen, day)
    }
    return [found[prescription.pk] for prescription in prescriptions]


# -- progress chart -------------------------------------------------------------------------


def _chart(plan: PlanOfCare | None, now: dt.datetime) -> Chart | None:
    """Pain and activities of the main plan, once there is a score to show."""
    if plan is None:
        return None
    found = outcome_progress.for_plan(plan, now)
    measures = found.only(CHART_MEASURES)
    if not measures:
        return None
    data = outcome_progress.chart_data(found, measures)
    return Chart(plan, found, measures, found.rows(measures), data)


# -- health questions and consents ----------------------------------------------------------


def _forms(records: Sequence[Client]) -> list[Forms]:
    """Each record's intake state and consents; the newest consents in one query."""
    newest = _newest_consents(Consent.objects.filter(client__in=records))
    return [
        Forms(
            record,
            [
                ConsentStatus(consents.current_text(kind), newest.get((record.pk, kind)))
                for kind in consents.KINDS
            ],
        )
        for record in records
    ]


def _newest_consents(found: QuerySet[Consent]) -> dict[tuple[int, str], Consent]:
    """The newest consent of each kind of each record (a window function)."""
    rank = Window(
        RowNumber(),
        partition_by=[F("client_id"), F("kind")],
        order_by=[F("signed_at").desc(), F("pk").desc()],
    )
    return {(c.client_id, c.kind): c for c in found.annotate(rank=rank).filter(rank=1)}

"""The home programme: prescribe and stop exercises, tick sessions off, and adherence.

Prescribing refuses an exercise the client's contraindications rule out (a posterior hip
replacement blocks the figure-4 and the other FAIR-position stretches: HSS Journal 2019,
../shared/CLINICAL.md §3), an exercise not in the library, and a second active prescription
of the same exercise (stop it first to change the dosage). Prescribing and stopping are
audited (``care.programme.prescribed``, ``care.programme.stopped``); the client's ticks are
their own diary and are not.

Days are the practice's local days: a tick at 00:30 in London belongs to that London day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from easeplan.accounts.audit import AuditContext, log_action, signed_in
from easeplan.accounts.models import User
from easeplan.lib.locks import refresh_for_update
from easeplan.lib.refusals import Refused
from easeplan.practice.models import Client, Practice
from easeplan.screening.rules import contraindications as ci

from ..models import ExerciseLog, PlanOfCare, Prescription
from ..summary.services import flags_for
from . import rules as exercises
from .rules import Dosage, Exercise, Schedule, Week

# How far back a client may tick off a session they forgot to tick on the day.
TICK_DAYS_BACK = 7


class ProgrammeRefused(Refused):
    """The change can't be made; `message` says why and what to do, `field` where."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def today_for(practice: Practice, now: dt.datetime | None = None) -> dt.date:
    """Today in the practice's zone."""
    return timezone.localtime(now or timezone.now(), practice.zone).date()


def local_day(moment: dt.datetime, practice: Practice) -> dt.date:
    return timezone.localtime(moment, practice.zone).date()


def blocked_for(client: Client, *, today: dt.date) -> frozenset[str]:
    """Technique codes the client's intake rules out (two queries)."""
    return ci.blocked_techniques(flags_for([client], today=today)[client.pk].findings)


def _person(actor: User | None) -> User | None:
    return signed_in(actor)


def check_prescription(plan: PlanOfCare, code: str, *, today: dt.date) -> Exercise:
    """The library's exercise `code` if it may be prescribed in `plan`, else
    ProgrammeRefused with the reason (unknown, closed plan, contraindicated)."""
    exercise = exercises.find(code)
    if exercise is None:
        raise ProgrammeRefused(
            gettext("That exercise is not in the library. Choose one from the list.")
        )
    if not plan.is_open:
        raise ProgrammeRefused(
            gettext("This plan is %(status)s: exercises are prescribed in an open plan.")
            % {"status": plan.get_status_display().lower()}
        )
    reason = exercises.allowed(exercise, blocked_for(plan.client, today=today), gettext)
    if reason is not None:
        raise ProgrammeRefused(reason, "exercise")
    return exercise


def prescribe(
    plan: PlanOfCare,
    code: str,
    dosage: Dosage,
    *,
    actor: User | None,
    notes: str = "",
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> Prescription:
    """Add exercise `code` of the library to the plan's home programme with `dosage`."""
    now = now or timezone.now()
    exercise = check_prescription(plan, code, today=today_for(plan.practice, now))
    with transaction.atomic():
        # One prescriber at a time per plan, so two clicks can't add the same exercise twice.
        PlanOfCare.objects.select_for_update().filter(pk=plan.pk).first()
        if plan.prescriptions.filter(exercise=code, stopped_at__isnull=True).exists():
            raise ProgrammeRefused(
                gettext(
                    "%(exercise)s is already in the programme. "
                    "Stop it first to prescribe it with a new dosage."
                )
                % {"exercise": gettext(exercise.name)},
                "exercise",
            )
        prescription = Prescription.objects.create(
            practice_id=plan.practice_id,
            plan=plan,
            exercise=code,
            hold_seconds=dosage.hold_seconds,
            reps=dosage.reps,
            sets=dosage.sets,
            times_per_day=dosage.times_per_day,
            days_per_week=dosage.days_per_week,
            notes=notes.strip(),
            prescribed_at=now,
            prescribed_by=_person(actor),
        )
        data = {"plan": plan.code, "exercise": code, **_dosage_data(dosage)}
        log_action(actor, "care.programme.prescribed", prescription, data, audit=audit)
    return prescription


def _dosage_data(dosage: Dosage) -> dict[str, Any]:
    return {
        "hold_seconds": dosage.hold_seconds,
        "reps": dosage.reps,
        "sets": dosage.sets,
        "times_per_day": dosage.times_per_day,
        "days_per_week": dosage.days_per_week,
    }


def dosage_of(prescription: Prescription) -> Dosage:
    return Dosage(
        hold_seconds=prescription.hold_seconds,
        reps=prescription.reps,
        sets=prescription.sets,
        times_per_day=prescription.times_per_day,
        days_per_week=prescription.days_per_week,
    )


def dosage_words(prescription: Prescription) -> str:
    """The prescribed dosage as the client reads it, in their language: "Hold 30 seconds,
    3 times, once a day"."""
    exercise = exercises.find(prescription.exercise)
    kind = exercise.kind if exercise else exercises.Kind.STRETCH
    return exercises.dosage_in_words(dosage_of(prescription), kind, gettext, ngettext)


def stop(
    prescription: Prescription,
    *,
    actor: User | None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> Prescription:
    """Take an exercise out of the programme. Its ticks and adherence are kept."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = refresh_for_update(prescription)
        if locked.stopped_at is not None:
            raise ProgrammeRefused(gettext("That exercise was already stopped."))
        locked.stopped_at = now
        locked.save(update_fields=["stopped_at"])
        data = {"plan": prescription.plan.code, "exercise": locked.exercise}
        log_action(actor, "care.programme.stopped", locked, data, audit=audit)
    prescription.stopped_at = now
    return prescription


def _check_tick(
    prescription: Prescription, day: dt.date, session: int, user: User | None, today: dt.date
) -> None:
    """ProgrammeRefused unless `user` is the client and may tick this day and session."""
    plan = prescription.plan
    client = signed_in(user)
    if client is None or plan.client.user_id != client.pk:
        raise ProgrammeRefused(gettext("Only the client can tick off their own exercises."))
    if prescription.stopped_at is not None:
        raise ProgrammeRefused(gettext("Your therapist has stopped this exercise."))
    if not plan.is_open:
        raise ProgrammeRefused(gettext("This plan has ended, so there is nothing to tick off."))
    if day > today:
        raise ProgrammeRefused(
            gettext("That day hasn't come yet: tick a session off once you've done it.")
        )
    if day < local_day(prescription.prescribed_at, prescription.practice):
        raise ProgrammeRefused(gettext("This exercise wasn't in your programme on that day."))
    if day < today - dt.timedelta(days=TICK_DAYS_BACK):
        raise ProgrammeRefused(
            gettext("Sessions can be ticked off up to %(days)d days back.")
            % {"days": TICK_DAYS_BACK}
        )
    if not 1 <= session <= prescription.times_per_day:
        n = prescription.times_per_day
        raise ProgrammeRefused(
            ngettext(
                "This exercise is done once a day.", "This exercise is done %(n)d times a day.", n
            )
            % {"n": n},
            "session",
        )


def tick(
    prescription: Prescription,
    *,
    day: dt.date,
    session: int,
    user: User | None,
    now: dt.datetime | None = None,
) -> ExerciseLog:
    """Record that the client did session `session` on `day` (ticking twice is harmless)."""
    now = now or timezone.now()
    _check_tick(prescription, day, session, user, today_for(prescription.practice, now))
    with transaction.atomic():
        log, _ = ExerciseLog.objects.get_or_create(
            prescription=prescription, done_on=day, session=session, defaults={"logged_at": now}
        )
    return log


def untick(
    prescription: Prescription,
    *,
    day: dt.date,
    session: int,
    user: User | None,
    now: dt.datetime | None = None,
) -> None:
    """Take back a tick (a wrong tap); nothing happens if there was none."""
    _check_tick(prescription, day, session, user, today_for(prescription.practice, now))
    with transaction.atomic():
        ExerciseLog.objects.filter(prescription=prescription, done_on=day, session=session).delete()


# -- adherence ----------------------------------------------------------------------------


@dataclass
class Prescribed:
    """A prescription with its exercise of the library (None once the library drops it)."""

    prescription: Prescription
    exercise: Exercise | None

    @property
    def name(self) -> str:
        """The exercise's name in the reader's language."""
        return gettext(self.exercise.name) if self.exercise else self.prescription.exercise

    @property
    def dosage_words(self) -> str:
        return dosage_words(self.prescription)


@dataclass
class ExerciseAdherence(Prescribed):
    """One prescription with its weekly adherence."""

    weeks: list[Week]

    def percent_in(self, monday: dt.date) -> int | None:
        return _percent_in(self.weeks, monday)


@dataclass
class ProgrammeAdherence:
    """A plan's programme: each prescription's weeks, the overall weeks, and the Mondays
    of this week and the weeks before it that the therapist's table shows."""

    today: dt.date
    rows: list[ExerciseAdherence]
    overall: list[Week]
    mondays: list[dt.date] = field(default_factory=list)

    def overall_in(self, monday: dt.date) -> int | None:
        return _percent_in(self.overall, monday)


def _percent_in(weeks: list[Week], monday: dt.date) -> int | None:
    return next((w.percent for w in weeks if w.monday == monday), None)


def schedule_of(prescription: Prescription) -> Schedule:
    practice = prescription.practice
    stopped = prescription.stopped_at
    return Schedule(
        times_per_day=prescription.times_per_day,
        days_per_week=prescription.days_per_week,
        starts_on=local_day(prescription.prescribed_at, practice),
        stops_on=local_day(stopped, practice) if stopped else None,
    )


def adherence_for(plan: PlanOfCare, *, today: dt.date, weeks_shown: int = 4) -> ProgrammeAdherence:
    """Weekly adherence of every prescription of the plan, and overall, in two queries."""
    prescriptions = list(plan.prescriptions.all())
    ticks: dict[int, list[dt.date]] = {p.pk: [] for p in prescriptions}
    for prescription_id, done_on in ExerciseLog.objects.filter(prescription__plan=plan).values_list(
        "prescription_id", "done_on"
    ):
        ticks[prescription_id].append(done_on)
    rows = []
    for prescription in prescriptions:
        prescription.practice = plan.practice  # the same row: no query per prescription
        prescription.plan = plan
        weeks = exercises.weekly_adherence(
            schedule_of(prescription), ticks[prescription.pk], today=today
        )
        rows.append(ExerciseAdherence(prescription, exercises.find(prescription.exercise), weeks))
    this_monday = exercises.week_start(today)
    mondays = [this_monday - dt.timedelta(weeks=n) for n in range(weeks_shown)]
    overall = exercises.overall_adherence([row.weeks for row in rows])
    return ProgrammeAdherence(today, rows, overall, mondays)

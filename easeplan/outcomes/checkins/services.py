"""Outcome check-ins: what to ask and recording the answers.

A check-in is one sitting of answers: before a visit (the client on their phone, or on
the therapist's tablet) or weekly between visits (from a single-use email link).
`record` scores each instrument with its published scoring (instruments.score) and keeps
every score with its instrument's version (DESIGN invariant 7), in one transaction with
the check-in's row locked: a check-in submitted twice at once is recorded once.

The weekly invitation (outcomes/checkins/weekly.py) follows the nudges' pattern
(care/nudges/services.py): made under a lock on the client's row after a re-check, emailed
after commit by a task that checks again, at most one a week per client.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext, gettext_lazy

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.models import User
from easeplan.booking.models import Appointment
from easeplan.care.models import PlanOfCare
from easeplan.lib.refusals import Refused
from easeplan.screening.holds import services as holds
from easeplan.screening.models import RedFlagHold
from easeplan.screening.rules import self_check as rules

from .. import instruments as inst
from .. import measures
from ..instruments import Instrument
from ..models import CheckIn, Response

logger = logging.getLogger(__name__)

Kind = CheckIn.Kind
# The visit check-in opens a day before the visit and closes when the visit ends.
VISIT_OPENS_BEFORE = dt.timedelta(hours=24)
CLOSED_VISITS = (Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW)

ALREADY_IN = gettext_lazy("Thank you — this check-in is already in.")
EXPIRED = gettext_lazy("This link has expired.")

Answers = Mapping[str, Mapping[str, int | bool | None]]


class CheckInRefused(Refused):
    """Answers that can't be recorded, with the reason in words; nothing was saved."""


# -- what a check-in asks ------------------------------------------------------------------


def instruments_for(plan: PlanOfCare | None) -> list[Instrument]:
    """The plan's measures (measures.for_plan); without a plan, pain (NPRS), sleep, mood."""
    if plan is None:
        return [*measures.NPRS, measures.SLEEP, measures.MOOD]
    return measures.for_plan(plan.condition, plan.goals)


def questions_for(
    plan: PlanOfCare | None, visit: Appointment | None, now: dt.datetime
) -> list[Instrument]:
    """What a check-in asks: the plan's instruments, the GROC only once a visit of the plan
    has taken place (it asks about change since treatment began; Kamper 2009). For a
    visit's check-in only the visits before it count. One query."""
    asked = instruments_for(plan)
    if plan is not None and not _treated_before(plan, visit, now):
        asked = [instrument for instrument in asked if instrument.code != measures.GROC.code]
    return asked


def _treated_before(plan: PlanOfCare, visit: Appointment | None, now: dt.datetime) -> bool:
    """Whether a visit of the plan took place (not cancelled or missed, started) before
    `visit`, or before now."""
    cutoff = min(now, visit.starts_at) if visit is not None else now
    return (
        Appointment.objects.filter(plan=plan, starts_at__lt=cutoff)
        .exclude(status__in=CLOSED_VISITS)
        .exists()
    )


def visit_closed_because(visit: Appointment, now: dt.datetime) -> str:
    """Why the visit's check-in can't be filled in now, or "" while it is open: from a
    day before the visit until it ends, unless the visit was cancelled or missed."""
    if visit.status in CLOSED_VISITS:
        return gettext("This visit was cancelled or missed, so there is no check-in for it.")
    opens = (visit.starts_at - VISIT_OPENS_BEFORE).astimezone(visit.practice.zone)
    if now < opens:
        return gettext(
            "The check-in for this visit opens a day before it: on %(day)s at %(time)s."
        ) % {
            "day": formats.date_format(opens, "l j F"),
            "time": formats.time_format(opens, "H:i"),
        }
    if now >= visit.ends_at:
        return gettext("This visit is over. The check-in is for before a visit.")
    return ""


def visit_checkin(appointment: Appointment) -> CheckIn:
    """The check-in before `appointment` (made the first time it is asked for)."""
    checkin, _ = CheckIn.objects.get_or_create(
        appointment=appointment,
        defaults={
            "practice_id": appointment.practice_id,
            "client_id": appointment.client_id,
            "plan_id": appointment.plan_id,
            "kind": Kind.VISIT,
        },
    )
    return checkin


# -- recording the answers -----------------------------------------------------------------


def record(
    checkin: CheckIn,
    answers: Answers,
    *,
    actor: User | None,
    now: dt.datetime,
    staff: bool = False,
    audit: AuditContext | None = None,
    red_flags: Iterable[str] = (),
) -> CheckIn:
    """Score and keep the answers of a check-in, once.

    `answers` maps instrument codes to {item code: answer}; a missing item or None is
    unanswered. Refuses (CheckInRefused, nothing saved) a completed check-in, an expired
    weekly one, a visit check-in outside its time, an instrument the check-in doesn't ask
    and answers out of range. `staff`: the answers were entered by `actor` (the
    therapist's tablet), who is kept as `entered_by`. `red_flags`: the red-flag codes
    ticked in a visit's check-in ("since your last visit"); any raises a hold on online
    booking tied to the visit (screening.holds).
    """
    flags = _known_flags(red_flags)
    with transaction.atomic():
        locked = (
            CheckIn.objects.select_for_update(of=("self",))
            .select_related("plan", "appointment__practice")
            .get(pk=checkin.pk)
        )
        _check_open(locked, now)
        asked = questions_for(locked.plan, locked.appointment, now)
        responses = _responses(locked, asked, answers, now)
        Response.objects.bulk_create(responses)
        locked.completed_at = now
        fields = ["completed_at"]
        if staff:
            locked.entered_by = actor
            fields.append("entered_by")
        locked.save(update_fields=fields)
        data = {
            "kind": locked.kind,
            "instruments": [response.instrument for response in responses],
            "entered_by_staff": staff,
        }
        log_action(actor, "outcomes.checkin.completed", locked, data, audit=audit)
        if flags and locked.kind == Kind.VISIT:
            holds.raise_hold(
                locked.client,
                holds.Source.CHECKIN,
                flags,
                actor=actor,
                appointment=locked.appointment,
                now=now,
                audit=audit,
            )
    checkin.completed_at, checkin.entered_by_id = locked.completed_at, locked.entered_by_id
    return locked


def _known_flags(codes: Iterable[str]) -> list[str]:
    codes = list(codes)
    unknown = sorted(set(codes) - {flag.code for flag in rules.RED_FLAGS})
    if unknown:
        raise CheckInRefused(gettext("Reload the page and tick the warning signs again."))
    return codes


def raised_before(visit: Appointment) -> holds.Stop | None:
    """The red flags the check-in before `visit` raised, or None (one query)."""
    found = RedFlagHold.objects.filter(appointment=visit, source=holds.Source.CHECKIN)
    codes = [code for flags in found.values_list("flags", flat=True) for code in flags or []]
    return holds.Stop(holds.flags_of(codes)) if codes else None


def _check_open(checkin: CheckIn, now: dt.datetime) -> None:
    if checkin.completed_at is not None:
        raise CheckInRefused(str(ALREADY_IN))
    if checkin.kind == Kind.WEEKLY and (checkin.expires_at is None or checkin.expires_at <= now):
        raise CheckInRefused(str(EXPIRED))
    if checkin.kind == Kind.VISIT:
        if checkin.appointment is None:
            raise CheckInRefused(
                gettext("This visit no longer exists, so there is no check-in for it.")
            )
        closed = visit_closed_because(checkin.appointment, now)
        if closed:
            raise CheckInRefused(closed)


def _responses(
    checkin: CheckIn, asked: list[Instrument], answers: Answers, now: dt.datetime
) -> list[Response]:
    """One scored Response per instrument with at least one answer (unsaved)."""
    by_code = {instrument.code: instrument for instrument in asked}
    unknown = sorted(code for code in answers if code not in by_code)
    if unknown:
        raise CheckInRefused(
            gettext("This check-in doesn't ask %(codes)s. Reload the page and answer again.")
            % {"codes": ", ".join(unknown)}
        )
    responses = []
    for instrument in asked:
        given = answers.get(instrument.code) or {}
        if not isinstance(given, Mapping):
            raise CheckInRefused(
                gettext("%(name)s: the answers are not readable.")
                % {"name": gettext(instrument.name)}
            )
        try:
            scored = inst.score(instrument, given)
        except ValueError as error:
            raise CheckInRefused(f"{instrument.name}: {error}") from error
        # score() checked every answer given; keep them in the instrument's order.
        kept = {
            item.code: int(given[item.code])  # type: ignore[arg-type]
            for item in instrument.items
            if given.get(item.code) is not None
        }
        if not kept:
            continue
        responses.append(
            Response(
                checkin=checkin,
                practice_id=checkin.practice_id,
                client_id=checkin.client_id,
                plan_id=checkin.plan_id,
                instrument=instrument.code,
                version=scored.version if scored else instrument.version,
                answers=kept,
                items={item.code: item.text for item in instrument.items},
                score=exact(scored.value) if scored else None,
                answered=len(kept),
                collected_at=now,
            )
        )
    if not responses:
        raise CheckInRefused(gettext("Please answer at least one question before sending."))
    return responses


def exact(value: Fraction) -> Decimal:
    """A score as stored: the exact fraction rounded half up (halves away from zero, as
    Decimal's ROUND_HALF_UP) to 3 decimal places."""
    with localcontext() as context:
        context.prec = 40
        decimal = Decimal(value.numerator) / Decimal(value.denominator)
        return decimal.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


# -- reading a check-in back ---------------------------------------------------------------


def _before(visit: Appointment) -> Any:
    return Response.objects.filter(checkin__appointment=visit, checkin__completed_at__isnull=False)


def pain_before(visit: Appointment) -> int | None:
    """The "pain now" rating (NPRS 0–10) of the completed check-in before `visit`, or
    None (one query)."""
    code = "nprs-now"
    answers = _before(visit).filter(instrument=code).values_list("answers", flat=True).first()
    value = answers.get(code) if isinstance(answers, dict) else None
    return value if isinstance(value, int) else None


def subjective_line(visit: Appointment) -> str:
    """The check-in before `visit` in one line for the note's Subjective, or "" (one
    query), e.g. "Check-in before the visit: pain now 5/10, worst in 24 h 7/10; …"."""
    parts = summary_parts(_before(visit))
    return f"Check-in before the visit: {'; '.join(parts)}." if parts else ""


_SINGLE = {"nprs-now": "pain now", "nprs-worst-24h": "worst in 24 h"}
_INTERFERENCE = {"sleep": "sleep disturbed", "mood": "mood affected"}


def summary_parts(responses: Iterable[Response]) -> list[str]:
    """The answers in short phrases, grouped: pain, pain by activity, sleep and mood,
    the PSFS, the RMDQ and the GROC."""
    found = {response.instrument: response for response in responses}

    def single(code: str) -> int | None:
        response = found.get(code)
        return response.answers.get(code) if response is not None else None

    pain = [
        f"{label} {single(code)}/10" for code, label in _SINGLE.items() if single(code) is not None
    ]
    doing = [
        f"{activity} {single(f'nprs-{code}')}/10"
        for code, activity in measures.NPRS_ACTIVITIES.items()
        if single(f"nprs-{code}") is not None
    ]
    felt = [
        f"{label} {single(code)}/10"
        for code, label in _INTERFERENCE.items()
        if single(code) is not None
    ]
    parts = [", ".join(pain)] if pain else []
    if doing:
        parts.append(f"pain when {', '.join(doing)}")
    if felt:
        parts.append(", ".join(felt))
    return parts + _scored_parts(found)


def _scored_parts(found: Mapping[str, Response]) -> list[str]:
    parts = []
    psfs = found.get("psfs")
    if psfs is not None and psfs.score is not None:
        mean = psfs.score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        parts.append(f"activities (PSFS) {mean}/10")
    rmdq = found.get(measures.RMDQ_24.code)
    if rmdq is not None and rmdq.score is not None:
        parts.append(f"RMDQ {int(rmdq.score)}/24")
    groc = found.get(measures.GROC.code)
    rating = groc.answers.get(measures.GROC.code) if groc is not None else None
    if isinstance(rating, int):
        label = measures.GROC.items[0].label_for(rating) or ""
        parts.append(f"change since the start {rating:+d} ({label.lower()})")
    return parts


def question_count(instruments: Iterable[Instrument]) -> int:
    """How many questions a check-in shows: a tick list (the RMDQ) counts as one."""
    return sum(
        1 if instrument.items[0].yes_no else len(instrument.items) for instrument in instruments
    )

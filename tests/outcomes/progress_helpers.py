"""Check-ins with real instrument answers, stored as outcomes.services.record stores them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from easeplan.outcomes import instruments as inst
from easeplan.outcomes import measures
from easeplan.outcomes.checkins import services
from easeplan.outcomes.models import CheckIn, Response


def instrument_for(plan, code: str) -> inst.Instrument:  # type: ignore[no-untyped-def]
    return measures.psfs_for(plan.goals) if code == "psfs" else measures.INSTRUMENTS[code]


def check_in(  # type: ignore[no-untyped-def]
    plan,
    at: dt.datetime,
    answers: Mapping[str, Mapping[str, int]],
    *,
    stored: Decimal | None = None,
) -> CheckIn:
    """A completed weekly check-in of `plan` at `at` with `answers` per instrument code;
    `stored` overrides every stored score (to show the page doesn't trust it)."""
    checkin = CheckIn.objects.create(
        practice=plan.practice,
        client=plan.client,
        plan=plan,
        kind=CheckIn.Kind.WEEKLY,
        completed_at=at,
        created_at=at,
    )
    for code, given in answers.items():
        instrument = instrument_for(plan, code)
        scored = inst.score(instrument, given)
        Response.objects.create(
            checkin=checkin,
            practice=plan.practice,
            client=plan.client,
            plan=plan,
            instrument=code,
            version=instrument.version,
            answers=dict(given),
            items={item.code: item.text for item in instrument.items},
            score=stored
            if stored is not None
            else services.exact(scored.value)
            if scored
            else None,
            answered=len(given),
            collected_at=at,
        )
    return checkin


def pain(sitting: int, now: int | None = None) -> dict[str, dict[str, int]]:
    found = {"nprs-sitting": {"nprs-sitting": sitting}}
    if now is not None:
        found["nprs-now"] = {"nprs-now": now}
    return found

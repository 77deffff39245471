"""The owner's outcomes dashboard for a big practice, against a bare page in the same run.

Run with `make bench` (or `.venv/bin/python bench/outcomes.py`). Builds, in a throwaway
SQLite database, one practice with 5,000 clients, a plan of care each (completed,
discharged, abandoned, active or paused, closed over the last 13 months), 20,000 visits
and 100,000 check-in responses (bulk inserts, seeded random: the same every run). Signs in
as the owner and times /staff/outcomes/ and its CSV (median of many requests), with their
query counts and the ratio to /health/ (one trivial query) measured in the same run.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from _throwaway import remove, start_django, time_page

TMP = start_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from easeplan.accounts.models import Membership, User  # noqa: E402
from easeplan.booking.models import Appointment  # noqa: E402
from easeplan.care.models import PlanOfCare  # noqa: E402
from easeplan.outcomes import instruments as inst  # noqa: E402
from easeplan.outcomes import measures  # noqa: E402
from easeplan.outcomes.models import CheckIn, Response  # noqa: E402
from easeplan.practice.models import Client as PracticeClient  # noqa: E402
from easeplan.practice.models import Practice, Service, Therapist  # noqa: E402

CLIENTS = 5_000
CHECK_INS_PER_PLAN = 5
MEASURES = ("nprs-now", "nprs-sitting", "psfs", "sleep")  # 5,000 × 5 × 4 = 100,000 responses
GOALS = ["Sit through a film", "Run 5 km", "Climb the stairs at work"]
STATUSES = ["completed"] * 45 + ["discharged"] * 10 + ["abandoned"] * 15 + ["active"] * 25
STATUSES += ["paused"] * 5
DAY = dt.timedelta(days=1)
BATCH = 2_000


def build(now: dt.datetime) -> tuple[User, dict[str, int]]:
    """The big practice: returns its owner and how many rows of each kind were made."""
    rng = random.Random(2026)  # noqa: S311 - a repeatable practice, not a secret
    practice = Practice.objects.create(slug="big", name="Big Massage", email="big@example.org")
    owner = User.objects.create_user("owner@big.example.org", "bench-password-1")
    Membership.objects.create(user=owner, practice=practice, role=Membership.Role.OWNER)
    service = Service.objects.create(
        practice=practice, name="Treatment", duration_minutes=60, price=Decimal("60.00")
    )
    therapists = Therapist.objects.bulk_create(
        Therapist(practice=practice, display_name=f"Therapist {n}") for n in range(1, 9)
    )
    clients = PracticeClient.objects.bulk_create(
        (
            PracticeClient(
                practice=practice, first_name="Client", last_name=f"{n}", email=f"c{n}@ex.org"
            )
            for n in range(CLIENTS)
        ),
        batch_size=BATCH,
    )
    plans = PlanOfCare.objects.bulk_create(
        (_plan(practice, client, rng.choice(therapists), rng, now) for client in clients),
        batch_size=BATCH,
    )
    visits = Appointment.objects.bulk_create(
        (visit for plan in plans for visit in _visits(plan, service, rng, now)), batch_size=BATCH
    )
    checkins = CheckIn.objects.bulk_create(
        (
            CheckIn(
                practice=practice,
                client_id=plan.client_id,
                plan=plan,
                kind=CheckIn.Kind.WEEKLY,
                completed_at=_start(plan) + week * 7 * DAY,
                created_at=_start(plan) + week * 7 * DAY,
            )
            for plan in plans
            for week in range(CHECK_INS_PER_PLAN)
        ),
        batch_size=BATCH,
    )
    responses = Response.objects.bulk_create(
        (_response(checkin, code, rng) for checkin in checkins for code in MEASURES),
        batch_size=BATCH,
    )
    counts = {
        "clients": len(clients),
        "plans": len(plans),
        "visits": len(visits),
        "check-ins": len(checkins),
        "responses": len(responses),
    }
    return owner, counts


def _start(plan: PlanOfCare) -> dt.datetime:
    return dt.datetime.combine(plan.starts_on, dt.time(9), tzinfo=dt.UTC)


def _plan(
    practice: Practice,
    client: PracticeClient,
    therapist: Therapist,
    rng: random.Random,
    now: dt.datetime,
) -> PlanOfCare:
    status = rng.choice(STATUSES)
    starts = (now - rng.randint(10, 420) * DAY).date()
    closed_at = None
    if status in ("completed", "discharged", "abandoned"):
        closed_at = min(now, dt.datetime.combine(starts, dt.time(17), tzinfo=dt.UTC) + 42 * DAY)
    return PlanOfCare(
        practice=practice,
        client=client,
        therapist=therapist,
        condition="piriformis",
        goals=GOALS,
        visits_planned=rng.choice([4, 5, 6]),
        starts_on=starts,
        review_on=starts + 28 * DAY,
        status=status,
        closed_at=closed_at,
    )


def _visits(
    plan: PlanOfCare, service: Service, rng: random.Random, now: dt.datetime
) -> list[Appointment]:
    """Four weekly visits; a fifth of the clients stop after the first one."""
    stops = rng.random() < 0.2
    found = []
    for week in range(4):
        starts = _start(plan) + week * 7 * DAY
        status = Appointment.Status.COMPLETED if starts <= now else Appointment.Status.BOOKED
        if week and stops:
            status = Appointment.Status.CANCELLED
        found.append(
            Appointment(
                practice_id=plan.practice_id,
                therapist_id=plan.therapist_id,
                client_id=plan.client_id,
                service=service,
                plan=plan,
                starts_at=starts,
                ends_at=starts + service.duration,
                blocked_until=starts + service.duration + service.buffer_after,
                status=status,
            )
        )
    return found


PSFS = measures.psfs_for(GOALS)
PSFS_ITEMS = {item.code: item.text for item in PSFS.items}


def _response(checkin: CheckIn, code: str, rng: random.Random) -> Response:
    if code == "psfs":
        answers = {item.code: rng.randint(0, 10) for item in PSFS.items}
        instrument, items = PSFS, PSFS_ITEMS
    else:
        answers = {code: rng.randint(0, 10)}
        instrument, items = measures.INSTRUMENTS[code], {}
    scored = inst.score(instrument, answers)
    assert scored is not None
    return Response(
        checkin=checkin,
        practice_id=checkin.practice_id,
        client_id=checkin.client_id,
        plan_id=checkin.plan_id,
        instrument=code,
        version=instrument.version,
        answers=answers,
        items=items,
        score=Decimal(scored.value.numerator) / Decimal(scored.value.denominator),
        answered=scored.answered,
        collected_at=checkin.completed_at,
    )


def main() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    now = timezone.now()
    with transaction.atomic():
        owner, counts = build(now)
    built = time.perf_counter() - started
    print(", ".join(f"{n:,} {what}" for what, n in counts.items()), f"(built in {built:.0f} s)")
    browser = Client()
    browser.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    bare, _ = time_page(browser, "/health/", 200)
    print(f"{'page':<32} {'ms/request':>10} {'queries':>8} {'x bare':>8}")
    for url, rounds in (
        ("/health/", 200),
        ("/staff/outcomes/", 20),
        ("/staff/outcomes/outcomes.csv", 20),
    ):
        ms, queries = time_page(browser, url, rounds, warm_up=3)
        print(f"{url:<32} {ms:>10.2f} {queries:>8} {ms / bare:>8.1f}")


if __name__ == "__main__":
    try:
        main()
    finally:  # the 45 MB database is throwaway
        connection.close()
        remove(TMP)

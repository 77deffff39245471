"""The demo practice that `make run` seeds: believable, and the same every time."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from easeplan.accounts.models import Membership, User
from easeplan.booking import reminders
from easeplan.booking.models import Appointment
from easeplan.demo.clinical import seed_clinical
from easeplan.demo.plans import DROP_OFFS, seed_drop_offs, seed_plans
from easeplan.practice.models import Client, Practice, Service, Therapist, WorkingHours
from easeplan.site.models import ContactMessage

DEMO_PASSWORD = "easeplan-demo"  # noqa: S105 - printed for the demo, never used in production
SLUG = "riverside"

STAFF = (
    # email, name, role, therapist bio (None: not a therapist)
    (
        "owner@demo.easeplan.test",
        "Maya Okafor",
        Membership.Role.OWNER,
        "Maya has treated runners and cyclists for twelve years and specialises in deep "
        "buttock and hip pain.",
    ),
    (
        "tom@demo.easeplan.test",
        "Tom Reilly",
        Membership.Role.THERAPIST,
        "Tom works with desk workers and weekend athletes on low-back, hip and hamstring pain.",
    ),
    ("frontdesk@demo.easeplan.test", "Priya Shah", Membership.Role.FRONT_DESK, None),
)
CLIENT_LOGIN = "sam.taylor@demo.easeplan.test"

SERVICES = (
    (
        "Initial assessment",
        75,
        15,
        "75.00",
        "History, gentle tests, a first treatment and a plan agreed with you.",
    ),
    ("Treatment, 60 minutes", 60, 15, "60.00", "A follow-up visit on your plan."),
    (
        "Treatment, 90 minutes",
        90,
        15,
        "85.00",
        "A longer follow-up for several areas, or athletes in training.",
    ),
)

# Maya: Mon/Wed/Fri long days with a lunch break, Sat morning; Tom: Tue/Thu, evenings.
HOURS = {
    0: (
        (0, "09:00", "13:00"),
        (0, "14:00", "18:00"),
        (2, "09:00", "13:00"),
        (2, "14:00", "18:00"),
        (4, "09:00", "15:00"),
        (5, "09:00", "12:30"),
    ),
    1: (
        (1, "10:00", "14:00"),
        (1, "15:00", "20:00"),
        (3, "10:00", "14:00"),
        (3, "15:00", "20:00"),
        (4, "12:00", "19:00"),
    ),
}

# Each client's story in the calendar: the assessment visit this many days before today,
# then weekly treatments, in all this many visits (None: 4 to 6). Plans that are finished,
# paused or given up have every visit behind them. Every assessment has already taken place: a visit
# lands up to six days after its nominal day (the therapist's working days, closed days).
CALENDAR: dict[int, tuple[int, int | None]] = {
    0: (19, 6),  # Sam Taylor: halfway through his plan
    1: (42, 6),  # Alex Morgan: completed
    2: (38, None),
    3: (10, None),
    4: (28, 4),  # Ravi Patel: paused
    5: (42, 6),  # Emma Walsh: discharged, goals met
    6: (30, None),  # Daniel Kowalski: drifting off his plan
    7: (42, 4),  # Grace Adeyemi: stopped coming after the third treatment
    8: (20, None),
    9: (33, 4),  # Sofia Rossi: no change, then referred to her doctor
    10: (8, None),  # Ben Carter: plan proposed at his assessment
    11: (27, None),
}
# Days the practice is closed whatever the weekday (month, day): no visit is seeded on them.
CLOSED_DAYS = frozenset({(12, 25), (12, 26), (1, 1)})

CLIENTS = (
    ("Sam", "Taylor"),
    ("Alex", "Morgan"),
    ("Jordan", "Hughes"),
    ("Chloe", "Bennett"),
    ("Ravi", "Patel"),
    ("Emma", "Walsh"),
    ("Daniel", "Kowalski"),
    ("Grace", "Adeyemi"),
    ("Liam", "O'Brien"),
    ("Sofia", "Rossi"),
    ("Ben", "Carter"),
    ("Hannah", "Lindqvist"),
)


@dataclass
class SeedResult:
    created: bool
    logins: list[tuple[str, str]]


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_demo(*, today: dt.date | None = None) -> SeedResult:
    """Create the demo practice unless it exists. Safe to run any number of times."""
    logins = [(email, str(role.label)) for email, _, role, _ in STAFF]
    logins.append((CLIENT_LOGIN, "Client"))
    with transaction.atomic():  # on SQLite this takes the write lock first (IMMEDIATE)
        if Practice.objects.filter(slug=SLUG).exists():
            return SeedResult(created=False, logins=logins)
        practice = Practice.objects.create(
            slug=SLUG,
            name="Riverside Massage & Recovery",
            time_zone="Europe/London",
            tagline="Massage therapy for piriformis, hip and low-back pain in Bristol.",
            address="14 Quay Street\nBristol BS1 4DB",
            phone="+441174960321",
            email="hello@riverside.demo.easeplan.test",
            cancellation_notice_hours=24,
        )
        therapists = _seed_team(practice)
        services = [
            Service.objects.create(
                practice=practice,
                name=n,
                duration_minutes=d,
                buffer_after_minutes=b,
                price=Decimal(p),
                description=text,
            )
            for n, d, b, p, text in SERVICES
        ]
        clients = _seed_clients(practice)
        _seed_messages(practice)
        today = today or timezone.localdate(timezone=practice.zone)
        _seed_appointments(practice, therapists, services, clients, today)
        seed_clinical(clients, therapists, today=today)
        seed_plans(clients, therapists, today=today)
        seed_drop_offs(_seed_drop_off_visits(practice, therapists, services, today), today=today)
    return SeedResult(created=True, logins=logins)


def _seed_team(practice: Practice) -> list[Therapist]:
    therapists = []
    for email, name, role, bio in STAFF:
        user = _user(email, name)
        Membership.objects.create(user=user, practice=practice, role=role)
        if bio is not None:
            therapists.append(
                Therapist.objects.create(practice=practice, user=user, display_name=name, bio=bio)
            )
    for index, intervals in HOURS.items():
        WorkingHours.objects.bulk_create(
            WorkingHours(
                therapist=therapists[index],
                weekday=day,
                starts=dt.time.fromisoformat(a),
                ends=dt.time.fromisoformat(b),
            )
            for day, a, b in intervals
        )
    return therapists


def _seed_clients(practice: Practice) -> list[Client]:
    rng = random.Random(7)
    clients = []
    for first, last in CLIENTS:
        email = f"{first}.{last}".lower().replace("'", "") + "@demo.easeplan.test"
        user = _user(email, f"{first} {last}") if email == CLIENT_LOGIN else None
        clients.append(
            Client.objects.create(
                practice=practice,
                user=user,
                first_name=first,
                last_name=last,
                email=email,
                phone=f"+441174960{rng.randint(100, 999)}",
                date_of_birth=dt.date(
                    rng.randint(1958, 2002), rng.randint(1, 12), rng.randint(1, 28)
                ),
            )
        )
    return clients


def _seed_appointments(
    practice: Practice,
    therapists: list[Therapist],
    services: list[Service],
    clients: list[Client],
    today: dt.date,
) -> None:
    """Each client: an assessment, then weekly treatments, as CALENDAR tells, within six
    weeks of today."""
    rng = random.Random(11)
    zone = practice.zone
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {t.pk: [] for t in therapists}
    hours = {t.pk: list(t.working_hours.all()) for t in therapists}
    now = timezone.now()
    rows = []
    for index, client in enumerate(clients):
        therapist = therapists[index % 2]
        days_ago, count = CALENDAR[index]
        visits = count or rng.randint(4, 6)
        start_day = today - dt.timedelta(days=days_ago)
        for visit in range(visits):
            service = services[0] if visit == 0 else services[1 + (rng.random() < 0.2)]
            day = start_day + dt.timedelta(weeks=visit)
            if abs((day - today).days) > 42:
                continue
            start = _first_free(day, service, hours[therapist.pk], busy[therapist.pk], zone, rng)
            if start is None:
                continue
            end = start + service.duration
            busy[therapist.pk].append((start, end + service.buffer_after))
            if end < now and visit <= 2:  # the assessment and the first two treatments
                status = Appointment.Status.COMPLETED  # took place (drop-offs are DROP_OFFS)
            elif end < now:
                status = rng.choices(
                    [
                        Appointment.Status.COMPLETED,
                        Appointment.Status.NO_SHOW,
                        Appointment.Status.CANCELLED,
                    ],
                    weights=[90, 4, 6],
                )[0]
            else:
                status = Appointment.Status.BOOKED
            rows.append(
                Appointment(
                    practice=practice,
                    therapist=therapist,
                    client=client,
                    service=service,
                    **Appointment.times(service, start),
                    status=status,
                )
            )
    Appointment.objects.bulk_create(rows)
    # Upcoming visits get their reminders, so the demo's worker really sends them.
    upcoming = Appointment.objects.filter(
        practice=practice, status=Appointment.Status.BOOKED, starts_at__gt=now
    ).select_related("practice")
    for appointment in upcoming:
        reminders.schedule(appointment, now=now)


def _seed_drop_off_visits(
    practice: Practice, therapists: list[Therapist], services: list[Service], today: dt.date
) -> list[tuple[Client, Therapist, list[Appointment]]]:
    """Clients who came for an assessment and one treatment, then never again: each gets
    those two visits, a week apart, on the days DROP_OFFS says."""
    rng = random.Random(13)
    found = []
    for index, (first, last, days_ago, _) in enumerate(DROP_OFFS):
        client = Client.objects.create(
            practice=practice,
            first_name=first,
            last_name=last,
            email=f"{first}.{last}".lower() + "@demo.easeplan.test",
            date_of_birth=dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28)),
        )
        therapist = therapists[index % len(therapists)]
        hours = list(therapist.working_hours.all())
        busy = [(a.starts_at, a.blocked_until) for a in therapist.appointments.all()]
        visits = []
        for service, day in ((services[0], days_ago + 7), (services[1], days_ago)):
            start = _first_free(
                today - dt.timedelta(days=day), service, hours, busy, practice.zone, rng
            )
            assert start is not None, "the demo's past weeks have room for two visits"
            busy.append((start, start + service.duration + service.buffer_after))
            visits.append(
                Appointment.objects.create(
                    practice=practice,
                    therapist=therapist,
                    client=client,
                    service=service,
                    **Appointment.times(service, start),
                    status=Appointment.Status.COMPLETED,
                )
            )
        found.append((client, therapist, visits))
    return found


def _first_free(
    day: dt.date,
    service: Service,
    hours: list[WorkingHours],
    busy: list[tuple[dt.datetime, dt.datetime]],
    zone: dt.tzinfo,
    rng: random.Random,
) -> dt.datetime | None:
    """A free start on `day` or one of the next six days, on the hour, within hours, never
    on a day the practice is closed (Christmas, New Year's Day)."""
    for offset in range(7):
        date = day + dt.timedelta(days=offset)
        if (date.month, date.day) in CLOSED_DAYS:
            continue
        intervals = [h for h in hours if h.weekday == date.weekday()]
        rng.shuffle(intervals)
        for interval in intervals:
            start = dt.datetime.combine(date, interval.starts, tzinfo=zone)
            limit = dt.datetime.combine(date, interval.ends, tzinfo=zone)
            while start + service.duration <= limit:
                end = start + service.duration + service.buffer_after
                if all(end <= b0 or start >= b1 for b0, b1 in busy):
                    return start
                start += dt.timedelta(minutes=30)
    return None


def _seed_messages(practice: Practice) -> None:
    now = timezone.now()
    ContactMessage.objects.bulk_create(
        [
            ContactMessage(
                practice=practice,
                name="Olivia Grant",
                email="olivia@example.org",
                topic=ContactMessage.Topic.BOOKING,
                created_at=now - dt.timedelta(hours=3),
                message="I run three times a week and have had a deep ache in my left "
                "buttock for a month. Sitting at work makes it worse. Could I "
                "book a first assessment next week, after 5pm?",
            ),
            ContactMessage(
                practice=practice,
                name="Marcus Lee",
                email="marcus@example.org",
                topic=ContactMessage.Topic.QUESTION,
                created_at=now - dt.timedelta(days=1),
                message="Do you treat hamstring tightness from cycling? I ride about "
                "200 km a week.",
            ),
        ]
    )

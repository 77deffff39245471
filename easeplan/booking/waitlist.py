"""The waitlist: offer a freed time to waiting clients, in the order they joined."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django_tasks import task

from easeplan.practice.models import Client, Practice, Service, Therapist
from easeplan.screening.models import RedFlagHold

from . import availability, emails, services
from .models import WaitlistEntry

SALT = "easeplan.booking.waitlist-offer"
MAX_DAYS = 14


def join(
    practice: Practice,
    client: Client,
    service: Service,
    therapist: Therapist | None,
    days: list[dt.date],
    *,
    now: dt.datetime | None = None,
) -> WaitlistEntry:
    """Put `client` on the waitlist for `service` on `days` (local dates). Asking again for
    the same service and therapist adds the days to the open entry instead of a second one."""
    now = now or timezone.now()
    today = now.astimezone(practice.zone).date()
    wanted = sorted({d for d in days if today <= d <= today + dt.timedelta(days=MAX_DAYS)})
    if not wanted:
        raise services.BookingRefused(
            ngettext(
                "Please choose at least one day in the next %(days)d day.",
                "Please choose at least one day in the next %(days)d days.",
                MAX_DAYS,
            )
            % {"days": MAX_DAYS}
        )
    with transaction.atomic():
        # One join at a time per client, so a double click or two tabs make one entry.
        Client.objects.select_for_update().filter(pk=client.pk).first()
        waiting = WaitlistEntry.objects.filter(
            client=client, service=service, therapist=therapist, closed_at__isnull=True
        ).first()
        if waiting is None:
            return WaitlistEntry.objects.create(
                practice=practice,
                client=client,
                service=service,
                therapist=therapist,
                days=[d.isoformat() for d in wanted],
            )
        still = {day for day in waiting.days if day >= today.isoformat()}
        waiting.days = sorted(still | {d.isoformat() for d in wanted})
        waiting.save(update_fields=["days"])
        return waiting


def offer_token(entry: WaitlistEntry, therapist: Therapist, start: dt.datetime) -> str:
    return signing.Signer(salt=SALT).sign_object(
        {"e": entry.code, "t": therapist.code, "s": start.astimezone(dt.UTC).isoformat()}
    )


def read_offer(token: str) -> tuple[WaitlistEntry, Therapist, dt.datetime] | None:
    """The entry, therapist and time an offer link stands for; None if tampered/stale."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
        start = dt.datetime.fromisoformat(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    entry = (
        WaitlistEntry.objects.select_related("practice", "client", "service")
        .filter(code=data.get("e"))
        .first()
    )
    if entry is None:
        return None
    therapist = entry.practice.therapists.filter(code=data.get("t"), is_active=True).first()
    return (entry, therapist, start) if therapist else None


def waiting_for(
    therapist: Therapist, start: dt.datetime, *, now: dt.datetime
) -> list[WaitlistEntry]:
    """Open entries that want this therapist (or anyone) on that local day, oldest first,
    whose service fits the freed time. Clients held by a red flag are not offered times:
    the practice contacts them (screening.holds)."""
    day = start.astimezone(therapist.practice.zone).date().isoformat()
    held = RedFlagHold.objects.filter(client=OuterRef("client"), cleared_at__isnull=True)
    entries = (
        WaitlistEntry.objects.filter(practice=therapist.practice, closed_at__isnull=True)
        .filter(~Exists(held))
        .filter(models_q_therapist(therapist))
        .select_related("client", "service")
    )
    fitting = []
    for entry in entries:
        if day not in entry.days:
            continue
        free = availability.free_times(
            therapist, entry.service, start, start + dt.timedelta(minutes=1), now=now
        )
        if start in free:
            fitting.append(entry)
    return fitting


def models_q_therapist(therapist: Therapist) -> Any:
    from django.db.models import Q

    return Q(therapist__isnull=True) | Q(therapist=therapist)


@task()
def offer_freed_time(therapist_code: str, start_iso: str) -> None:
    """Email everyone waiting for this time, in the order they joined."""
    therapist = Therapist.objects.select_related("practice").filter(code=therapist_code).first()
    if therapist is None:
        return
    start = dt.datetime.fromisoformat(start_iso)
    for entry in waiting_for(therapist, start, now=timezone.now()):
        url = settings.SITE_URL + reverse(
            "booking:claim", args=[offer_token(entry, therapist, start)]
        )
        emails.waitlist_offer(entry, therapist, start, url)


def offer_on_freed(sender: Any, *, therapist: Therapist, start: dt.datetime, **_: Any) -> None:
    """Receiver of booking.signals.time_freed: offer the time to the waitlist in the
    background."""
    offer_freed_time.enqueue(therapist.code, start.astimezone(dt.UTC).isoformat())


def claim(entry: WaitlistEntry, therapist: Therapist, start: dt.datetime) -> Any:
    """Book the offered time for the waiting client, if it is still free."""
    with transaction.atomic():
        appointment = services.book_appointment(
            entry.client, therapist, entry.service, start, actor=None
        )
        entry.closed_at = timezone.now()
        entry.save(update_fields=["closed_at"])
        transaction.on_commit(
            lambda: services.tasks.send_booking_confirmation.enqueue(appointment.code, "")
        )
    return appointment

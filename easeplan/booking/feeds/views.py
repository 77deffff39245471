"""A therapist's private calendar feed, for the calendar app on their phone.

The address holds a secret token; resetting it revokes the old address. Events carry the
client's initials and the service only: no surnames, no health information.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from easeplan.practice.models import Therapist

from .. import ics
from ..models import Appointment

PAST = dt.timedelta(days=30)
AHEAD = dt.timedelta(days=180)


def therapist_feed(request: HttpRequest, token: str) -> HttpResponse:
    therapist = (
        Therapist.objects.select_related("practice")
        .filter(feed_token=token)
        .exclude(feed_token="")
        .first()
    )
    if therapist is None or len(token) < 20:
        raise Http404("No such calendar.")
    now = timezone.now()
    visits = (
        Appointment.objects.filter(
            therapist=therapist, starts_at__gte=now - PAST, starts_at__lt=now + AHEAD
        )
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("client", "service")
    )
    practice = therapist.practice
    events = [
        ics.Invite(
            uid=f"{a.code}@easeplan",
            sequence=a.sequence,
            starts=a.starts_at,
            ends=a.ends_at,
            summary=f"{a.client.initials} — {a.service.name}",
            description="",
            location=" ".join(practice.address.split()),
            organizer_name=practice.name,
            organizer_email=practice.email,
            attendee_name="",
            attendee_email="",
            stamp=now,
        )
        for a in visits
    ]
    body = ics.feed(events, name=f"{therapist.display_name} — {practice.name}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return response

"""The getting-started checklist on the staff dashboard, for a practice's owners."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext

from easeplan.accounts.models import Membership
from easeplan.practice.models import Practice, Service, WorkingHours

SHOWN_FOR = dt.timedelta(days=14)  # after that, only while something is left to do


@dataclass(frozen=True)
class Item:
    label: str
    done: bool = False
    url: str = ""  # empty: nothing to open yet
    detail: str = ""
    coming: bool = False  # a feature still to come: shown, not a link


def public_address(practice: Practice) -> str:
    """Where the practice's public site is: its own domain; with hosted sign-up, its
    `<slug>.<hosting domain>` (over the scheme and port of SITE_URL); else this
    installation."""
    if practice.domain:
        return f"https://{practice.domain}"
    if settings.EASEPLAN_PRACTICE_SIGNUP:
        site = urlsplit(settings.SITE_URL)
        port = f":{site.port}" if site.port else ""
        scheme = site.scheme or "https"
        return f"{scheme}://{practice.slug}.{settings.EASEPLAN_PRACTICE_DOMAIN}{port}"
    return settings.SITE_URL


def getting_started(practice: Practice, *, now: dt.datetime) -> list[Item] | None:
    """The checklist, or None once it has served (all set, and the practice not new).

    One query, however big the practice.
    """
    found = (
        Practice.objects.filter(pk=practice.pk)
        .annotate(
            has_services=Exists(Service.objects.filter(practice=OuterRef("pk"), is_active=True)),
            has_hours=Exists(
                WorkingHours.objects.filter(
                    therapist__practice=OuterRef("pk"), therapist__is_active=True
                )
            ),
            members=Count("memberships", distinct=True),
        )
        .values("has_services", "has_hours", "members")
        .get()
    )
    has_team = found["members"] > 1
    essentials = found["has_services"] and found["has_hours"] and has_team
    if essentials and now - practice.created_at > SHOWN_FOR:
        return None
    site = public_address(practice)
    booking = site + reverse("booking:book")
    return [
        Item(
            gettext("Services clients can book"),
            found["has_services"],
            reverse("practice:services"),
        ),
        Item(gettext("Working hours"), found["has_hours"], reverse("practice:team")),
        Item(gettext("Invite your team"), has_team, reverse("practice:member_add")),
        Item(gettext("Preview your public page"), url=site + "/"),
        Item(gettext("Share your booking link"), url=booking, detail=booking),
        Item(gettext("Import your clients"), coming=True, detail=gettext("coming soon")),
        Item(gettext("Connect your calendar"), coming=True, detail=gettext("coming soon")),
    ]


def role_sees_checklist(role: str) -> bool:
    return role == Membership.Role.OWNER

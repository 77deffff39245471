"""What the plan pages show of booking a series: "3 of 5 visits booked" and the link to
book the rest."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from easeplan.care.models import PlanOfCare

from . import services as series


def series_for_plan(plan: PlanOfCare) -> dict[str, Any]:
    """The plan page's line on booking: "3 of 5 visits booked" and a button to book the
    rest (one query)."""
    counted = series.visits_counted(plan)
    unbooked = max(plan.visits_planned - counted, 0)
    return {
        "planned": plan.visits_planned,
        "booked": counted,
        "unbooked": unbooked,
        "can_book": plan.status in series.BOOKABLE and unbooked > 0,
        "url": reverse("series:propose", args=[plan.code]),
    }


def books_online(plan: PlanOfCare) -> bool:
    """Whether the client can book the plan's visits online: its service and therapist
    (already loaded with the plan) are active and the service is bookable online."""
    service, therapist = plan.service, plan.therapist
    return bool(
        service is not None
        and service.is_active
        and service.bookable_online
        and therapist is not None
        and therapist.is_active
    )


def series_for_client(plan: PlanOfCare) -> dict[str, Any]:
    """The same for the client's plan page; `url` is empty when the plan's visits can't
    be booked online (the client is asked to contact the practice instead)."""
    found = series_for_plan(plan)
    found["url"] = reverse("series:mine", args=[plan.code]) if books_online(plan) else ""
    found["practice"] = plan.practice
    return found

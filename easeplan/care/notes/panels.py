"""What the plan page shows of SOAP notes: each visit's note, and how many are due."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from easeplan.booking.models import Appointment


def _state(visit: Appointment, now: Any) -> tuple[str, str]:
    """(state, words) of a plan visit's note."""
    note = getattr(visit, "note", None)
    if note is not None and note.signed:
        return "signed", gettext("Signed")
    if note is not None:
        return "draft", gettext("Draft")
    if visit.status == Appointment.Status.NO_SHOW:
        return "none", gettext("Did not attend")
    if visit.starts_at > now:
        return "upcoming", gettext("Upcoming")
    return "missing", gettext("No note yet")


def notes_for_plan(plan: Any) -> dict[str, Any]:
    """What the plan page shows of this area (one query): each visit's note, and counts."""
    now = timezone.now()
    visits = list(
        Appointment.objects.filter(plan=plan)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("note")
        .order_by("starts_at", "pk")
    )
    rows = []
    for number, visit in enumerate(visits, start=1):
        state, words = _state(visit, now)
        due = state in ("draft", "missing") and visit.starts_at <= now
        rows.append({"number": number, "visit": visit, "state": state, "words": words, "due": due})
    signed = sum(1 for row in rows if row["state"] == "signed")
    drafts = sum(1 for row in rows if row["state"] == "draft")
    return {
        "rows": rows,
        "signed": signed,
        "due": sum(1 for row in rows if row["due"]),
        "print_url": reverse("notes:plan_print", args=[plan.code]),
        "has_notes": signed + drafts > 0,
    }

"""Everything easeplan holds about a signed-in person, as JSON or a zip of CSV files.

The structure is documented in easeplan.privacy.tables (`KINDS`): the account, then one
record per practice the person is a client of. Signed session notes only (a draft is
not yet part of the record); no other client's data; no tokens or database ids. The
whole export runs a fixed number of queries however many records and rows there are.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone

from easeplan.accounts.models import User
from easeplan.booking.models import Appointment, WaitlistEntry
from easeplan.care.models import Consent, Intake, NoteAmendment, Nudge, PlanOfCare, SessionNote
from easeplan.outcomes.models import CheckIn
from easeplan.portal.models import Message
from easeplan.practice.models import Client
from easeplan.screening.models import Assessment, RedFlagHold, SelfCheck

from . import tables
from .models import DeletionRequest

Row = dict[str, Any]


def iso(value: Any) -> Any:
    """JSON-ready: times in UTC ISO 8601, dates ISO, decimals as numbers."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _code(obj: Any) -> str | None:
    return obj.code if obj is not None else None


def _name(user: Any) -> str:
    return user.full_name if user is not None else ""


def _pick(obj: Model, fields: Iterable[str]) -> Row:
    return {f: iso(getattr(obj, f)) for f in fields}


def _grouped(
    rows: QuerySet[Any], shape: Callable[[Any], Row], key: str = "client_id"
) -> dict[int, list[Row]]:
    found: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        found[getattr(row, key)].append(shape(row))
    return found


def _appointment(a: Appointment) -> Row:
    consent = getattr(a, "gluteal_consent", None)
    return {
        **_pick(a, ("code", "starts_at", "ends_at", "status", "late_change", "cancelled_at")),
        "service": a.service.name,
        "therapist": a.therapist.display_name,
        "plan": _code(a.plan),
        "gluteal_consent": consent.answer if consent is not None else None,
        "created_at": iso(a.created_at),
    }


def _hold(h: RedFlagHold) -> Row:
    return {
        **_pick(h, ("code", "source", "flags", "raised_at", "cleared_at", "clearing_note")),
        "visit": _code(h.appointment),
    }


def _waitlist(w: WaitlistEntry) -> Row:
    therapist = w.therapist.display_name if w.therapist else None
    return {
        **_pick(w, ("code", "days", "created_at", "closed_at")),
        "service": w.service.name,
        "therapist": therapist,
    }


def _assessment(a: Assessment) -> Row:
    referrals = [_pick(r, tables.REFERRAL.fields) for r in a.referrals.all()]
    return {
        **_pick(a, ("code", "assessed_on", "version", "results", "features", "notes")),
        "therapist": a.therapist.display_name if a.therapist else None,
        "visit": _code(a.appointment),
        "created_at": iso(a.created_at),
        "referrals": referrals,
    }


_PLAN_NAMED = {"therapist", "service", "assessment"}


def _plan(p: PlanOfCare) -> Row:
    exercises = [
        {
            **_pick(rx, tables.EXERCISE.fields),
            "log": [_pick(log, tables.EXERCISE_LOG.fields) for log in rx.logs.all()],
        }
        for rx in p.prescriptions.all()
    ]
    return {
        **_pick(p, [f for f in tables.BY_KEY["plans"].fields if f not in _PLAN_NAMED]),
        "therapist": p.therapist.display_name if p.therapist else None,
        "service": p.service.name if p.service else None,
        "assessment": _code(p.assessment),
        "status_changes": [_pick(c, tables.STATUS_CHANGE.fields) for c in p.status_changes.all()],
        "exercises": exercises,
    }


_NOTE_NAMED = {"visit", "plan_of_care", "author", "signed_by"}


def _note(n: SessionNote) -> Row:
    amendments = [
        {"author": _name(a.author), "text": a.text, "created_at": iso(a.created_at)}
        for a in n.amendments.all()
    ]
    return {
        **_pick(n, [f for f in tables.BY_KEY["notes"].fields if f not in _NOTE_NAMED]),
        "visit": n.appointment.code,
        "plan_of_care": _code(n.plan_of_care),
        "author": _name(n.author),
        "signed_by": _name(n.signed_by),
        "amendments": amendments,
    }


def _nudge(n: Nudge) -> Row:
    return {
        **_pick(n, ("code", "reason", "proposed_start", "sent_at")),
        "plan": n.plan.code,
        "visit": _code(n.appointment),
    }


def _checkin(c: CheckIn) -> Row:
    fields = ("code", "kind", "sent_at", "expires_at", "completed_at", "created_at")
    return {
        **_pick(c, fields),
        "plan": _code(c.plan),
        "visit": _code(c.appointment),
        "responses": [_pick(r, tables.RESPONSE.fields) for r in c.responses.all()],
    }


def _message(m: Message) -> Row:
    return {
        **_pick(m, ("code", "subject", "body", "sent_at", "read_at")),
        "sender": _name(m.sender),
    }


def _intake(i: Intake) -> Row:
    return _pick(i, ("version", "answers", "submitted_at", "draft", "draft_saved_at"))


def _kinds(ids: list[int]) -> dict[str, dict[int, list[Row]]]:
    """Every row of every kind for the client records `ids`, grouped by client record."""
    within = {"client_id__in": ids}
    amendments = NoteAmendment.objects.select_related("author")
    return {
        "appointments": _grouped(
            Appointment.objects.filter(**within)
            .select_related("service", "therapist", "plan", "gluteal_consent")
            .order_by("starts_at", "pk"),
            _appointment,
        ),
        "waitlist": _grouped(
            WaitlistEntry.objects.filter(**within).select_related("service", "therapist"),
            _waitlist,
        ),
        "intake": _grouped(Intake.objects.filter(**within), _intake),
        "consents": _grouped(
            Consent.objects.filter(**within).order_by("signed_at", "pk"),
            lambda c: _pick(c, tables.BY_KEY["consents"].fields),
        ),
        "self_checks": _grouped(
            SelfCheck.objects.filter(**within).order_by("created_at", "pk"),
            lambda s: _pick(s, tables.BY_KEY["self_checks"].fields),
        ),
        "red_flag_holds": _grouped(
            RedFlagHold.objects.filter(**within)
            .select_related("appointment")
            .order_by("raised_at", "pk"),
            _hold,
        ),
        "assessments": _grouped(
            Assessment.objects.filter(**within)
            .select_related("therapist", "appointment")
            .prefetch_related("referrals")
            .order_by("assessed_on", "created_at"),
            _assessment,
        ),
        "plans": _grouped(
            PlanOfCare.objects.filter(**within)
            .select_related("therapist", "service", "assessment")
            .prefetch_related("status_changes", "prescriptions__logs")
            .order_by("created_at", "pk"),
            _plan,
        ),
        "notes": _grouped(
            SessionNote.objects.filter(**within, signed_at__isnull=False)
            .select_related("appointment", "plan_of_care", "author", "signed_by")
            .prefetch_related(Prefetch("amendments", queryset=amendments))
            .order_by("appointment__starts_at", "pk"),
            _note,
        ),
        "nudges": _grouped(
            Nudge.objects.filter(**within).select_related("plan", "appointment"), _nudge
        ),
        "checkins": _grouped(
            CheckIn.objects.filter(**within)
            .select_related("plan", "appointment")
            .prefetch_related("responses")
            .order_by("created_at", "pk"),
            _checkin,
        ),
        "messages": _grouped(
            Message.objects.filter(**within).select_related("sender").order_by("sent_at", "pk"),
            _message,
        ),
        "deletion_requests": _grouped(
            DeletionRequest.objects.filter(**within).order_by("requested_at", "pk"),
            lambda r: _pick(r, tables.BY_KEY["deletion_requests"].fields),
        ),
    }


def _record(client: Client, kinds: dict[str, dict[int, list[Row]]]) -> Row:
    practice = client.practice
    record: Row = {
        "practice": _pick(practice, tables.PRACTICE.fields),
        "client": _pick(client, tables.CLIENT.fields),
    }
    for key, by_client in kinds.items():
        record[key] = by_client.get(client.pk, [])
    intake = record["intake"]
    record["intake"] = intake[0] if intake else None
    return record


def export_for(user: User, *, now: dt.datetime | None = None) -> Row:
    """Everything held about `user`: the account and each of their client records."""
    now = now or timezone.now()
    clients = list(
        Client.objects.filter(user=user).select_related("practice").order_by("practice__name")
    )
    kinds = _kinds([c.pk for c in clients])
    return {
        "format": "easeplan-export",
        "version": tables.FORMAT_VERSION,
        "exported_at": iso(now),
        "about": "Described in README.txt of the CSV download: the same data, file by file.",
        "account": {
            "email": user.email,
            "name": user.full_name,
            "joined": iso(user.date_joined),
        },
        "records": [_record(c, kinds) for c in clients],
    }


def as_json(export: Row) -> bytes:
    """The export as indented UTF-8 JSON."""
    return json.dumps(export, indent=2, ensure_ascii=False).encode()


def as_zip(export: Row) -> bytes:
    """The export as a zip of CSV files with a README.txt."""
    return tables.zip_bytes(export)

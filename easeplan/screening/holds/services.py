"""Red-flag holds: after any red flag, no online booking until a clinician clears it.

DESIGN invariant 11 and CLINICAL.md §2: a red flag from the self-check, the intake or the
check-in before a visit sends the person to a doctor, never to booking. One source of
truth says whether a client is held (their open `RedFlagHold` rows), one service raises a
hold and one clears it (a clinician, with a dated note, audited), and every online
booking door asks `stop_for` before it offers or books a time. Cancelling stays possible.

A visitor's self-check lives in their browser session: a red flag there stops booking in
that session before any client exists, and becomes a hold on the client as soon as the
booking door knows who they are (`carry_session_flags`). Once carried, the client's hold
decides, so the session is free again when a clinician clears it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.accounts.models import User
from easeplan.lib.refusals import Refused
from easeplan.practice.models import Client

from ..models import RedFlagHold
from ..rules import self_check as rules

SESSION_KEY = "red_flag_hold"
Source = RedFlagHold.Source


class HoldRefused(Refused):
    """A hold can't be cleared as asked; `message` says why and what to do."""


@dataclass(frozen=True)
class Stop:
    """Why online booking is stopped: the red flags raised, most serious first."""

    flags: tuple[rules.RedFlag, ...]

    @property
    def emergency(self) -> bool:
        return any(flag.level is rules.Level.EMERGENCY for flag in self.flags)

    @property
    def outcome(self) -> str:
        """The self-check result's wording to show: "emergency" or "urgent"."""
        return "emergency" if self.emergency else "urgent"

    @property
    def same_day(self) -> bool:
        """A flag asks for a medical assessment today (the calf: NICE NG158)."""
        return any(flag.todo == rules.SAME_DAY for flag in self.reasons)

    @property
    def reasons(self) -> tuple[rules.RedFlag, ...]:
        """The flags the advice names: the emergencies when there are any (as the
        self-check's result page does), else every flag."""
        if self.emergency:
            return tuple(f for f in self.flags if f.level is rules.Level.EMERGENCY)
        return self.flags


def flags_of(codes: Iterable[str]) -> tuple[rules.RedFlag, ...]:
    """The known red flags among `codes`, in the questionnaire's order (emergencies first)."""
    wanted = set(codes)
    return tuple(flag for flag in rules.RED_FLAGS if flag.code in wanted)


# -- the visitor's session ---------------------------------------------------------------------


def remember_in_session(session: MutableMapping[str, Any], codes: Iterable[str]) -> None:
    """Keep the self-check's red flags in the session: they stay even if the answers are
    changed afterwards, so "change my answers" can't unlock booking."""
    codes = sorted(set(codes))
    if not codes:
        return
    kept = session.get(SESSION_KEY)
    kept = kept if isinstance(kept, dict) else {}
    known = set(kept.get("flags", []))
    if known >= set(codes) and not kept.get("hold"):
        return
    session[SESSION_KEY] = {"flags": sorted(known | set(codes)), "hold": ""}


def _session_flags(session: Any) -> list[str]:
    """The session's red flags not yet carried to a client's hold."""
    kept = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(kept, dict) or kept.get("hold"):
        return []
    return [str(code) for code in kept.get("flags", [])]


def carry_session_flags(session: Any, client: Client, *, actor: User | None) -> RedFlagHold | None:
    """Store the session's self-check red flags on `client` (now known) as a hold."""
    codes = _session_flags(session)
    if not codes:
        return None
    hold = raise_hold(client, Source.SELF_CHECK, codes, actor=actor)
    session[SESSION_KEY] = {"flags": codes, "hold": hold.code if hold else ""}
    return hold


# -- the one check -----------------------------------------------------------------------------


def open_holds(client: Client) -> QuerySet[RedFlagHold]:
    return RedFlagHold.objects.filter(client=client, cleared_at__isnull=True)


def stop_for(*, client: Client | None = None, session: Any = None) -> Stop | None:
    """Why online booking, moving and series booking are stopped for this person, or
    None when they may book. Every online booking door asks this (one query with a
    client, none without)."""
    codes = _session_flags(session)
    held = False
    if client is not None:
        for flags in open_holds(client).values_list("flags", flat=True):
            held = True
            codes += [str(code) for code in flags or []]
    if not codes and not held:
        return None
    return Stop(flags_of(codes))


# -- raising and clearing ----------------------------------------------------------------------


def raise_hold(
    client: Client,
    source: str,
    codes: Sequence[str],
    *,
    actor: User | None,
    appointment: Any = None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> RedFlagHold | None:
    """Hold `client` for the red flags `codes` from `source`; None when there are none.

    The same flags from the same source (and visit) while still held raise nothing new.
    The audit event names the source, never the answers.
    """
    flags = sorted({str(code) for code in codes})
    if not flags:
        return None
    with transaction.atomic():
        same = open_holds(client).filter(source=source, appointment=appointment)
        for hold in same:
            if sorted(hold.flags) == flags:
                return hold
        hold = RedFlagHold.objects.create(
            practice_id=client.practice_id,
            client=client,
            source=source,
            flags=flags,
            appointment=appointment,
            raised_at=now or timezone.now(),
        )
        data = {"client": client.code, "source": source}
        if appointment is not None:
            data["visit"] = appointment.code
        log_action(actor, "screening.red_flag_hold.raised", hold, data, audit=audit)
    return hold


def clear_holds(
    client: Client,
    note: str,
    *,
    actor: User | None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> list[RedFlagHold]:
    """A clinician clears every open hold of `client` with a note; online booking opens
    again. Raises HoldRefused (nothing saved) without a note or without an open hold.
    Who may clear is the view's decision (clinicians of the practice)."""
    note = note.strip()
    if not note:
        raise HoldRefused(
            gettext(
                "Please write a note: who checked the red flag and why booking "
                "online is safe again."
            )
        )
    now = now or timezone.now()
    with transaction.atomic():
        holds = list(open_holds(client).select_for_update())
        if not holds:
            raise HoldRefused(gettext("Nothing to clear: online booking is open for this client."))
        for hold in holds:
            hold.cleared_at, hold.cleared_by, hold.clearing_note = now, actor, note
            hold.save(update_fields=["cleared_at", "cleared_by", "clearing_note"])
            data = {"client": client.code, "source": hold.source}
            log_action(actor, "screening.red_flag_hold.cleared", hold, data, audit=audit)
    return holds


def held_clients(practice: Any) -> list[Client]:
    """The practice's clients held by a red flag, longest held first, each with
    `held_since` (when their oldest open hold was raised). One query."""
    return list(
        practice.clients.annotate(
            held_since=Min(
                "red_flag_holds__raised_at", filter=Q(red_flag_holds__cleared_at__isnull=True)
            )
        )
        .filter(held_since__isnull=False)
        .order_by("held_since", "pk")
    )


def history(client: Client, *, limit: int = 20) -> list[RedFlagHold]:
    """The client's holds, newest first, for the client page (one query)."""
    found = client.red_flag_holds.select_related("cleared_by", "appointment")
    return list(found[:limit])

"""SOAP notes: start, autosave, sign and amend; each one transaction with its audit event.

A signed note is never changed (DESIGN invariant 4). The model does not refuse it by
itself, so every write here is an UPDATE guarded by ``signed_at IS NULL``: even a save
racing a signature can't touch a signed row. Corrections after signing are amendments
by the note's author, dated and never edited. The audit trail records which fields
changed, never what they say.

Gluteal work needs the client's consent renewed for each session where the area is
treated (CMTO sensitive-areas standard, ../shared/CLINICAL.md §6): a note marking a
gluteal region is signed only when the visit records the client's confirmation, and the
note keeps that answer as it stood when it was signed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from easeplan.accounts.audit import AuditContext, log_action, signed_in
from easeplan.accounts.models import User
from easeplan.booking.models import Appointment
from easeplan.lib.integrity import violates
from easeplan.lib.locks import refresh_for_update
from easeplan.lib.refusals import Refused
from easeplan.practice.models import Practice, Therapist
from easeplan.screening.rules import contraindications as ci

from ..models import NoteAmendment, SessionNote, VisitConsent
from ..summary.services import BLOCKED_LABELS, flags_for
from . import labels
from . import rules as soap

CLOSED_VISITS = (Appointment.Status.CANCELLED, Appointment.Status.NO_SHOW)
# A code the note's form did not offer, by what it was meant to be (soap.UnknownCode.kind).
UNKNOWN_CODES = {
    "body region": gettext_noop(
        "“%(code)s” is not a body region we know. Reload the page and choose again."
    ),
    "technique": gettext_noop(
        "“%(code)s” is not a technique we know. Reload the page and choose again."
    ),
    "pressure": gettext_noop(
        "“%(code)s” is not a pressure we know. Reload the page and choose again."
    ),
}


class NoteRefused(Refused):
    """The note can't be changed like that; `message` says why and what to do instead."""


@dataclass(frozen=True)
class NoteDraft:
    """What a therapist writes in a note. The one list of those fields: each is the note's
    field of the same name and the note form's field of the same name."""

    pain_today: int | None = None
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    regions: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    pressure: str = ""
    client_response: str = ""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def values(self) -> dict[str, Any]:
        """The model's field values, codes checked; NoteRefused names an unknown code."""
        if self.pain_today is not None and not 0 <= self.pain_today <= 10:
            raise NoteRefused(gettext("Pain today is a whole number from 0 (no pain) to 10."))
        try:
            codes = {
                "regions": soap.check_regions(self.regions),
                "techniques": soap.check_techniques(self.techniques),
                "pressure": soap.check_pressure(self.pressure),
            }
        except soap.UnknownCode as unknown:
            message = UNKNOWN_CODES.get(unknown.kind, UNKNOWN_CODES["technique"])
            raise NoteRefused(gettext(message) % {"code": unknown.code}) from unknown
        return {name: getattr(self, name) for name in self.names()} | codes


def _person(actor: User | None) -> User | None:
    return signed_in(actor)


def _name(user: Any) -> str:
    return str(user) if user is not None else gettext("a former team member")


def _local(moment: dt.datetime, practice: Practice) -> str:
    """'3 Dec 2026, 14:05' in the practice's time zone, as the page's language writes it."""
    return date_format(timezone.localtime(moment, practice.zone), "j M Y, H:i")


def _check_visit(visit: Appointment) -> None:
    if visit.status == Appointment.Status.CANCELLED:
        raise NoteRefused(
            gettext("This visit was cancelled, so there is no session to write a note for.")
        )
    if visit.status in CLOSED_VISITS:
        raise NoteRefused(
            gettext("This visit was missed, so there is no session to write a note for.")
        )


# What only the note's author may do, in the refusal's words.
_ONLY_AUTHOR = {
    "change": gettext_noop(
        "Only %(name)s, who started this note, can change it. You can read it and print it."
    ),
    "sign": gettext_noop(
        "Only %(name)s, who started this note, can sign it. You can read it and print it."
    ),
}


def _check_author(note: SessionNote, actor: User | None, doing: str) -> None:
    if note.author_id is None or note.author_id != getattr(actor, "pk", None):
        raise NoteRefused(gettext(_ONLY_AUTHOR[doing]) % {"name": _name(note.author)})


def _signed_message(note: SessionNote) -> str:
    signed = _local(note.signed_at or timezone.now(), note.practice)
    return gettext(
        "This note was signed on %(when)s and can't be changed. Add an amendment to correct it."
    ) % {"when": signed}


def check_changeable(note: SessionNote, actor: User | None) -> None:
    """NoteRefused when `actor` may not change the note: it is signed, or someone else's.
    The services check again under a lock; this lets a page say so before parsing input."""
    if note.signed:
        raise NoteRefused(_signed_message(note))
    _check_author(note, actor, "change")


def start_note(
    appointment: Appointment,
    *,
    actor: User | None,
    initial: NoteDraft | None = None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> SessionNote:
    """The visit's note: the one it has, or a new draft by `actor` (one note per visit).
    The note belongs to the visit's plan of care, if it has one."""
    now = now or timezone.now()
    values = (initial or NoteDraft()).values()
    try:
        with transaction.atomic():
            visit = refresh_for_update(appointment)
            existing = SessionNote.objects.filter(appointment=visit).first()
            if existing is not None:
                return existing
            _check_visit(visit)
            note = SessionNote.objects.create(
                practice_id=visit.practice_id,
                appointment=visit,
                client_id=visit.client_id,
                plan_of_care_id=visit.plan_id,
                author=_person(actor),
                created_at=now,
                updated_at=now,
                **values,
            )
            data = {"appointment": visit.code}
            log_action(actor, "care.note.started", note, data, audit=audit)
            return note
    except IntegrityError as clash:
        if not violates(clash, SessionNote, "appointment"):
            raise
        # started at the same moment by another request
        return SessionNote.objects.get(appointment_id=appointment.pk)


def _write(note: SessionNote, values: dict[str, Any], now: dt.datetime) -> list[str]:
    """Write the changed values to a draft; the fields changed. Refused once signed."""
    changed = [name for name, value in values.items() if getattr(note, name) != value]
    if not changed:
        return []
    written = SessionNote.objects.filter(pk=note.pk, signed_at__isnull=True).update(
        updated_at=now, **{name: values[name] for name in changed}
    )
    if not written:
        note.refresh_from_db()
        raise NoteRefused(_signed_message(note))
    for name in changed:
        setattr(note, name, values[name])
    note.updated_at = now
    return changed


def _draft_to_change(
    appointment: Appointment, actor: User | None, now: dt.datetime, audit: AuditContext | None
) -> SessionNote:
    """The visit's note, locked, started by `actor` if there is none; refused when signed
    or started by someone else."""
    start_note(appointment, actor=actor, now=now, audit=audit)
    note = (
        SessionNote.objects.select_for_update(of=("self",))
        .select_related("practice", "author")
        .get(appointment_id=appointment.pk)
    )
    if note.signed:
        raise NoteRefused(_signed_message(note))
    return note


def save_draft(
    appointment: Appointment,
    draft: NoteDraft,
    *,
    actor: User | None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> SessionNote:
    """Save what is written so far (the autosave). Starts the note if the visit has none;
    only its author may change it, and never once it is signed."""
    now = now or timezone.now()
    values = draft.values()
    with transaction.atomic():
        note = _draft_to_change(appointment, actor, now, audit)
        _check_author(note, actor, "change")
        changed = _write(note, values, now)
        if changed:
            data = {"appointment": appointment.code, "fields": changed}
            log_action(actor, "care.note.saved", note, data, audit=audit)
    return note


def session_consent(appointment: Appointment) -> str:
    """The visit's gluteal answer: "confirmed", "declined", or "" when nothing is recorded."""
    found = VisitConsent.objects.filter(appointment_id=appointment.pk).values_list("answer")
    return next((answer for (answer,) in found), "")


def _check_signable(note: SessionNote, visit: Appointment, consent: str, now: dt.datetime) -> None:
    _check_visit(visit)
    if visit.starts_at > now:
        raise NoteRefused(
            gettext(
                "The visit starts at %(when)s: sign the note once the session has taken "
                "place. The draft is kept."
            )
            % {"when": _local(visit.starts_at, visit.practice)}
        )
    if not any(
        soap.has_content(s, getattr(note, s), labels.prompt_lines(s)) for s in soap.SECTIONS
    ):
        raise NoteRefused(
            gettext(
                "Write something in Subjective, Objective, Assessment or Plan before signing: "
                "the template's prompts alone are not a note."
            )
        )
    gluteal = soap.gluteal_regions(note.regions)
    if gluteal and consent != VisitConsent.Answer.CONFIRMED:
        if consent == VisitConsent.Answer.DECLINED:
            message = gettext(
                "Gluteal regions are marked (%(regions)s), but the client's gluteal consent "
                "for this session is not confirmed (declined it). Record the client's "
                "confirmation on the visit page, or untick those regions if they were not "
                "treated."
            )
        else:
            message = gettext(
                "Gluteal regions are marked (%(regions)s), but the client's gluteal consent "
                "for this session is not confirmed (nothing is recorded). Record the "
                "client's confirmation on the visit page, or untick those regions if they "
                "were not treated."
            )
        raise NoteRefused(message % {"regions": "; ".join(labels.region_labels(gluteal))})


def sign_note(
    appointment: Appointment,
    *,
    actor: User | None,
    draft: NoteDraft | None = None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> SessionNote:
    """Sign and lock the visit's note, after saving `draft` into it when given; all or
    nothing. Only the note's author signs, after the session started, with something
    written, and with the session's gluteal consent confirmed when gluteal regions are
    marked. The note keeps that consent answer as it stood at signing."""
    now = now or timezone.now()
    values = draft.values() if draft is not None else None
    with transaction.atomic():
        if (
            values is None
            and not SessionNote.objects.filter(appointment_id=appointment.pk).exists()
        ):
            raise NoteRefused(gettext("There is no note to sign yet. Write it first."))
        note = _draft_to_change(appointment, actor, now, audit)
        _check_author(note, actor, "sign")
        changed = _write(note, values, now) if values is not None else []
        visit = Appointment.objects.select_related("practice").get(pk=appointment.pk)
        consent = session_consent(visit)
        _check_signable(note, visit, consent, now)
        SessionNote.objects.filter(pk=note.pk, signed_at__isnull=True).update(
            signed_at=now, signed_by=_person(actor), gluteal_consent=consent, updated_at=now
        )
        # A signed note records a session that took place: the visit is completed, so it
        # can no longer be moved, cancelled or marked as missed under the note.
        Appointment.objects.filter(pk=visit.pk, status=Appointment.Status.BOOKED).update(
            status=Appointment.Status.COMPLETED
        )
        data = {
            "appointment": visit.code,
            "gluteal_consent": consent or "not recorded",
            "fields": changed,
        }
        log_action(actor, "care.note.signed", note, data, audit=audit)
    note.refresh_from_db()
    return note


def amend(
    note: SessionNote,
    text: str,
    *,
    actor: User | None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> NoteAmendment:
    """Add a dated correction to a signed note. Only the note's author amends it."""
    now = now or timezone.now()
    text = text.strip()
    if not text:
        raise NoteRefused(gettext("Write the correction before adding it."))
    with transaction.atomic():
        locked = (
            SessionNote.objects.select_for_update(of=("self",))
            .select_related("author", "appointment")
            .get(pk=note.pk)
        )
        if not locked.signed:
            raise NoteRefused(
                gettext(
                    "This note is not signed yet: change the draft itself. Amendments are for "
                    "signed notes."
                )
            )
        if locked.author_id is None or locked.author_id != getattr(actor, "pk", None):
            raise NoteRefused(
                gettext("Only %(name)s, who wrote this note, can amend it.")
                % {"name": _name(locked.author)}
            )
        amendment = NoteAmendment.objects.create(
            note=locked, author=_person(actor), text=text, created_at=now
        )
        data = {"appointment": locked.appointment.code, "amendment": amendment.pk}
        log_action(actor, "care.note.amended", locked, data, audit=audit)
    return amendment


# -- what a note must respect -------------------------------------------------------------


@dataclass
class Cautions:
    """What the client's contraindications mean for this note (Batavia 2004)."""

    blocked: frozenset[str]
    avoided_areas: frozenset[str]
    postpone_reasons: list[str]

    @property
    def blocked_labels(self) -> list[str]:
        return sorted(str(BLOCKED_LABELS.get(code, code)) for code in self.blocked)

    def conflicts(
        self, regions: list[str], techniques: list[str], pressure: str
    ) -> list[soap.Conflict]:
        return soap.conflicts(
            regions=regions,
            techniques=techniques,
            pressure=pressure,
            blocked=self.blocked,
            avoided_areas=self.avoided_areas,
        )

    @staticmethod
    def why(conflict: soap.Conflict) -> str:
        """Why a choice clashes, in words for the therapist."""
        if conflict.kind == "region":
            return gettext("the client's answers say to leave the %(area)s alone") % {
                "area": conflict.because
            }
        because = BLOCKED_LABELS.get(conflict.because, conflict.because)
        return gettext("the client's answers rule out %(what)s") % {"what": because}


def cautions_for(visit: Appointment) -> Cautions:
    """What the client's intake findings rule out for this visit's note."""
    flags = flags_for([visit.client], today=timezone.localdate())[visit.client.pk]
    return Cautions(
        blocked=ci.blocked_techniques(flags.findings),
        avoided_areas=ci.avoided_areas(flags.findings),
        postpone_reasons=flags.postpone_reasons,
    )


def template_for_visit(visit: Appointment, cautions: Cautions) -> soap.Template:
    """The piriformis template for piriformis plans and visits outside a plan."""
    plan = visit.plan
    condition = plan.condition if plan is not None else soap.PIRIFORMIS
    results = plan.assessment.results if plan is not None and plan.assessment else {}
    return soap.template_for(
        condition,
        glute_work_every_session=bool(plan and plan.glute_work_every_session),
        sides=soap.affected_sides(results),
        blocked=cautions.blocked,
    )


# -- notes due ------------------------------------------------------------------------------


def due_visits(
    practice: Practice, *, now: dt.datetime, therapist: Therapist | None = None, user: Any = None
) -> QuerySet[Appointment]:
    """Visits that took place (started before `now`, not cancelled or missed) without a
    signed note, oldest first; of one `therapist`, or of the therapist profile of `user`."""
    visits = (
        Appointment.objects.filter(practice=practice, starts_at__lt=now)
        .exclude(status__in=CLOSED_VISITS)
        .filter(Q(note__isnull=True) | Q(note__signed_at__isnull=True))
    )
    if therapist is not None:
        visits = visits.filter(therapist=therapist)
    if user is not None:
        visits = visits.filter(therapist__user=user)
    return visits.order_by("starts_at", "pk")


def due_count(practice: Practice, *, role: str, user: Any, now: dt.datetime) -> int:
    """How many notes are due (one query): a therapist's own, or the practice's for owners."""
    mine = user if role == "therapist" else None
    return due_visits(practice, now=now, user=mine).count()

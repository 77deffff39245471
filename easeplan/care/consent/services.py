"""Signing, revoking and confirming consents: each one transaction with its audit event.

Signing again supersedes: the client's earlier active consent of the same kind gets
`revoked_at` set to the new signature's time (and `revoked_by` to the signer), in the same
transaction, and the audit trail says ``care.consent.superseded``. So at most one consent
per kind is active, and a consent whose `revoked_at` equals a later consent's `signed_at`
was replaced rather than withdrawn. A client's withdrawal is ``care.consent.revoked``.

Declining or withdrawing gluteal consent never blocks booking or care: nothing in booking
reads consents (../shared/CLINICAL.md §6).
"""

from __future__ import annotations

import datetime as dt
import ipaddress

from django.db import transaction
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext

from easeplan.accounts.audit import AuditContext, log_action, signed_in
from easeplan.accounts.models import User
from easeplan.booking.models import Appointment
from easeplan.lib.locks import refresh_for_update
from easeplan.lib.refusals import Refused
from easeplan.practice.models import Client

from ..models import Consent, VisitConsent
from . import rules as consents


class ConsentRefused(Refused):
    """The consent can't be recorded; `message` says why and what to do, `field` where."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _person(actor: User | None) -> User | None:
    return signed_in(actor)


def _address(ip: str | None) -> str | None:
    """A storable IP address, or None ("unknown" and junk are not addresses)."""
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return None


def wrong_name_message(client: Client) -> str:
    return gettext("To sign, type your full name as we have it: %(name)s.") % {
        "name": client.full_name
    }


def check_signature(
    client: Client,
    kind: str,
    *,
    typed_name: str,
    choice: str,
    language: str | None = consents.ENGLISH,
) -> str:
    """The choice to store for `kind`, or ConsentRefused saying what to fix."""
    if kind not in consents.KINDS:
        raise ConsentRefused(gettext("That is not a consent we ask for."))
    if not consents.names_match(typed_name, client.full_name):
        raise ConsentRefused(wrong_name_message(client), "typed_name")
    text = consents.current_text(kind, language)
    if not text.options:
        return ""
    if text.option(choice) is None:
        labels = "; ".join(o.label for o in text.options)
        raise ConsentRefused(
            gettext("Choose one of the options: %(options)s.") % {"options": labels}, "choice"
        )
    return choice


def sign(
    client: Client,
    kind: str,
    *,
    typed_name: str,
    choice: str = "",
    actor: User | None,
    ip: str | None,
    language: str | None = consents.ENGLISH,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> Consent:
    """Record `client` signing today's text of `kind` in the `language` they read it in
    (the French text and version for French, English otherwise); supersedes their earlier
    one, whatever language that was signed in."""
    now = now or timezone.now()
    choice = check_signature(client, kind, typed_name=typed_name, choice=choice, language=language)
    text = consents.current_text(kind, language)
    with transaction.atomic():
        # One signer at a time per client (SQLite: the IMMEDIATE transaction already is).
        Client.objects.select_for_update().filter(pk=client.pk).first()
        earlier = list(client.consents.filter(kind=kind, revoked_at__isnull=True))
        for old in earlier:
            old.revoked_at, old.revoked_by = now, _person(actor)
            old.save(update_fields=["revoked_at", "revoked_by"])
        consent = Consent.objects.create(
            practice_id=client.practice_id,
            client=client,
            kind=kind,
            version=text.version,
            text=text.as_text(),
            choice=choice,
            typed_name=" ".join(typed_name.split()),
            signed_at=now,
            ip=_address(ip),
            signed_by=_person(actor),
        )
        for old in earlier:
            data = {"kind": kind, "version": old.version, "by": consent.code}
            log_action(actor, "care.consent.superseded", old, data, audit=audit)
        data = {"kind": kind, "version": text.version, "choice": choice}
        log_action(actor, "care.consent.signed", consent, data, audit=audit)
    return consent


def revoke(
    consent: Consent,
    *,
    actor: User | None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> Consent:
    """Withdraw `consent` at once; withdrawing one already withdrawn changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = refresh_for_update(consent)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at, locked.revoked_by = now, _person(actor)
        locked.save(update_fields=["revoked_at", "revoked_by"])
        data = {"kind": locked.kind, "version": locked.version}
        log_action(actor, "care.consent.revoked", locked, data, audit=audit)
    return locked


def _latest_per_kind(found: QuerySet[Consent]) -> dict[str, Consent | None]:
    """The newest consent of each kind in `found`, in one query (a window function)."""
    rank = Window(
        RowNumber(), partition_by=[F("kind")], order_by=[F("signed_at").desc(), F("pk").desc()]
    )
    newest = {c.kind: c for c in found.annotate(rank=rank).filter(rank=1)}
    return {kind: newest.get(kind) for kind in consents.KINDS}


def current(client: Client) -> dict[str, Consent | None]:
    """The active consent of each kind (None when never signed or withdrawn)."""
    return _latest_per_kind(client.consents.filter(revoked_at__isnull=True))


def latest(client: Client) -> dict[str, Consent | None]:
    """The newest consent of each kind, active or withdrawn: what its status shows."""
    return _latest_per_kind(client.consents.all())


def record_session_consent(
    appointment: Appointment,
    *,
    answer: str,
    actor: User | None,
    now: dt.datetime | None = None,
    audit: AuditContext | None = None,
) -> VisitConsent:
    """Record today's answer about gluteal work in the visit (one per visit; re-recording
    replaces it). Confirming needs an active gluteal consent that allows the work;
    declining is always recorded (CMTO: consent is renewed each session, CLINICAL.md §6)."""
    now = now or timezone.now()
    if answer not in VisitConsent.Answer.values:
        raise ConsentRefused(
            gettext("Choose whether the client confirmed or declined gluteal work today.")
        )
    with transaction.atomic():
        locked = refresh_for_update(appointment)
        if locked.status == Appointment.Status.CANCELLED:
            raise ConsentRefused(
                gettext("This visit was cancelled, so there is nothing to record.")
            )
        consent = current(locked.client)[consents.GLUTEAL]
        if answer == VisitConsent.Answer.CONFIRMED:
            _check_confirmable(consent)
        visit_consent, _ = VisitConsent.objects.update_or_create(
            appointment=locked,
            defaults={
                "consent": consent,
                "answer": answer,
                "choice": consent.choice if consent else "",
                "recorded_at": now,
                "recorded_by": _person(actor),
            },
        )
        data = {"appointment": locked.code, "answer": answer, "choice": visit_consent.choice}
        log_action(
            actor,
            "care.consent.session_recorded",
            visit_consent,
            data,
            practice=locked.practice,
            audit=audit,
        )
    return visit_consent


def _check_confirmable(consent: Consent | None) -> None:
    if consent is None:
        raise ConsentRefused(
            gettext(
                "The client has no active gluteal consent, so it can't be confirmed. Do not "
                "treat the gluteal area; the client can sign the consent in their account."
            )
        )
    if not consents.allows_session_work(consent.choice):
        raise ConsentRefused(
            gettext(
                "The client's gluteal consent says no gluteal work, so it can't be confirmed. "
                "Do not treat the gluteal area; the client can change this in their account."
            )
        )

"""Deleting a client's account: asked for by the client, carried out by the practice owner,
and the clinical record purged once the practice's retention period has passed.

Carrying out a request deletes at once everything that is not the clinical record (the
login, contact details (also those in the intake), future visits, waitlist entries,
reminders to the client, messages, unfinished check-ins, intake drafts) and keeps the
clinical record (name, date of birth, intake answers, consents, assessments, plans, signed
notes, check-in answers, past visits) until `Client.records_kept_until`; `purge_client`
then deletes the rest.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from easeplan.accounts.audit import log_action
from easeplan.accounts.models import User
from easeplan.booking import services as booking
from easeplan.booking.models import Appointment, Reminder, WaitlistEntry
from easeplan.care.models import Intake, NoteAmendment, Nudge, PlanOfCare, SessionNote
from easeplan.care.plans.services import change_status
from easeplan.lib.locks import refresh_for_update
from easeplan.lib.refusals import Refused
from easeplan.outcomes.models import CheckIn
from easeplan.portal.models import Message
from easeplan.practice.models import Client

from . import emails, retention
from .models import DeletionRequest

Status = DeletionRequest.Status


class PrivacyRefused(Refused):
    """The request can't be handled as asked; `message` says why."""


def open_requests_of(user: User) -> list[DeletionRequest]:
    """The user's deletion requests still waiting for their practices."""
    return list(
        DeletionRequest.objects.filter(client__user=user, status=Status.REQUESTED)
        .select_related("practice")
        .order_by("practice__name")
    )


def request_deletion(
    user: User, reason: str = "", *, now: dt.datetime | None = None
) -> list[DeletionRequest]:
    """Ask every practice holding a record of `user` to delete it. A record that already
    has an open request gets no second one; returns the requests made now."""
    now = now or timezone.now()
    made: list[DeletionRequest] = []
    with transaction.atomic():
        # Lock the person first: a second submit waits here and then reads the records
        # afresh, so it sees the first one's requests instead of breaking the unique rule.
        User.objects.select_for_update().filter(pk=user.pk).first()
        clients = (
            Client.objects.select_for_update(of=("self",))
            .filter(user=user)
            .exclude(deletion_requests__status=Status.REQUESTED)
            .select_related("practice")
        )
        for client in clients:
            made.append(
                DeletionRequest.objects.create(
                    practice=client.practice, client=client, reason=reason, requested_at=now
                )
            )
            log_action(user, "privacy.deletion.requested", made[-1], {"reason_given": bool(reason)})
        for request in made:
            transaction.on_commit(partial(emails.deletion_requested, request))
    return made


def withdraw(
    request: DeletionRequest, *, actor: User | None, now: dt.datetime | None = None
) -> None:
    """The client changed their mind: the request is closed and nothing is deleted."""
    with transaction.atomic():
        found = refresh_for_update(request)
        if found.status != Status.REQUESTED:
            raise PrivacyRefused(
                gettext("This request was already handled, so it can't be withdrawn.")
            )
        found.status = Status.WITHDRAWN
        found.handled_at = now or timezone.now()
        found.save(update_fields=["status", "handled_at"])
        log_action(actor, "privacy.deletion.withdrawn", found)


def last_visit_on(client: Client, now: dt.datetime) -> dt.date | None:
    """The local date of the client's last visit that took place (completed, or booked
    and started: an unmarked visit counts as attended)."""
    took_place = Q(status=Appointment.Status.COMPLETED) | Q(
        status=Appointment.Status.BOOKED, starts_at__lte=now
    )
    last = (
        client.appointments.filter(took_place, starts_at__lte=now)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return last.astimezone(client.practice.zone).date() if last else None


def _cancel_future_visits(client: Client, *, actor: User | None, now: dt.datetime) -> int:
    """Cancel the client's booked visits still to come: their times are free at once and
    offered to the waitlist. No calendar email: the client's address is going."""
    visits = list(
        client.appointments.select_for_update()
        .filter(status=Appointment.Status.BOOKED, starts_at__gt=now)
        .select_related("therapist")
    )
    Appointment.objects.filter(pk__in=[v.pk for v in visits]).update(
        status=Appointment.Status.CANCELLED,
        cancelled_at=now,
        cancelled_by=actor,
        sequence=F("sequence") + 1,
    )
    Reminder.objects.filter(
        appointment__in=visits, sent_at__isnull=True, voided_at__isnull=True
    ).update(voided_at=now)
    for visit in visits:
        therapist, start = visit.therapist, visit.starts_at
        transaction.on_commit(partial(booking.announce_freed, therapist, start))
    return len(visits)


def _delete_non_clinical(client: Client, *, actor: User | None, now: dt.datetime) -> dict[str, int]:
    """Everything of the client's that is not the clinical record, gone at once."""
    counts = {"cancelled_visits": _cancel_future_visits(client, actor=actor, now=now)}
    counts["waitlist"] = WaitlistEntry.objects.filter(client=client).delete()[0]
    counts["nudges"] = Nudge.objects.filter(client=client).delete()[0]
    counts["messages"] = Message.objects.filter(client=client).delete()[0]
    counts["checkins"] = CheckIn.objects.filter(client=client, completed_at__isnull=True).delete()[
        0
    ]
    Intake.objects.filter(client=client, submitted_at__isnull=True).delete()
    _blank_intake_contacts(client)
    counts["plans_closed"] = _close_open_plans(client, actor=actor, now=now)
    return counts


def _close_open_plans(client: Client, *, actor: User | None, now: dt.datetime) -> int:
    """Plans still open end as abandoned, with the reason: no more visits can follow. The
    plans themselves are part of the clinical record and stay."""
    open_plans = list(client.plans.filter(status__in=PlanOfCare.OPEN))
    for plan in open_plans:
        change_status(
            plan,
            PlanOfCare.Status.ABANDONED,
            reason="The client asked for their account to be deleted.",
            actor=actor,
            now=now,
        )
    return len(open_plans)


# The intake's contact answers (easeplan.care.intake): the client's phone and their
# emergency contact are contact details, not the clinical record, so they go at once too.
INTAKE_CONTACT_KEYS = (
    "phone",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relation",
)


def _blank_intake_contacts(client: Client) -> None:
    """Blank the contact answers of the submitted intake and drop any unsent draft."""
    intake = Intake.objects.filter(client=client).first()
    if intake is None:
        return
    answers = dict(intake.answers or {})
    answers.update({key: "" for key in INTAKE_CONTACT_KEYS if key in answers})
    intake.answers, intake.draft, intake.draft_saved_at = answers, {}, None
    intake.save(update_fields=["answers", "draft", "draft_saved_at"])


def _release_login(client: Client) -> bool:
    """Unlink the client's login; delete it when nothing else uses it. True if deleted."""
    user = client.user
    if user is None:
        return False
    client.user = None
    client.save(update_fields=["user"])
    if user.client_records.exists() or user.memberships.exists():
        return False
    user.delete()
    return True


def carry_out(
    request: DeletionRequest, *, actor: User | None, now: dt.datetime | None = None
) -> DeletionRequest:
    """Delete the client's account and everything but the clinical record, which is kept
    for the practice's retention period after the last visit (see retention.kept_until)."""
    now = now or timezone.now()
    with transaction.atomic():
        found = refresh_for_update(request)
        if found.status != Status.REQUESTED:
            raise PrivacyRefused(gettext("This request was already handled."))
        client = (
            Client.objects.select_for_update(of=("self",))
            .select_related("practice")
            .get(pk=found.client_id)
        )
        practice = client.practice
        today = now.astimezone(practice.zone).date()
        kept = retention.kept_until(
            last_visit_on(client, now), today, practice.record_retention_years
        )
        address, first_name = client.email, client.first_name
        # Read before the login goes: the email is written in the language they chose.
        language = client.user.language if client.user is not None else ""
        counts = _delete_non_clinical(client, actor=actor, now=now)
        counts["account_deleted"] = int(_release_login(client))
        client.email = f"erased-{client.code}@invalid.example"
        client.phone = ""
        client.erased_at = now
        client.records_kept_until = kept
        client.plan_nudges_off_at = client.plan_nudges_off_at or now
        client.save(
            update_fields=[
                "email",
                "phone",
                "erased_at",
                "records_kept_until",
                "plan_nudges_off_at",
            ]
        )
        found.status, found.handled_at, found.handled_by = Status.DONE, now, actor
        found.save(update_fields=["status", "handled_at", "handled_by"])
        log_action(
            actor,
            "privacy.deletion.carried_out",
            found,
            {**counts, "kept_until": kept.isoformat()},
        )
        context = {"first_name": first_name, "practice": practice, "kept_until": kept, **counts}
        transaction.on_commit(lambda: emails.deletion_carried_out(address, context, language))
    return found


def _is_due(client: Client, now: dt.datetime) -> bool:
    """The day after `records_kept_until` has begun in the practice's time zone."""
    kept = client.records_kept_until
    return kept is not None and kept < now.astimezone(client.practice.zone).date()


def expired_clients(now: dt.datetime | None = None) -> list[Client]:
    """Erased clients whose clinical record has been kept long enough."""
    now = now or timezone.now()
    latest = now.astimezone(dt.UTC).date() + dt.timedelta(days=1)  # no zone is further on
    candidates = Client.objects.filter(
        erased_at__isnull=False, records_kept_until__lt=latest
    ).select_related("practice")
    return [c for c in candidates if _is_due(c, now)]


def purge_client(client: Client, *, now: dt.datetime | None = None) -> bool:
    """Delete an expired client record with everything of theirs, in one transaction.
    Protected rows go first: amendments, then notes, then visits and plans. Returns False
    when the record is gone already or not yet due."""
    now = now or timezone.now()
    with transaction.atomic():
        found = (
            Client.objects.select_for_update(of=("self",))
            .select_related("practice")
            .filter(pk=client.pk, erased_at__isnull=False)
            .first()
        )
        if found is None or not _is_due(found, now):
            return False
        log_action(None, "privacy.record.purged", found, practice=found.practice)
        NoteAmendment.objects.filter(
            Q(note__client=found) | Q(note__appointment__client=found)
        ).delete()
        SessionNote.objects.filter(Q(client=found) | Q(appointment__client=found)).delete()
        Appointment.objects.filter(client=found).delete()
        PlanOfCare.objects.filter(client=found).delete()
        found.delete()
    return True

"""A client with something of every kind: visits, plan, notes, check-ins, messages ..."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from easeplan.booking.models import Appointment, Reminder, WaitlistEntry
from easeplan.care.models import (
    Consent,
    ExerciseLog,
    Intake,
    NoteAmendment,
    Nudge,
    PlanOfCare,
    SessionNote,
    VisitConsent,
)
from easeplan.outcomes.models import CheckIn, Response
from easeplan.portal.models import Message
from easeplan.practice.models import Client, Therapist
from easeplan.screening.models import Assessment, RedFlagHold, SelfCheck

from ..factories import (
    AppointmentFactory,
    AssessmentFactory,
    PlanOfCareFactory,
    PrescriptionFactory,
    ReferralFactory,
    ServiceFactory,
    SessionNoteFactory,
    TherapistFactory,
)


@dataclass
class Record:
    """What `full_record` made, to look for in exports and after deletion."""

    client: Client
    past: Appointment
    future: Appointment
    plan: PlanOfCare
    signed: SessionNote
    draft: SessionNote
    done_checkin: CheckIn
    open_checkin: CheckIn
    message: Message
    waitlist: WaitlistEntry
    nudge: Nudge
    intake: Intake
    consent: Consent
    assessment: Assessment


def _therapist(client: Client) -> Therapist:
    """The practice's first therapist, or a new one once that calendar is in use (the
    visits of two full records would overlap, which PostgreSQL refuses)."""
    found = client.practice.therapists.filter(appointments__isnull=True).first()
    return found or TherapistFactory(practice=client.practice)


def full_record(client: Client, *, tag: str = "", now: dt.datetime | None = None) -> Record:
    """Give `client` one of everything; `tag` marks their free texts ("Sitting pain{tag}")."""
    now = now or timezone.now()
    practice, therapist = client.practice, _therapist(client)
    service = practice.services.first() or ServiceFactory(practice=practice)
    plan = PlanOfCareFactory(practice=practice, client=client, therapist=therapist)
    visit = {"practice": practice, "therapist": therapist, "client": client, "service": service}
    past = AppointmentFactory(
        **visit, starts_at=now - dt.timedelta(days=10), status="completed", plan=plan
    )
    older = AppointmentFactory(**visit, starts_at=now - dt.timedelta(days=20), status="completed")
    future = AppointmentFactory(**visit, starts_at=now + dt.timedelta(days=3), plan=plan)
    Reminder.objects.create(
        appointment=future,
        due_at=future.starts_at - dt.timedelta(days=1),
        for_start=future.starts_at,
    )
    consent = Consent.objects.create(
        practice=practice,
        client=client,
        kind="gluteal",
        version="2026-01",
        text="I agree to gluteal work.",
        typed_name=client.full_name,
    )
    VisitConsent.objects.create(appointment=past, consent=consent, answer="confirmed")
    signed = SessionNoteFactory(
        appointment=past,
        subjective=f"Sitting pain{tag} eased after figure-4 work",
        signed_at=now - dt.timedelta(days=9),
        plan_of_care=plan,
    )
    NoteAmendment.objects.create(note=signed, text=f"Left side, not right{tag}")
    draft = SessionNoteFactory(appointment=older, subjective=f"Unsigned draft words{tag}")
    rx = PrescriptionFactory(plan=plan)
    ExerciseLog.objects.create(prescription=rx, done_on=now.date() - dt.timedelta(days=2))
    assessment = AssessmentFactory(
        practice=practice, client=client, therapist=therapist, notes=f"Positive FAIR{tag}"
    )
    ReferralFactory(practice=practice, assessment=assessment, reason=f"Night pain{tag}")
    RedFlagHold.objects.create(
        practice=practice, client=client, source="intake", flags=["weight_loss"]
    )
    SelfCheck.objects.create(
        practice=practice,
        client=client,
        version="1",
        answers={"sitting": "worse"},
        outcome="likely",
    )
    intake = Intake.objects.create(
        practice=practice,
        client=client,
        version="intake/1",
        answers={"occupation": f"Desk job{tag}"},
        draft={"occupation": f"Half-typed{tag}"},
        submitted_at=now - dt.timedelta(days=21),
    )
    done = CheckIn.objects.create(
        practice=practice, client=client, plan=plan, kind="weekly", completed_at=now
    )
    Response.objects.create(
        checkin=done,
        practice=practice,
        client=client,
        plan=plan,
        instrument="nprs",
        version="1",
        answers={"pain": 4},
        score=Decimal("4.000"),
        answered=1,
    )
    open_checkin = CheckIn.objects.create(
        practice=practice, client=client, plan=plan, kind="weekly", sent_at=now
    )
    message = Message.objects.create(
        practice=practice, client=client, subject=f"About your visit{tag}", body="See you soon."
    )
    waitlist = WaitlistEntry.objects.create(
        practice=practice, client=client, service=service, days=[now.date().isoformat()]
    )
    nudge = Nudge.objects.create(practice=practice, client=client, plan=plan, reason="unbooked")
    return Record(
        client=client,
        past=past,
        future=future,
        plan=plan,
        signed=signed,
        draft=draft,
        done_checkin=done,
        open_checkin=open_checkin,
        message=message,
        waitlist=waitlist,
        nudge=nudge,
        intake=intake,
        consent=consent,
        assessment=assessment,
    )

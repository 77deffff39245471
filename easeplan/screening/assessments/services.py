"""Recording assessments and writing referral letters: one transaction each, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from easeplan.accounts.audit import log_action
from easeplan.lib import outbox
from easeplan.lib.emails import recipient_language
from easeplan.practice.models import Client, Therapist

from .. import emails
from ..models import Assessment, Referral
from ..rules import clinical_tests
from ..rules import contraindications as ci
from ..rules.self_check import RedFlag
from .intake import intake_of


class AssessmentRefused(Exception):
    """The assessment can't be saved as given; the message says why and what to do."""


def contraindications_for(client: Client, *, today: dt.date) -> list[ci.Finding]:
    """What the client's intake means for a session (Batavia 2004; HSS Journal 2019)."""
    return ci.classify(intake_of(client).contraindications, today=today)


def blocked_tests_for(client: Client, *, today: dt.date) -> dict[str, str]:
    """{test code: "Blocked: <why>"} for the tests the client's intake rules out, in the
    reader's language."""
    reasons = clinical_tests.block_reasons(contraindications_for(client, today=today))
    return {
        code: gettext("Blocked: %(why)s") % {"why": "; ".join(gettext(r) for r in why)}
        for code, why in reasons.items()
    }


def refusal_for(test_codes: Sequence[str], blocked: Mapping[str, str]) -> str:
    """The message for results recorded on blocked tests: which test, why, what to do."""
    return " ".join(
        gettext("%(test)s can't be recorded for this client. %(why)s. Leave it as not done.")
        % {"test": gettext(clinical_tests.BY_CODE[code].name), "why": blocked[code]}
        for code in test_codes
    )


def record_assessment(
    client: Client,
    *,
    results: Mapping[str, Mapping[str, str]],
    features: Sequence[str],
    notes: str,
    assessed_on: dt.date,
    therapist: Therapist | None,
    appointment: Any,
    actor: Any,
    today: dt.date,
) -> Assessment:
    """Save an assessment after checking its results and the client's contraindications.

    A blocked test (e.g. FAIR after a posterior hip replacement, HSS Journal 2019) must not
    carry a result: that raises AssessmentRefused and nothing is saved.
    """
    clinical_tests.summarise(results, features)  # rejects unknown codes and values
    blocked = blocked_tests_for(client, today=today)
    refused = clinical_tests.recorded_despite_block(results, blocked)
    if refused:
        raise AssessmentRefused(refusal_for(refused, blocked))
    with transaction.atomic():
        assessment = Assessment.objects.create(
            practice=client.practice,
            client=client,
            therapist=therapist,
            appointment=appointment,
            assessed_on=assessed_on,
            version=clinical_tests.VERSION,
            results={code: dict(value) for code, value in results.items()},
            features=list(features),
            notes=notes,
            created_by=actor,
        )
        log_action(
            actor,
            "screening.assessment.recorded",
            assessment,
            {"client": client.code, "visit": getattr(appointment, "code", "")},
        )
    return assessment


def send_referral(assessment: Assessment, *, reason: str, to: str, actor: Any) -> Referral:
    """Write a referral letter from an assessment; email it after commit when `to` is set."""
    with transaction.atomic():
        referral = Referral.objects.create(
            practice=assessment.practice,
            assessment=assessment,
            reason=reason,
            sent_to=to,
            created_by=actor,
        )
        log_action(
            actor,
            "screening.referral.sent",
            referral,
            {"assessment": assessment.code, "emailed": bool(to)},
        )
        if to:
            transaction.on_commit(lambda: send_referral_letter.enqueue(referral.code))
    return referral


@dataclass(frozen=True)
class Letter:
    """Everything a referral letter shows, for the printable page and the email."""

    referral: Referral
    assessment: Assessment
    client: Client
    practice: Any
    written_on: dt.date
    date_of_birth: dt.date | None
    summary: clinical_tests.AssessmentSummary
    red_flags: tuple[RedFlag, ...]
    contraindications: tuple[ci.Finding, ...]
    therapist_name: str

    @property
    def language(self) -> str:
        """A letter to a clinician is written in the practice's language, whoever reads it."""
        return recipient_language(self.practice.language)


def letter_for(referral: Referral) -> Letter:
    """The facts of one referral letter, read from its assessment and the client's intake."""
    assessment = referral.assessment
    client = assessment.client
    practice = referral.practice
    written_on = timezone.localtime(referral.created_at, practice.zone).date()
    intake = intake_of(client)
    author = referral.created_by
    therapist_name = (
        assessment.therapist.display_name
        if assessment.therapist
        else (author.full_name or author.email)
        if author
        else ""
    )
    return Letter(
        referral=referral,
        assessment=assessment,
        client=client,
        practice=practice,
        written_on=written_on,
        date_of_birth=client.date_of_birth or intake.date_of_birth,
        summary=clinical_tests.summarise(assessment.results, assessment.features),
        red_flags=intake.red_flags,
        contraindications=tuple(ci.classify(intake.contraindications, today=written_on)),
        therapist_name=therapist_name,
    )


@task()
def send_referral_letter(referral_code: str) -> None:
    """Email a referral letter to the address it was written for, once: the row is
    claimed in a short transaction, emailed outside it and marked once the mail server
    has taken it (easeplan.lib.outbox), so a repeated or retried task sends nothing more."""
    now = timezone.now()
    pending = Referral.objects.filter(code=referral_code, emailed_at__isnull=True).exclude(
        sent_to=""
    )
    with transaction.atomic():
        referral = (
            pending.select_for_update(of=("self",))
            .select_related("practice", "assessment__client", "assessment__therapist", "created_by")
            .first()
        )
        if referral is None or not outbox.claim(Referral.objects.filter(pk=referral.pk), now):
            return
    outbox.send_claimed(
        Referral.objects.filter(pk=referral.pk),
        now,
        send=lambda: emails.referral_letter(letter_for(referral), referral.sent_to),
        mark=lambda: pending.update(emailed_at=timezone.now()),
    )

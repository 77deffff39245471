"""State changes of care: each one transaction, with an audit event.

Audit data never holds health answers: only which action, by whom, and the version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from easeplan.accounts.audit import AuditContext, log_action, signed_in
from easeplan.accounts.models import User
from easeplan.lib.locks import lock
from easeplan.practice.models import Client
from easeplan.screening.holds import services as holds
from easeplan.screening.models import SelfCheck
from easeplan.screening.self_check.session import verdict_for

from ..models import Intake
from . import rules as intake

# -- intake ---------------------------------------------------------------------------------


def _locked_intake(client: Client) -> Intake:
    """The client's intake row, created if needed, locked for this transaction."""
    Intake.objects.get_or_create(client=client, defaults={"practice_id": client.practice_id})
    return lock(Intake, client=client)


def save_intake_draft(
    client: Client,
    data: Mapping[str, Any],
    *,
    actor: User | None,
    audit: AuditContext | None = None,
    now: dt.datetime | None = None,
) -> Intake:
    """Keep what was typed so far (raw form values, unvalidated) to finish later."""
    with transaction.atomic():
        found = _locked_intake(client)
        found.draft = dict(data)
        found.draft_saved_at = now or timezone.now()
        found.save(update_fields=["draft", "draft_saved_at"])
        log_action(actor, "care.intake.draft_saved", found, _by(actor, client), audit=audit)
    return found


def submit_intake(
    client: Client,
    answers: Mapping[str, Any],
    *,
    actor: User | None,
    audit: AuditContext | None = None,
    now: dt.datetime | None = None,
) -> Intake:
    """Store validated answers (keys of easeplan.care.intake) with the questionnaire
    version, and drop the draft. Submitting again replaces the answers. A red flag in
    them stops online booking until a clinician clears it (screening.holds)."""
    with transaction.atomic():
        found = _locked_intake(client)
        again = found.completed
        found.answers = dict(answers)
        found.version = intake.INTAKE_VERSION
        found.submitted_at = now or timezone.now()
        found.submitted_by = signed_in(actor)
        found.draft = {}
        found.draft_saved_at = None
        found.save(
            update_fields=[
                "answers",
                "version",
                "submitted_at",
                "submitted_by",
                "draft",
                "draft_saved_at",
            ]
        )
        data = {**_by(actor, client), "version": found.version, "resubmitted": again}
        log_action(actor, "care.intake.submitted", found, data, audit=audit)
        flags = [flag.code for flag in intake.red_flags(found.answers)]
        holds.raise_hold(client, holds.Source.INTAKE, flags, actor=actor, audit=audit)
    return found


def _by(actor: User | None, client: Client) -> dict[str, Any]:
    """Who acted: the client themself, or staff on their behalf."""
    own = client.user_id is not None and getattr(actor, "pk", None) == client.user_id
    return {"on_behalf": not own}


def keep_self_check(
    client: Client,
    steps: Mapping[str, Mapping[str, Any]],
    *,
    version: str,
    actor: User | None = None,
    audit: AuditContext | None = None,
) -> SelfCheck:
    """Keep the self-check of a visitor who went on to book, so the intake needn't ask
    again. Anonymous self-checks are never stored: this runs only once there is a client."""
    with transaction.atomic():
        check = SelfCheck.objects.create(
            practice_id=client.practice_id,
            client=client,
            version=version,
            answers=intake.from_self_check(steps),
            outcome=verdict_for(dict(steps)).outcome.value,
        )
        log_action(actor, "screening.self_check.kept", check, {"version": version}, audit=audit)
    return check

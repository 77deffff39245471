"""Emails of outcomes: the weekly check-in's link."""

from __future__ import annotations

from django.utils import timezone

from easeplan.care.nudges import services as nudges
from easeplan.lib.emails import recipient_language, send

from ..models import CheckIn
from . import links, services


def weekly_checkin(checkin: CheckIn) -> None:
    """Invite a client with an active plan to a short weekly check-in: a single-use link
    that opens the form for that one check-in, its expiry, and how to stop plan emails.
    No health details beyond the plan's name. In the client's language, else the
    practice's."""
    user = checkin.client.user
    send(
        "weekly-checkin",
        [checkin.client.email],
        email_context(checkin),
        reply_to=[checkin.practice.email],
        language=recipient_language(user.language if user else None, checkin.practice.language),
    )


def email_context(checkin: CheckIn) -> dict[str, object]:
    """What the email says: the client's first name, the plan's name, the link and until
    when it works, how many questions, and how to stop plan emails. No answers, no visits."""
    asked = services.questions_for(checkin.plan, None, checkin.sent_at or timezone.now())
    return {
        "client": checkin.client,
        "practice": checkin.practice,
        "plan": checkin.plan,
        "checkin_url": links.checkin_url(checkin),
        "expires_at": checkin.expires_at,
        "questions": services.question_count(asked),
        "stop_url": nudges.stop_url(checkin.client),
    }

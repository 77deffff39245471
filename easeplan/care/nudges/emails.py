"""Emails of keeping clients on their plan: the nudge."""

from __future__ import annotations

from typing import Any

from easeplan.lib.emails import recipient_language, send


def plan_nudge(nudge: Any, context: dict[str, Any]) -> None:
    """Invite a client drifting off their plan back: why it matters, the next time in one
    click, and a link to stop these emails (context from services.email_context). No
    health details beyond the plan's name."""
    client = nudge.client
    account_language = client.user.language if client.user_id is not None else None
    send(
        "plan-nudge",
        [client.email],
        context,
        reply_to=[nudge.practice.email],
        language=recipient_language(account_language, nudge.practice.language),
    )

"""Emails of keeping clients on their plan: the nudge."""

from __future__ import annotations

from typing import Any

from easeplan.lib.emails import send


def plan_nudge(nudge: Any, context: dict[str, Any]) -> None:
    """Invite a client drifting off their plan back: why it matters, the next time in one
    click, and a link to stop these emails (context from services.email_context). No
    health details beyond the plan's name."""
    send("plan-nudge", [nudge.client.email], context, reply_to=[nudge.practice.email])

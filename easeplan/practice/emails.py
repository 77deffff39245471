"""Emails about running a practice."""

from __future__ import annotations

from typing import Any

from easeplan.lib.emails import recipient_language, send


def staff_added(membership: Any, reset_url: str) -> None:
    """Tell a new team member they were added and how to set their password."""
    send(
        "staff-added",
        [membership.user.email],
        {"membership": membership, "reset_url": reset_url},
        language=recipient_language(membership.user.language, membership.practice.language),
    )

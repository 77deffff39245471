"""Emails of the public site."""

from __future__ import annotations

from typing import Any

from easeplan.lib.emails import send


def contact_received(contact: Any) -> None:
    """Tell the practice a visitor sent a message; replies go straight to the visitor."""
    send(
        "contact-received", [contact.practice.email], {"contact": contact}, reply_to=[contact.email]
    )

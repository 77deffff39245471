"""Emails of the public site."""

from __future__ import annotations

from typing import Any

from easeplan.lib.emails import recipient_language, send


def contact_received(contact: Any) -> None:
    """Tell the practice a visitor sent a message; replies go straight to the visitor.
    In the practice's language: its address is the practice's, not one person's."""
    send(
        "contact-received",
        [contact.practice.email],
        {"contact": contact},
        reply_to=[contact.email],
        language=recipient_language(contact.practice.language),
    )

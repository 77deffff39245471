"""Emails of the client portal."""

from __future__ import annotations

from typing import Any

from easeplan.lib.emails import recipient_language, send


def practice_message(message: Any, to: str, url: str) -> None:
    """Tell a client the practice wrote to them: the practice's name and a link to sign in
    and read it. The words stay in the account: they may be health information."""
    context = {"practice": message.practice, "first_name": message.client.first_name, "url": url}
    account = message.client.user
    send(
        "portal-message",
        [to],
        context,
        reply_to=[message.practice.email],
        language=recipient_language(
            account.language if account else None, message.practice.language
        ),
    )

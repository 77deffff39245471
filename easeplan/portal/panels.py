"""What the staff client page shows of the practice's messages to the client."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from easeplan.practice.models import Client

from . import services
from .forms import MessageForm
from .models import Message

# The client page shows the newest few; the client's list pages through the rest.
STAFF_SHOWN = 5
# A message refused for bad input comes back to the client page as this session's draft.
DRAFT_KEY = "portal_draft_{code}"


@dataclass(frozen=True)
class SentMessage:
    """A message as the staff client page lists it; the words only for clinicians and the
    sender (the front desk sees subjects and whether each was read)."""

    message: Message
    words_shown: bool


def take_draft(session: SessionBase, client: Client) -> Mapping[str, str] | None:
    """The draft to `client` that came back with errors, taken out of the session."""
    draft: Mapping[str, str] | None = session.pop(DRAFT_KEY.format(code=client.code), None)
    return draft


def client_messages(
    client: Client, *, viewer: Any, clinician: bool, draft: Mapping[str, str] | None
) -> dict[str, Any]:
    """What templates/portal/fragment_client_messages.html needs (one query): the newest
    messages to `client`, and the form, holding a `draft` that came back with errors.
    `viewer` sees the words of the messages they sent; a clinician sees all of them."""
    found = client.messages_received.select_related("sender")[:STAFF_SHOWN]
    return {
        "form": MessageForm(draft) if draft else MessageForm(),
        "sent": [SentMessage(m, clinician or m.sender_id == viewer.pk) for m in found],
        "emailed": services.can_email(client),
    }

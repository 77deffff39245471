"""What the pre-visit summary adds to booking's staff pages (registered in care's
AppConfig.ready()): the client's flags, for the postpone warning and the red-flag hold."""

from __future__ import annotations

from django.utils import timezone

from easeplan.practice.models import Client

from .services import ClientFlags, flags_for


def client_flags(client: Client) -> ClientFlags:
    """`client`'s flags as they stand today (two queries)."""
    return flags_for([client], today=timezone.localdate())[client.pk]

"""Template tags for consents: the status of each kind, for pages that only have a client."""

from __future__ import annotations

from django import template

from easeplan.care.consent.panels import ConsentStatus, statuses
from easeplan.practice.models import Client

register = template.Library()


@register.simple_tag
def consent_statuses(client: Client) -> list[ConsentStatus]:
    """`{% consent_statuses client as statuses %}`: one status per kind (one query)."""
    return statuses(client)

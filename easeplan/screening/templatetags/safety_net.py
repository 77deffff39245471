"""`{% load safety_net %}{% safety_net as net %}`: the safety net of every booking
confirmation and reminder email (``net.heading``, ``net.signs``, ``net.why``; see
`easeplan.screening.rules.safety_net`)."""

from __future__ import annotations

from django import template
from django.utils.text import capfirst
from django.utils.translation import gettext

from easeplan.screening.rules.safety_net import HEADING, WHY, emergency_reasons

register = template.Library()


@register.simple_tag
def safety_net() -> dict[str, object]:
    """The safety net in the active language (the recipient's, for an email)."""
    signs = [capfirst(gettext(reason)) for reason in emergency_reasons()]
    return {"heading": gettext(HEADING), "signs": signs, "why": gettext(WHY)}

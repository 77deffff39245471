"""`{% load safety_net %}{% safety_net as net %}`: the safety net of every booking
confirmation and reminder email (``net.heading``, ``net.signs``, ``net.why``; see
`easeplan.screening.rules.safety_net`)."""

from __future__ import annotations

from django import template

from easeplan.screening.rules.safety_net import lines

register = template.Library()


@register.simple_tag
def safety_net() -> dict[str, object]:
    return lines()

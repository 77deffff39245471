"""Template tags that show the red flags from the screening rules (one source of truth)."""

from __future__ import annotations

from typing import Any

from django import template

from easeplan.screening.rules.self_check import EMERGENCY_FLAGS, URGENT_FLAGS

register = template.Library()


@register.inclusion_tag("site/fragment_red_flags.html")
def red_flags() -> dict[str, Any]:
    return {"emergency_flags": EMERGENCY_FLAGS, "urgent_flags": URGENT_FLAGS}

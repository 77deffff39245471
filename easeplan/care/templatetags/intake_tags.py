"""Template tags that read what a submitted intake means, from the pure intake rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from easeplan.care.intake import rules as intake
from easeplan.screening.rules import self_check as rules

register = template.Library()


@register.simple_tag
def intake_advice(answers: Mapping[str, Any] | None) -> tuple[rules.Advice, ...]:
    """`{% intake_advice intake.answers as advice %}`: see-your-GP advice that does not stop
    massage (inflammatory back pain, NICE NG65)."""
    return intake.advice(answers or {})

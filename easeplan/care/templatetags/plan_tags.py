"""Template tags for plans of care on the client page."""

from __future__ import annotations

from typing import Any

from django import template

from easeplan.care.models import PlanOfCare

register = template.Library()


@register.simple_tag
def client_plans(client: Any) -> list[PlanOfCare]:
    """`{% client_plans client as plans %}`: newest first, in one query (clinicians only)."""
    return list(PlanOfCare.objects.filter(practice_id=client.practice_id, client=client))

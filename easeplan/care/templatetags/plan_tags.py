"""Template tags for plans of care on the client page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext, ngettext

from easeplan.care.models import PlanOfCare
from easeplan.care.plans.rules import Progress

register = template.Library()


@register.simple_tag
def client_plans(client: Any) -> list[PlanOfCare]:
    """`{% client_plans client as plans %}`: newest first, in one query (clinicians only)."""
    return list(PlanOfCare.objects.filter(practice_id=client.practice_id, client=client))


@register.filter
def step_words(progress: Progress) -> str:
    """`{{ progress|step_words }}`: "Visit 2 of 5", or "All 5 visits done", in the reader's
    language."""
    if progress.finished:
        return ngettext(
            "All %(planned)d visit done", "All %(planned)d visits done", progress.planned
        ) % {"planned": progress.planned}
    return gettext("Visit %(current)d of %(planned)d") % {
        "current": progress.current,
        "planned": progress.planned,
    }

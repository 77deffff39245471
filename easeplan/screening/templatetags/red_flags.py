"""Template filters for red flags on staff pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def reasons(flags: Iterable[Any]) -> str:
    """`{{ flags|reasons }}`: each flag's reason in the reader's language, joined by "; "."""
    return "; ".join(gettext(flag.reason) for flag in flags)

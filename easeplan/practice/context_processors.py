from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def site_practice(request: HttpRequest) -> dict[str, Any]:
    """`site_practice` for public templates; `membership` for staff pages."""
    return {
        "site_practice": getattr(request, "site_practice", None),
        "membership": getattr(request, "membership", None),
    }

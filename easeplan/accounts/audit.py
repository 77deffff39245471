"""The audit trail: `log_action(actor, action, obj, data)`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.http import HttpRequest

from easeplan.lib.ratelimit import client_ip

from .models import AuditEvent

SENSITIVE_KEYS = {"password", "token", "secret", "code", "totp", "date_of_birth"}


def mask(data: dict[str, Any]) -> dict[str, Any]:
    """Replace the values of sensitive keys so the trail never stores them."""
    return {k: ("***" if k.lower() in SENSITIVE_KEYS else v) for k, v in data.items()}


def log_action(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    *,
    practice: Any = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` (dotted, e.g. ``practice.client.viewed``) on `obj`."""
    if practice is None and obj is not None:
        practice = getattr(obj, "practice", None)
    return AuditEvent.objects.create(
        practice=practice,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "code", None) or getattr(obj, "pk", "")) if obj else "",
        data=mask(data or {}),
        ip=client_ip(request) if request is not None else None,
    )


def log_views(
    actor: Any, action: str, objs: Sequence[models.Model], *, request: HttpRequest | None = None
) -> None:
    """Record that `actor` viewed each of `objs` (one insert however many there are)."""
    ip = client_ip(request) if request is not None else None
    AuditEvent.objects.bulk_create(
        AuditEvent(
            practice_id=getattr(obj, "practice_id", None),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(getattr(obj, "code", None) or obj.pk),
            ip=ip,
        )
        for obj in objs
    )

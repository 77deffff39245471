"""The audit trail: `log_action(actor, action, obj, data, audit=...)`.

Services take the person acting (`actor: User | None`, None for a visitor or the system)
and an `AuditContext`, what the trail keeps of the request, never the request itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest

from easeplan.lib.ratelimit import client_ip

from .models import AuditEvent, User

SENSITIVE_KEYS = {"password", "token", "secret", "code", "totp", "date_of_birth"}


@dataclass(frozen=True)
class AuditContext:
    """Where an action came from: the client's address (the event's ip) and browser."""

    ip: str | None = None
    user_agent: str = ""

    @classmethod
    def of(cls, request: HttpRequest) -> AuditContext:
        """The context of `request`, the one place it is read from a request."""
        return cls(ip=client_ip(request), user_agent=request.headers.get("user-agent", ""))


def signed_in(user: object) -> User | None:
    """`user` if it is a signed-in user, else None (no one, or a visitor's anonymous user):
    what a service stores as who booked, signed or sent."""
    return user if isinstance(user, User) and user.is_authenticated else None


def mask(data: dict[str, Any]) -> dict[str, Any]:
    """Replace the values of sensitive keys so the trail never stores them."""
    return {k: ("***" if k.lower() in SENSITIVE_KEYS else v) for k, v in data.items()}


def log_action(
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    *,
    practice: Any = None,
    audit: AuditContext | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` (dotted, e.g. ``practice.client.viewed``) on `obj`."""
    if practice is None and obj is not None:
        practice = getattr(obj, "practice", None)
    return AuditEvent.objects.create(
        practice=practice,
        actor=signed_in(actor),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "code", None) or getattr(obj, "pk", "")) if obj else "",
        data=mask(data or {}),
        ip=audit.ip if audit is not None else None,
    )


def log_views(
    actor: User | None,
    action: str,
    objs: Sequence[models.Model],
    *,
    audit: AuditContext | None = None,
) -> None:
    """Record that `actor` viewed each of `objs` (one insert however many there are)."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            practice_id=getattr(obj, "practice_id", None),
            actor=signed_in(actor),
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(getattr(obj, "code", None) or obj.pk),
            ip=audit.ip if audit is not None else None,
        )
        for obj in objs
    )

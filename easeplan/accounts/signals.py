"""Reactions to allauth's account events."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.dispatch import receiver


@receiver(password_reset)
def verify_email_of_invited_staff(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Staff added by an owner set their first password from a link sent to their address.

    Following that link proves they read that mailbox, so the address counts as verified.
    Users who already have a verified address are left as they are.
    """
    if EmailAddress.objects.filter(user=user, verified=True).exists():
        return
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )

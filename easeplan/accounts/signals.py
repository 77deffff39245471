"""Reactions to allauth's account events."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from allauth.mfa.signals import authenticator_added
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


@receiver(authenticator_added)
def count_new_authenticator_as_used(
    sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    """Setting up TOTP means typing a valid code: this session has used its second factor,
    so staff can open client records without signing in again."""
    if request is not None and authenticator.type == authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", type="totp", id=authenticator.pk)

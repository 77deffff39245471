"""Reactions to allauth's account events."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset, user_logged_in
from allauth.mfa.signals import authentication_failed, authenticator_added
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from . import lockout
from .audit import AuditContext, log_action
from .mfa import is_second_factor


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
    """Setting up TOTP means typing a valid code, adding a passkey means using it: either
    way this session has used its second factor, so staff can open client records without
    signing in again. New recovery codes prove nothing and don't count."""
    if request is not None and is_second_factor(authenticator):
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)


@receiver(user_logged_in)
def remember_the_browser(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """The browser an account signs in with is a known place: failures elsewhere never
    lock it out (accounts/lockout.py)."""
    response = kwargs.get("response")
    if request is not None and response is not None:
        lockout.remember_device(request, response, user.email)


@receiver(user_login_failed)
def audit_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    """Every wrong password goes into the trail: which account (if it exists), where from."""
    from .models import User

    login = str(credentials.get("email", credentials.get("username", ""))).strip()
    user = User.objects.filter(email__iexact=login).first() if login else None
    data = lockout.audit_data(request, account_exists=user is not None) if request else {}
    log_action(
        None,
        "accounts.login.failed",
        user,
        data,
        audit=AuditContext.of(request) if request is not None else None,
    )


@receiver(authentication_failed)
def audit_failed_second_factor(
    sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    """A wrong two-factor code: the password was right, so the trail names the account."""
    data = {"route": request.path if request else "", "type": authenticator.type}
    data["reauthentication"] = bool(kwargs.get("reauthentication"))
    log_action(
        None,
        "accounts.mfa.failed",
        user,
        data,
        audit=AuditContext.of(request) if request is not None else None,
    )

"""allauth's account adapter, with sign-in limits a stranger can't turn against the owner."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import lockout
from .audit import AuditContext, log_action


def _login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email", credentials.get("username", ""))).strip().lower()


def _account(login: str) -> Any:
    from .models import User

    return User.objects.filter(email__iexact=login).first() if login else None


class AccountAdapter(DefaultAccountAdapter):
    """Failed sign-ins count per address and per (account, place); see accounts/lockout.py."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed sign-ins from here. Try again in a few minutes, sign in from a "
            "browser you have used before, or choose “Forgot your password?” to get a "
            "sign-in link by email."
        ),
    }

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        account_key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account_key}:{lockout.place(request, _login(credentials))}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        login = _login(credentials)
        try:
            if lockout.unknown_places_blocked(request, login):
                raise self.validation_error("too_many_login_attempts")
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            known = lockout.known_device(request, login) is not None
            data = lockout.audit_data(request, known_browser=known)
            log_action(
                None, "accounts.login.locked", _account(login), data, audit=AuditContext.of(request)
            )
            raise

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        login = _login(credentials)
        failures, warn = lockout.record_failure(request, login)
        user = _account(login)
        if warn and user is not None:
            from .tasks import tell_owner_of_failed_sign_ins

            transaction.on_commit(lambda: tell_owner_of_failed_sign_ins.enqueue(user.pk, failures))

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        super()._delete_login_attempts_cached_email(request, **credentials)
        lockout.forget_failures(_login(credentials))

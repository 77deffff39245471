"""Second factors: an authenticator app (TOTP) or a passkey (WebAuthn).

Every place that asks "has this person set up two-factor authentication?" asks
`has_mfa`; recovery codes alone do not count, they only stand in for a lost factor.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def second_factors(user: Any) -> set[str]:
    """The kinds of second factor `user` has set up: "totp", "webauthn", both or none."""
    if not getattr(user, "is_authenticated", False):
        return set()
    kinds = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS)
    return set(kinds.values_list("type", flat=True).distinct())


def has_mfa(user: Any) -> bool:
    """True when `user` can prove a second factor: an authenticator app or a passkey."""
    return bool(second_factors(user))


def is_second_factor(authenticator: Authenticator) -> bool:
    """An authenticator whose setting-up proved possession (a code typed, a key touched)."""
    return authenticator.type in SECOND_FACTORS


class AddPasskeyForm(AddWebAuthnForm):
    """allauth's "add a security key" form, with passwordless sign-in ticked: a passkey
    that can sign in on its own is what people expect from the word."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        passwordless = self.fields.get("passwordless")
        if isinstance(passwordless, forms.BooleanField):
            passwordless.initial = True
            passwordless.label = gettext("Sign in with this passkey alone")
            passwordless.help_text = gettext(
                "Your device asks for your fingerprint, face or PIN each time, so the "
                "passkey is both your password and your second factor."
            )


class SecondStepForm(AuthenticateForm):
    """allauth's sign-in code form, knowing which factors the person has: someone with only
    a passkey is asked for the passkey first (templates/mfa/authenticate.html), the code
    field staying there for a recovery code."""

    @cached_property
    def factors(self) -> set[str]:
        return second_factors(self.user)

    @property
    def uses_app(self) -> bool:
        return Authenticator.Type.TOTP in self.factors

    @property
    def uses_passkey(self) -> bool:
        return Authenticator.Type.WEBAUTHN in self.factors

"""A passkey as the owner's second factor, set up in the wizard before the account exists.

The ceremony is allauth's WebAuthn (its fido2 server, relying party and extensions), with
the wizard holding what allauth keeps in the session: the challenge of the page the owner
is on. The owner's account is made only at the last step, in one transaction with the
practice (services.create_practice), so the credential waits in the wizard's answers and
becomes an allauth `Authenticator` there.

The account has no id yet to name in the credential, so the passkey is registered as a
second factor (not a discoverable, passwordless one): after the password, the device asks
for the fingerprint, face or PIN. A passkey that signs in on its own is added from the
account's security page once the practice exists (accounts/partials/_passkey_offer.html).
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.mfa.webauthn.internal import auth as webauthn
from fido2.webauthn import (
    PublicKeyCredentialUserEntity,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from .models import WizardState

PENDING = "passkey_pending"
HANDLE = "passkey_handle"


class PasskeyRefused(Exception):
    """The browser's answer is not a passkey made for this page's challenge."""


def creation_options(state: WizardState) -> dict[str, Any]:
    """What the browser needs to make a passkey (navigator.credentials.create), with a
    fresh challenge kept in the wizard until the page is answered."""
    owner = state.answers.get("owner", {})
    handle = state.answers.get(HANDLE) or secrets.token_urlsafe(16)
    options, pending = webauthn.get_server().register_begin(
        user=PublicKeyCredentialUserEntity(
            id=str(handle).encode(),
            name=owner.get("email", ""),
            display_name=owner.get("full_name") or owner.get("email", ""),
        ),
        credentials=[],
        resident_key_requirement=ResidentKeyRequirement.DISCOURAGED,
        user_verification=UserVerificationRequirement.PREFERRED,
        extensions=webauthn.EXTENSIONS,
    )
    state.answers[HANDLE] = handle
    state.answers[PENDING] = pending
    state.save(update_fields=["answers"])
    return dict(options)


def verified(state: WizardState, credential: dict[str, Any]) -> dict[str, Any]:
    """The browser's new passkey (`credential`, as PublicKeyCredential.toJSON gives it),
    checked against the challenge this wizard issued; PasskeyRefused otherwise."""
    pending = state.answers.get(PENDING)
    if not pending:
        raise PasskeyRefused
    try:
        webauthn.get_server().register_complete(pending, credential)
    except (ValueError, TypeError, KeyError, AttributeError) as wrong:
        raise PasskeyRefused from wrong
    # Used up: the same answer sent again (a replay, a double submit) finds no challenge.
    state.answers.pop(PENDING, None)
    return credential

"""Hosted sign-up: an email address asks, the emailed link proves it, the wizard opens.

The link carries the request's random code signed with the site's secret (lib.signed);
it works once and for `LINK_LIFETIME`. Redeeming it opens the same wizard as the setup
link, for the verified address, as one practice among many.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from easeplan.accounts.models import User

from .. import services
from ..models import SignupRequest
from . import tasks
from .links import LINK_LIFETIME, code_of


def request_signup(email: str, *, now: dt.datetime) -> SignupRequest:
    """Keep the request and email its link once the request is committed."""
    with transaction.atomic():
        request = SignupRequest.objects.create(email=email.strip().lower(), created_at=now)
        language = translation.get_language() or ""
        transaction.on_commit(lambda: tasks.send_signup_link.enqueue(request.code, language))
    return request


def check_link(token: str, *, now: dt.datetime) -> SignupRequest:
    """The sign-up request behind `token` if its link still works, else SetupRefused."""
    code = code_of(token)
    found = SignupRequest.objects.filter(code=code).first() if code else None
    if found is None:
        raise services.SetupRefused(
            gettext(
                "This link is not one we sent, or it was changed on its way. "
                "Ask for a new link on the sign-up page."
            )
        )
    if found.used_at is not None:
        raise services.SetupRefused(used_already())
    expires = found.created_at + LINK_LIFETIME
    if expires <= now:
        raise services.SetupRefused(
            gettext(
                "This link expired on %(day)s at %(time)s UTC. "
                "Ask for a new link on the sign-up page."
            )
            % services.utc_moment(expires)
        )
    if User.objects.filter(email__iexact=found.email).exists():
        raise services.SetupRefused(
            gettext(
                "An account with this address exists already: sign in with it, or sign up "
                "with another address to start a practice."
            )
        )
    return found


def used_already() -> str:
    return gettext(
        "This link has been used already; each works once. Ask for a new link on the sign-up page."
    )


def redeem_link(token: str, *, now: dt.datetime) -> str:
    """Use up the link and open a wizard for its verified address; returns the wizard's
    key for the session."""
    with transaction.atomic():
        found = check_link(token, now=now)
        claimed = SignupRequest.objects.filter(pk=found.pk, used_at=None).update(used_at=now)
        if not claimed:  # another browser took it a moment ago
            raise services.SetupRefused(used_already())
        return services.open_wizard(
            now=now, answers={"hosted": True, "verified_email": found.email}
        )

"""The weekly check-in's email link: a signed token naming one check-in, nothing else.

The token carries only the check-in's random code, signed with the site's secret (salt
"easeplan.outcomes.checkin"); a changed token fails the signature. Whether the link still
opens the form is the check-in's own state (its expiry and whether it is completed), so a
used or expired link says so without a password and without showing any data.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from easeplan.lib import signed

from ..models import CheckIn

SALT = "easeplan.outcomes.checkin"


def checkin_token(checkin: CheckIn) -> str:
    return signed.sign_code(checkin.code, salt=SALT)


def checkin_url(checkin: CheckIn) -> str:
    return f"{settings.SITE_URL}{reverse('outcomes:weekly', args=[checkin_token(checkin)])}"


def code_from_token(token: str) -> str | None:
    """The check-in's code, or None for a tampered or foreign token."""
    return signed.code_from_token(token, salt=SALT)

"""The sign-up link: a request's code signed with the site's secret (lib.signed)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from easeplan.lib.signed import code_from_token, sign_code

LINK_LIFETIME = dt.timedelta(hours=24)
SALT = "onboarding.signup"


def verify_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('signup:verify', args=[sign_code(code, salt=SALT)])}"


def code_of(token: str) -> str | None:
    """The request's code in a link's token, or None for a changed or foreign one."""
    return code_from_token(token, salt=SALT)

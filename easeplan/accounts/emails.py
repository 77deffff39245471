"""Emails about a person's own account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from easeplan.lib.emails import recipient_language, send


def failed_sign_ins(user: Any, failures: int) -> None:
    """Tell the owner of an account that someone keeps failing to sign in to it."""
    reset_url = f"{settings.SITE_URL}{reverse('account_reset_password')}"
    send(
        "failed-sign-ins",
        [user.email],
        {"user": user, "failures": failures, "reset_url": reset_url},
        language=recipient_language(user.language),
    )

from __future__ import annotations

import pytest
from django.core.cache import cache

from .helpers import DOMAIN


@pytest.fixture(autouse=True)
def hosting(settings) -> None:
    """Hosted sign-up on, for the domain clinics.example.org (as its environment sets it)."""
    settings.EASEPLAN_PRACTICE_SIGNUP = True
    settings.EASEPLAN_PRACTICE_DOMAIN = DOMAIN
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, f".{DOMAIN}"]
    settings.SITE_URL = f"https://{DOMAIN}"
    cache.clear()  # rate limits start afresh

"""A reader who chose French, for the pages' French tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.test import Client as HttpClient
from django.utils import translation

from easeplan.accounts.models import User

from .conftest import signed_in

NBSP = "\u00a0"  # before : ; ? ! and inside « », as French typography wants


@contextmanager
def french(browser: HttpClient) -> Iterator[HttpClient]:
    """`browser` as a visitor who chose French: the language cookie, and French for this
    thread (the language the pages are rendered in)."""
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    with translation.override("fr"):
        yield browser


@contextmanager
def reading_in_french(user: User) -> Iterator[HttpClient]:
    """A browser signed in as `user` who chose French: on the account, where accounts keep
    a language, and as `french` does."""
    if any(field.name == "language" for field in User._meta.get_fields()):
        User.objects.filter(pk=user.pk).update(language="fr")
    with french(signed_in(user, mfa=False)) as browser:
        yield browser

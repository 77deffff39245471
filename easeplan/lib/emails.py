"""Sending one email: render its three templates and hand it to the mail backend.

Each app builds its own emails (``<app>/emails.py``: who gets it and what it says) and
calls `send`. Templates live in ``templates/emails/<name>-subject.txt``, ``-body.txt``
and ``-body.html``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

# The subject on one line: runs of ordinary white space become one space. A no-break space
# stays, as French typography puts one before a colon.
SPACES = re.compile(r"[ \t\r\n\f\v]+")


def recipient_language(*choices: str | None) -> str:
    """The first language set among `choices`, most personal first, else LANGUAGE_CODE.

    Pass the recipient account's language, then their practice's:
    `recipient_language(user.language, practice.language)`.
    """
    known = {code for code, _name in settings.LANGUAGES}
    return next((c for c in choices if c and c in known), settings.LANGUAGE_CODE)


def send(
    name: str,
    to: Iterable[str],
    context: dict[str, Any],
    *,
    reply_to: Iterable[str] = (),
    calendar: bytes | None = None,
    language: str | None = None,
) -> None:
    """Render the three templates of `name` and send one message.

    `calendar` is an iCalendar invitation, attached as invite.ics and offered as a
    text/calendar alternative so mail apps show their "add to calendar" buttons.
    `language` is the recipient's (see `recipient_language`): the message is rendered in it;
    without one, in the language active now.
    """
    ctx = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or translation.get_language()):
        subject = SPACES.sub(" ", render_to_string(f"emails/{name}-subject.txt", ctx)).strip()
        text = render_to_string(f"emails/{name}-body.txt", ctx)
        html = render_to_string(f"emails/{name}-body.html", ctx)
    message = EmailMultiAlternatives(subject, text, to=list(to), reply_to=list(reply_to))
    message.attach_alternative(html, "text/html")
    if calendar is not None:
        methods = (m for m in ("CANCEL", "PUBLISH") if f"METHOD:{m}".encode() in calendar)
        method = next(methods, "REQUEST")
        message.attach("invite.ics", calendar, f"text/calendar; method={method}; charset=utf-8")
    message.send()

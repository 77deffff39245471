"""Every email easeplan sends: one function per kind.

Templates live in ``templates/emails/<name>-subject.txt``, ``-body.txt`` and
``-body.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send(
    name: str, to: Iterable[str], context: dict[str, Any], *, reply_to: Iterable[str] = ()
) -> None:
    """Render the three templates of `name` and send one message."""
    ctx = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", ctx).split())
    text = render_to_string(f"emails/{name}-body.txt", ctx)
    html = render_to_string(f"emails/{name}-body.html", ctx)
    message = EmailMultiAlternatives(subject, text, to=list(to), reply_to=list(reply_to))
    message.attach_alternative(html, "text/html")
    message.send()


def contact_received(contact: Any) -> None:
    """Tell the practice a visitor sent a message; replies go straight to the visitor."""
    send(
        "contact-received", [contact.practice.email], {"contact": contact}, reply_to=[contact.email]
    )


def staff_added(membership: Any, reset_url: str) -> None:
    """Tell a new team member they were added and how to set their password."""
    send("staff-added", [membership.user.email], {"membership": membership, "reset_url": reset_url})

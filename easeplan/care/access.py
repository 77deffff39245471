"""Which client record a person may fill in: their own, or one opened from an email link.

A client who has just booked has no password yet, so the confirmation email carries a
signed link to their intake and consents. Opening it lets this browser session fill in
that one client's forms (and nothing else) for a while; signed-in clients need no link.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from easeplan.practice.models import Client

View = Callable[..., HttpResponse]
SALT = "easeplan.care.forms-link"
LINK_DAYS = 30
SESSION_KEY = "care_clients"


def forms_token(client: Client) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object(client.code)


def forms_url(client: Client) -> str:
    """The absolute link for emails: opens the intake (and consents) of `client`."""
    return f"{settings.SITE_URL}{reverse('intake:open', args=[forms_token(client)])}"


def open_link(request: HttpRequest, token: str) -> Client:
    """Let this session fill in the forms of the client the token names, or 404."""
    try:
        code = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=LINK_DAYS * 24 * 3600
        )
    except signing.BadSignature as bad:  # tampered, foreign or expired
        raise Http404("This link is not valid any more.") from bad
    client = Client.objects.filter(code=code).first()
    if client is None:
        raise Http404("No such client.")
    opened = request.session.get(SESSION_KEY, [])
    if client.code not in opened:
        request.session[SESSION_KEY] = [*opened, client.code]
    return client


def client_for(request: HttpRequest, code: str) -> Client:
    """The client record `code` if it is the signed-in person's own or opened from an
    email link in this session; 404 for anything else."""
    found = Client.objects.select_related("practice").filter(code=code)
    if request.user.is_authenticated and found.filter(user=request.user).exists():
        return found.get()
    if code in request.session.get(SESSION_KEY, []):
        client = found.first()
        if client is not None:
            return client
    raise Http404("No such client.")


def client_forms(view: View) -> View:
    """A client's own forms page (`code` in the URL): signed in, or opened from the email
    link in this session. Anyone else signs in first (and then gets 404 if it isn't theirs)."""

    @wraps(view)
    def wrapper(request: HttpRequest, code: str, *args: Any, **kwargs: Any) -> HttpResponse:
        opened = code in request.session.get(SESSION_KEY, [])
        if not request.user.is_authenticated and not opened:
            return auth_views.redirect_to_login(request.get_full_path())
        return view(request, client_for(request, code), *args, **kwargs)

    return wrapper

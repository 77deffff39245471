"""Messages from the practice: staff send them from the client's page; the client reads
them in their account.

- Sending: any staff role of the client's practice (the front desk writes about
  scheduling), two-factor authentication used, as for every client record. Bad input
  goes back to the client's page with the reason, the text kept as a draft.
- Reading: the signed-in client, their messages from every practice; opening one marks it
  read. Someone else's message answers 404.
- The "add to home screen" hint on the client's home: "Not now" hides it for a year.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from easeplan.accounts.audit import AuditContext
from easeplan.accounts.http import ClientRequest
from easeplan.practice.access import client_records
from easeplan.practice.http import StaffRequest
from easeplan.practice.models import Client

from . import services
from .forms import MessageForm
from .models import Message
from .panels import DRAFT_KEY
from .services import MessageRefused

# The client's list pages through their messages (the client page shows the newest few).
PER_PAGE = 20
# Set by "Not now" on the home's "add to home screen" hint (templates/accounts/home.html).
INSTALL_HINT_COOKIE = "easeplan_app_hint"

# -- staff ----------------------------------------------------------------------------------


@client_records
@require_POST
def send(request: StaffRequest, code: str) -> HttpResponse:
    """Send a message to one client of the practice, then back to their page."""
    client = get_object_or_404(
        request.practice.clients.select_related("user"),
        code=code,
    )
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _refused(request, client, form, form.errors_in_words())
    data = form.cleaned_data
    try:
        services.send_message(
            client,
            subject=data["subject"],
            body=data["body"],
            sender=request.user,
            audit=AuditContext.of(request),
        )
    except MessageRefused as refused:
        return _refused(request, client, form, [refused.message])
    messages.success(request, _sent_words(client))  # shown at the top: no jump to the panel
    return redirect("practice:client", code=client.code)


def _refused(
    request: HttpRequest, client: Client, form: MessageForm, reasons: list[str]
) -> HttpResponse:
    """Back to the client's page with the reasons; what was typed stays in the form."""
    if form.data:
        draft = {key: form.data.get(key, "") for key in ("message-subject", "message-body")}
        request.session[DRAFT_KEY.format(code=client.code)] = draft
    messages.error(
        request, _("The message was not sent. %(reasons)s") % {"reasons": " ".join(reasons)}
    )
    return redirect(reverse("practice:client", args=[client.code]) + "#messages")


def _sent_words(client: Client) -> str:
    if services.can_email(client):
        return _("Message sent. %(name)s gets an email saying a message is waiting.") % {
            "name": client.first_name
        }
    return _(
        "Message saved. %(name)s has no account yet, so no email was sent: "
        "the message will be waiting when they sign up."
    ) % {"name": client.first_name}


# -- the client -----------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request: ClientRequest) -> HttpResponse:
    """The client's messages from all their practices, newest first."""
    found = Message.objects.filter(client__user=request.user).select_related("practice", "sender")
    page = Paginator(found.order_by("-sent_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/messages.html", {"page": page})


@login_required
@require_GET
def message(request: ClientRequest, code: str) -> HttpResponse:
    """One message; opening it marks it read."""
    found = get_object_or_404(
        Message.objects.select_related("practice", "sender"), client__user=request.user, code=code
    )
    services.mark_read(found, reader=request.user, now=timezone.now())
    with timezone.override(found.practice.zone):
        return render(request, "portal/message.html", {"message": found})


# -- the app hint ---------------------------------------------------------------------------


@login_required
@require_POST
def hide_install_hint(request: HttpRequest) -> HttpResponse:
    """ "Not now" on the "add to home screen" hint: a cookie keeps it hidden for a year on
    this browser (the hint is about this device, not the account)."""
    response = redirect("account_home")
    response.set_cookie(
        INSTALL_HINT_COOKIE,
        "hidden",
        max_age=60 * 60 * 24 * 365,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response

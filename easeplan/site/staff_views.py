"""The staff pages of the public site: the inbox of contact-form messages, and the
owner's settings of what the site shows."""

from __future__ import annotations

from django.contrib import messages as notices
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from easeplan.accounts.audit import AuditContext, log_action
from easeplan.practice.access import client_records, owner_required
from easeplan.practice.http import StaffRequest

from . import services
from .forms import PublicSiteForm
from .models import PublicSite


@client_records
def inbox(request: StaffRequest) -> HttpResponse:
    messages_ = request.practice.contact_messages.all()
    show = request.GET.get("show", "open")
    if show != "all":
        messages_ = messages_.filter(handled_at__isnull=True)
    return render(
        request,
        "site/staff/inbox.html",
        {"contact_messages": messages_[:200], "show": show, "section": "inbox"},
    )


@client_records
@require_http_methods(["GET", "POST"])
@transaction.atomic
def message_detail(request: StaffRequest, code: str) -> HttpResponse:
    message = get_object_or_404(request.practice.contact_messages, code=code)
    if request.method == "POST":
        handled = request.POST.get("action") == "handled"
        # Idempotent: a double click or two people at once end in the state they asked for.
        message.handled_at = (message.handled_at or timezone.now()) if handled else None
        message.handled_by = (message.handled_by or request.user) if handled else None
        message.save(update_fields=["handled_at", "handled_by"])
        action = "site.contact.handled" if handled else "site.contact.reopened"
        log_action(request.user, action, message, audit=AuditContext.of(request))
        return redirect("site:inbox")
    log_action(request.user, "site.contact.viewed", message, audit=AuditContext.of(request))
    return render(request, "site/staff/message.html", {"message": message, "section": "inbox"})


@owner_required
@require_http_methods(["GET", "POST"])
def site_settings(request: StaffRequest) -> HttpResponse:
    """What the public site shows: the introduction, the condition pages, the team, the
    opening hours."""
    form = PublicSiteForm(request.POST or None, instance=PublicSite.of(request.practice))
    if request.method == "POST" and form.is_valid():
        services.save_public_site(form, actor=request.user, audit=AuditContext.of(request))
        notices.success(request, "Public site saved. Visitors see the changes now.")
        return redirect("site:settings")
    return render(request, "site/staff/settings.html", {"form": form, "section": "public_site"})

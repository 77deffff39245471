"""Clearing a red-flag hold: a clinician of the practice, with a note, from the client page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from easeplan.accounts.audit import AuditContext
from easeplan.practice.access import clinical_records
from easeplan.practice.http import StaffRequest

from . import services as holds
from .forms import ClearHoldForm


@clinical_records
@require_POST
def clear(request: StaffRequest, code: str) -> HttpResponse:
    """Clear every open hold of the client with the note; the date is today's."""
    client = get_object_or_404(request.practice.clients, code=code)
    form = ClearHoldForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form.errors["note"][0]))
    else:
        try:
            note = form.cleaned_data["note"]
            holds.clear_holds(client, note, actor=request.user, audit=AuditContext.of(request))
        except holds.HoldRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                gettext("Red flag cleared: %(name)s can book online again.")
                % {"name": client.full_name},
            )
    return redirect(f"{reverse('practice:client', args=[client.code])}#red-flag-hold")

"""The client's portal home."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from easeplan.accounts.http import ClientRequest

from .sections import home_for


@login_required
@require_GET
def account_home(request: ClientRequest) -> HttpResponse:
    """The client's portal home: messages, the next visit, check-ins, plans, exercises,
    progress, forms and security (gathered by easeplan.portal.home.sections)."""
    home = home_for(request.user, timezone.now())
    return render(request, "portal/home/page.html", {"home": home})

"""Where people land after signing in, and the client's portal home."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from easeplan.portal.home import home_for

from .http import ClientRequest
from .models import Membership


@login_required
def home_for_user(request: ClientRequest) -> HttpResponse:
    """Staff go to their practice's dashboard; everyone else to their account."""
    if Membership.objects.filter(user=request.user).exists():
        return redirect("practice:dashboard")
    return redirect("account_home")


@login_required
@require_GET
def account_home(request: ClientRequest) -> HttpResponse:
    """The client's portal home: messages, the next visit, check-ins, plans, exercises,
    progress, forms and security (gathered by easeplan.portal.home)."""
    return render(request, "accounts/home.html", {"home": home_for(request.user, timezone.now())})

"""Where people land after signing in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from .http import ClientRequest
from .models import Membership


@login_required
def home_for_user(request: ClientRequest) -> HttpResponse:
    """Staff go to their practice's dashboard; everyone else to their account."""
    if Membership.objects.filter(user=request.user).exists():
        return redirect("practice:dashboard")
    return redirect("account_home")

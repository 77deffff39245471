"""Where people land after signing in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .models import Membership


@login_required
def home_for_user(request: HttpRequest) -> HttpResponse:
    """Staff go to their practice's dashboard; everyone else to their account."""
    if Membership.objects.filter(user=request.user).exists():
        return redirect("practice:dashboard")
    return redirect("account_home")

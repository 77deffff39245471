"""Where people land after signing in, and the client's account page."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from easeplan.booking.links import manage_token
from easeplan.booking.models import Appointment
from easeplan.care.plan_services import open_plans_of
from easeplan.practice.models import Client

from .models import Membership


@login_required
def home_for_user(request: HttpRequest) -> HttpResponse:
    """Staff go to their practice's dashboard; everyone else to their account."""
    if Membership.objects.filter(user=request.user).exists():
        return redirect("practice:dashboard")
    return redirect("account_home")


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    upcoming = Appointment.objects.filter(
        client__user=request.user, starts_at__gte=timezone.now(), status=Appointment.Status.BOOKED
    ).select_related("therapist", "service", "practice")[:10]
    has_mfa = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    visits = [(a, reverse("booking:manage", args=[manage_token(a)])) for a in upcoming]
    records = (
        Client.objects.filter(user=request.user)
        .select_related("practice", "intake")
        .order_by("practice__name")
    )
    return render(
        request,
        "accounts/home.html",
        {
            "upcoming": visits,
            "has_mfa": has_mfa,
            "records": records,
            "plans": open_plans_of(request.user),
        },
    )

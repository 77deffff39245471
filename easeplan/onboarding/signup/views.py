"""Hosted sign-up's pages: /start/ asks for an email, the emailed link opens the wizard."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from easeplan.lib import ratelimit

from .. import services as setup
from . import services
from .forms import SignupForm

SESSION_KEY = "onboarding.wizard"  # the wizard's own key: its pages take over from here
TOO_MANY = (
    "Several sign-ups came from here in the last hour. Please try again later, or write "
    "to the host of this service."
)


def _signup_on() -> None:
    if not settings.EASEPLAN_PRACTICE_SIGNUP:
        raise Http404("Sign-up is not offered here.")


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    _signup_on()
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        limit = settings.EASEPLAN_SIGNUP_RATE_PER_HOUR
        allowed = ratelimit.hit(
            "signup", ratelimit.client_ip(request), limit=limit, window_seconds=3600
        ) and ratelimit.hit(
            "signup-email", form.cleaned_data["email"], limit=3, window_seconds=3600
        )
        if not allowed:
            form.add_error(None, TOO_MANY)
            return render(request, "onboarding/signup/start.html", {"form": form}, status=429)
        if not form.is_spam():  # bots see the same page and nothing is stored or sent
            services.request_signup(form.cleaned_data["email"], now=timezone.now())
        request.session["onboarding.signup_email"] = form.cleaned_data["email"]
        return redirect("signup:sent")
    return render(request, "onboarding/signup/start.html", {"form": form})


def sent(request: HttpRequest) -> HttpResponse:
    _signup_on()
    email = request.session.get("onboarding.signup_email", "")
    return render(request, "onboarding/signup/sent.html", {"email": email})


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: shows a button (link checkers and previews don't use it up);
    pressing it uses the link and opens the wizard for the verified address."""
    _signup_on()
    now = timezone.now()
    try:
        if request.method == "GET":
            found = services.check_link(token, now=now)
            return render(request, "onboarding/signup/verify.html", {"email": found.email})
        key = services.redeem_link(token, now=now)
    except setup.SetupRefused as refused:
        return render(
            request, "onboarding/signup/refused.html", {"message": refused.message}, status=410
        )
    request.session[SESSION_KEY] = key
    return redirect("onboarding:step", "practice")

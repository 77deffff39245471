"""Where people land after signing in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .http import ClientRequest
from .models import Membership, User


@login_required
def home_for_user(request: ClientRequest) -> HttpResponse:
    """Staff go to their practice's dashboard; everyone else to their account."""
    if Membership.objects.filter(user=request.user).exists():
        return redirect("practice:dashboard")
    return redirect("account_home")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer's language switcher: Django's cookie, and the signed-in person's account."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and getattr(user, "language", None) != language
    ):
        User.objects.filter(pk=user.pk).update(language=language)
    return response

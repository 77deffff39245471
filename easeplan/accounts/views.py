"""Where people land after signing in."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from .http import ClientRequest
from .models import Membership, User


@login_required
def home_for_user(request: ClientRequest) -> HttpResponse:
    """Staff go to their practice's dashboard; everyone else to their account."""
    if Membership.objects.filter(user=request.user).exists():
        return redirect("practice:dashboard")
    return redirect("account_home")


@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """The language chooser the footer links to: Django's cookie, and the signed-in person's
    account. Shown with GET; the page it came from is where choosing leads back."""
    if request.method == "GET":
        came_from = request.headers.get("referer", "")
        safe = url_has_allowed_host_and_scheme(
            came_from, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return render(request, "accounts/language.html", {"next": came_from if safe else ""})
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

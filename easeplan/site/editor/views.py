"""The owner's settings of what the public site shows (the route is in site/urls.py, under
staff/)."""

from __future__ import annotations

from django.contrib import messages as notices
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from easeplan.accounts.audit import AuditContext
from easeplan.practice.access import owner_required
from easeplan.practice.http import StaffRequest

from .. import services
from ..forms import PublicSiteForm
from ..models import PublicSite


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
    return render(request, "site/editor/settings.html", {"form": form, "section": "public_site"})

"""Public pages: home, condition pages, self-check entry and the contact form."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from easeplan.lib import hosts, ratelimit
from easeplan.practice.http import SiteRequest
from easeplan.practice.models import Practice, WorkingHours

from . import rules, tasks
from .conditions import BY_SLUG, Condition
from .forms import ContactForm
from .models import PublicSite


def practice_or_404(request: SiteRequest) -> Practice:
    practice = request.site_practice
    if not practice:
        raise Http404("No practice has been set up yet.")
    return practice


def in_language(condition: Condition) -> Condition:
    """The condition with its title and summary in the active language."""
    return dataclasses.replace(
        condition, title=gettext(condition.title), summary=gettext(condition.summary)
    )


def home(request: SiteRequest) -> HttpResponse:
    if not request.site_practice and settings.EASEPLAN_PRACTICE_SIGNUP:
        # The hosting domain itself is no practice's site: it is where practices start.
        # A subdomain no practice has is nobody's (no sign-up page on a practice's address).
        host = hosts.normalise(request.get_host().split(":")[0])
        domain = settings.EASEPLAN_PRACTICE_DOMAIN
        if host == domain or not hosts.is_under(host, domain):
            return redirect("signup:start")
    practice = practice_or_404(request)
    public_site = PublicSite.of(practice)
    therapists = practice.therapists.filter(is_active=True)
    context = {
        "public_site": public_site,
        "conditions": [in_language(c) for c in public_site.conditions],
        "therapists": therapists if public_site.show_team else [],
        "services": practice.services.filter(is_active=True, bookable_online=True),
        "opening_hours": opening_hours_of(practice) if public_site.show_opening_hours else [],
    }
    return render(request, "site/home.html", context)


def opening_hours_of(practice: Practice) -> list[tuple[str, list[tuple[dt.time, dt.time]]]]:
    """The practice's opening hours as (weekday name, intervals), from the working hours of
    its active therapists (one query)."""
    hours = (
        WorkingHours.objects.for_practice(practice)
        .filter(therapist__is_active=True)
        .values_list("weekday", "starts", "ends")
    )
    by_day = rules.opening_hours(hours)
    return [(str(WEEKDAYS[day]), spans) for day, spans in by_day.items()]


def condition(request: SiteRequest, slug: str) -> HttpResponse:
    found = BY_SLUG.get(slug)
    if found is None:
        raise Http404("No such page.")
    practice = practice_or_404(request)
    on_show = PublicSite.of(practice).conditions
    if found not in on_show:
        raise Http404("No such page.")
    others = [in_language(c) for c in on_show if c.slug != slug]
    return render(request, found.template, {"condition": in_language(found), "others": others})


@require_http_methods(["GET", "POST"])
def contact(request: SiteRequest) -> HttpResponse:
    practice = practice_or_404(request)
    initial = {"topic": request.GET.get("topic", "question")}
    form = ContactForm(request.POST or None, initial=initial, region=practice.country)
    if request.method == "POST" and form.is_valid():
        allowed = ratelimit.hit(
            f"contact:{practice.pk}",
            ratelimit.client_ip(request),
            limit=settings.EASEPLAN_CONTACT_RATE_PER_HOUR,
            window_seconds=3600,
        )
        if not allowed:
            form.add_error(
                None,
                gettext(
                    "You've sent several messages in the last hour. Please try "
                    "again later, or call us."
                ),
            )
            return render(request, "site/contact.html", {"form": form}, status=429)
        if not form.is_spam():  # bots get the same thank-you page and nothing is stored
            with transaction.atomic():
                message = form.save(commit=False)
                message.practice = practice
                message.save()
                transaction.on_commit(
                    lambda: tasks.notify_practice_of_message.enqueue(message.code)
                )
        return redirect("site:contact_thanks")
    return render(request, "site/contact.html", {"form": form})


def contact_thanks(request: SiteRequest) -> HttpResponse:
    practice_or_404(request)
    return render(request, "site/contact_thanks.html")


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the app can reach its database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")

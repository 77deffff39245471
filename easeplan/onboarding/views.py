"""The first-run wizard's pages: the setup link, one page per step, then the dashboard."""

from __future__ import annotations

import base64
from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import get_adapter as mfa_adapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from easeplan.accounts.mfa import SECOND_FACTORS
from easeplan.accounts.models import User

from . import first_run, forms, panels, passkey, services, steps
from .models import WizardState

SESSION_KEY = "onboarding.wizard"
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(request, "onboarding/refused.html", {"message": message}, status=status)


def _state(request: HttpRequest) -> WizardState | None:
    """This browser's wizard (kept after it made its practice: a resubmit leads there);
    None once its practice is gone again, as its answers went with it."""
    state = services.wizard_for(request.session.get(SESSION_KEY))
    if state is not None and state.practice_id is None and state.answers.get("finished"):
        return None
    return state


def start(request: HttpRequest) -> HttpResponse:
    """Where every page leads while there is no practice: the wizard, or how to open it."""
    state = _state(request)
    if state is not None and state.practice_id is not None:
        return redirect("practice:dashboard")
    if state is not None and (steps.is_hosted(state) or not first_run.practice_exists()):
        return redirect("onboarding:step", steps.first_open_step(state).slug)
    if first_run.practice_exists():
        return _refused(
            request, gettext("This installation is set up already: sign in instead."), status=404
        )
    return render(request, "onboarding/start.html")


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    """The printed setup link: shows a button (link checkers and previews don't use the
    link up); pressing it uses the link and opens the wizard."""
    now = timezone.now()
    try:
        if request.method == "GET":
            services.check_setup_token(token, now=now)
            return render(request, "onboarding/link.html")
        key = services.redeem_setup_token(token, now=now)
    except services.SetupRefused as refused:
        return _refused(request, refused.message, status=410)
    request.session[SESSION_KEY] = key
    return redirect("onboarding:step", steps.STEPS[0].slug)


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    current = steps.BY_SLUG.get(slug)
    if current is None:
        raise Http404("No such step.")
    state = _state(request)
    if state is None:
        return redirect("onboarding:start")
    if state.practice_id is not None:
        return redirect("practice:dashboard")
    if steps.is_hosted(state):
        if not settings.EASEPLAN_PRACTICE_SIGNUP:
            raise Http404("Sign-up is not offered here.")
    elif first_run.practice_exists():
        return _refused(
            request, gettext("This installation is set up already: sign in instead."), status=404
        )
    if not steps.may_open(state, current):
        return redirect("onboarding:step", steps.first_open_step(state).slug)
    form = steps.form_for(current, state, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if current.slug == "hours" and "copy" in request.POST:
            steps.save_answers(state, current, form.copied_monday(), complete=False)
            messages.info(request, gettext("Monday's hours are copied to Tuesday to Friday."))
            return redirect("onboarding:step", current.slug)
        if form.is_valid():
            steps.save_answers(state, current, form.answers(), complete=True)
            following = steps.next_step(current)
            if following is not None:
                return redirect("onboarding:step", following.slug)
            return _finish(request, state)
    return render(request, current.template, _context(current, state, form))


def _context(current: steps.Step, state: WizardState, form: Any) -> dict[str, Any]:
    context = {
        "form": form,
        "step": current,
        "steps": steps.STEPS,
        "done": steps.done(state),
        "number": steps.STEPS.index(current) + 1,
        "previous": steps.previous_step(current),
    }
    if current.slug == "practice":
        context["country_defaults"] = forms.country_defaults()
        context["country_words"] = {
            "zone": gettext("The country's time zone (%(zone)s)"),
            "zones": gettext("The country has several time zones: choose yours"),
            "no_zone": gettext("The country's time zone"),
            "currency": gettext("The country's currency (%(currency)s)"),
            "no_currency": gettext("The country's currency"),
        }
    if current.slug == "security":
        owner = state.answers.get("owner", {})
        person = User(email=owner.get("email", ""))
        adapter = mfa_adapter()
        url = adapter.build_totp_url(person, form.secret)
        svg = adapter.build_totp_svg(url)
        context["totp_url"] = url
        context["totp_secret"] = form.secret
        context["totp_qr"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        context["passkey_options"] = {"creation_options": passkey.creation_options(state)}
        context["passkey_messages"] = {
            "failed": gettext(
                "The passkey was not made (cancelled, timed out or refused). Try again, or "
                "use an authenticator app below."
            )
        }
    return context


def _finish(request: HttpRequest, state: WizardState) -> HttpResponse:
    hosted = steps.is_hosted(state)
    try:
        practice, owner, created = steps.finish(
            state.pk, now=timezone.now(), first_of_installation=not hosted
        )
    except services.SetupRefused as refused:
        return _refused(request, refused.message, status=404)
    except services.SetupProblem as problem:
        messages.error(request, problem.message)
        return redirect("onboarding:step", steps.step_of_problem(problem, state).slug)
    if created and owner is not None:
        login(request, owner, backend=BACKEND)
        # The owner typed their password and proved a second factor on these pages: a
        # code from their authenticator app, or their passkey.
        record_authentication(request, owner, method="password", email=owner.email)
        factor = (
            Authenticator.objects.filter(user=owner, type__in=SECOND_FACTORS)
            .values_list("type", flat=True)
            .first()
        )
        if factor is not None:
            record_authentication(request, owner, method="mfa", type=factor)
        if hosted:
            done = gettext(
                "%(name)s is set up. Its public pages are at %(address)s/. Here is what to do next."
            ) % {"name": practice.name, "address": panels.public_address(practice)}
        else:
            done = gettext("%(name)s is set up. Here is what to do next.") % {"name": practice.name}
        messages.success(request, done)
    return redirect("practice:dashboard")

"""The public self-check: five short steps, then a verdict from the pure rules.

Answers live in the visitor's session only (nothing is stored with personal data unless
they go on to book). Each step is its own page with its own URL and the post redirects,
so the browser's back button returns to the previous step with its answers.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..holds import services as holds
from ..rules import self_check as rules
from .forms import STEPS
from .session import SESSION_KEY, verdict_for


def _answers(request: HttpRequest) -> dict[str, Any]:
    stored = request.session.get(SESSION_KEY)
    return stored if isinstance(stored, dict) else {}


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, name: str = "where") -> HttpResponse:
    names = [n for n, _ in STEPS]
    if name not in names:
        raise Http404("No such step.")
    index = names.index(name)
    form_class = STEPS[index][1]
    saved = _answers(request)
    initial = saved.get(name, {})
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved[name] = form.cleaned_data
        request.session[SESSION_KEY] = saved
        # A red flag stops online booking in this session, whatever is answered later.
        flagged = verdict_for(saved).reasons
        holds.remember_in_session(request.session, [flag.code for flag in flagged])
        if index + 1 < len(names):
            return redirect("screening:step", name=names[index + 1])
        return redirect("screening:result")
    previous = names[index - 1] if index else None
    return render(
        request,
        "screening/self_check/step.html",
        {"form": form, "step": index + 1, "steps": len(names), "previous": previous},
    )


def result(request: HttpRequest) -> HttpResponse:
    saved = _answers(request)
    missing = [n for n, _ in STEPS if n not in saved]
    if missing:
        return redirect("screening:step", name=missing[0])
    verdict = verdict_for(saved)
    # Changing the answers after a red flag doesn't reopen booking in this browser.
    held = holds.stop_for(session=request.session) if verdict.booking_offered else None
    return render(
        request,
        "screening/self_check/result.html",
        {
            "held": held,
            "verdict": verdict,
            "outcome": verdict.outcome.value,
            "version": rules.QUESTIONNAIRE_VERSION,
        },
    )

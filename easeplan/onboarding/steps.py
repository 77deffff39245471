"""The wizard's steps, in order, and the last one that turns the answers into a practice.

Each step is a name, a title and the functions that build its form and keep its answers;
the setup link's wizard and a hosted sign-up walk the same list over a WizardState.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from easeplan.accounts.models import User
from easeplan.lib.locks import lock
from easeplan.practice.models import Practice

from . import forms, passkey, services
from .models import WizardState

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | _StrPromise
    template: str


STEPS = (
    Step("practice", gettext_lazy("Your practice"), "onboarding/practice.html"),
    Step("owner", gettext_lazy("Your account"), "onboarding/owner.html"),
    Step("security", gettext_lazy("Two-factor authentication"), "onboarding/security.html"),
    Step("services", gettext_lazy("Services"), "onboarding/services.html"),
    Step("hours", gettext_lazy("Your working hours"), "onboarding/hours.html"),
    Step("team", gettext_lazy("Invite your team"), "onboarding/team.html"),
)
BY_SLUG = {step.slug: step for step in STEPS}


def done(state: WizardState) -> list[str]:
    return list(state.answers.get("done", []))


def first_open_step(state: WizardState) -> Step:
    """The first step not answered yet (the last one when all are)."""
    finished = done(state)
    return next((s for s in STEPS if s.slug not in finished), STEPS[-1])


def may_open(state: WizardState, step: Step) -> bool:
    """A step opens once every step before it is answered."""
    finished = done(state)
    before = STEPS[: STEPS.index(step)]
    return all(s.slug in finished for s in before)


def next_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous_step(step: Step) -> Step | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


# Which page asked for the field a SetupProblem names (the last step's check may find
# what changed since: an address someone else signed up with meanwhile).
PAGE_OF_FIELD = {
    "email": "owner",
    "duration_minutes": "services",
    "buffer_after_minutes": "services",
    "price": "services",
    "name": "services",
    "hours": "hours",
}


def step_of_problem(problem: services.SetupProblem, state: WizardState) -> Step:
    slug = PAGE_OF_FIELD.get(problem.field, "practice" if problem.field else "")
    return BY_SLUG.get(slug) or first_open_step(state)


def save_answers(
    state: WizardState, step: Step, answers: dict[str, Any], *, complete: bool
) -> None:
    state.answers[step.slug] = answers
    finished = [s for s in done(state) if s != step.slug]
    if complete:
        finished.append(step.slug)
    state.answers["done"] = finished
    state.updated_at = timezone.now()
    state.save(update_fields=["answers", "updated_at"])


def totp_secret(state: WizardState) -> str:
    """The secret the authenticator app is shown; kept until the step is answered, so a
    reload or the back button shows the same code to scan."""
    pending = state.answers.get("security_pending")
    if not pending:
        pending = state.answers["security_pending"] = generate_totp_secret()
        state.save(update_fields=["answers"])
    return str(pending)


def is_hosted(state: WizardState) -> bool:
    """Whether this wizard was opened by a hosted sign-up (one practice among many) rather
    than the installation's setup link."""
    return bool(state.answers.get("hosted"))


FormBuilder = Callable[..., Any]


def form_for(step: Step, state: WizardState, data: Any = None) -> Any:
    """The step's form, bound to `data` or showing the answers kept so far."""
    answers = state.answers.get(step.slug, {})
    verified_email = str(state.answers.get("verified_email", ""))
    if step.slug == "practice":
        initial = forms.PracticeStep.initial_from(answers) or (
            {"email": verified_email} if verified_email else None
        )
        return forms.PracticeStep(data, initial=initial, hosted=is_hosted(state))
    if step.slug == "owner":
        return forms.OwnerStep(
            data,
            initial=forms.OwnerStep.initial_from(answers),
            kept_password=answers.get("password_hash", ""),
            verified_email=verified_email,
        )
    if step.slug == "security":
        return forms.AuthenticatorStep(
            data,
            secret=totp_secret(state),
            verify_passkey=lambda credential: passkey.verified(state, credential),
        )
    if step.slug == "services":
        return forms.ServiceRows(data, initial=forms.service_rows_initial(answers), prefix="s")
    if step.slug == "hours":
        return forms.HoursStep(data, initial=forms.HoursStep.initial_from(answers))
    owner_email = state.answers.get("owner", {}).get("email", "")
    return forms.InvitationRows(
        data, initial=answers.get("rows", []), prefix="t", owner_email=owner_email
    )


def new_practice(answers: dict[str, Any]) -> services.NewPractice:
    """The answers of a finished wizard as what `create_practice` makes."""
    p, owner = answers["practice"], answers["owner"]
    return services.NewPractice(
        practice=services.PracticeDetails(
            name=p["name"],
            slug=p["slug"],
            country=p["country"],
            time_zone=p["time_zone"],
            currency=p["currency"],
            email=p["email"],
            address=p.get("address", ""),
            phone=p.get("phone", ""),
            cancellation_notice_hours=int(p["cancellation_notice_hours"]),
        ),
        owner=services.OwnerDetails(
            email=owner["email"],
            full_name=owner["full_name"],
            password_hash=owner["password_hash"],
            totp_secret=answers.get("security", {}).get("totp_secret"),
            passkey=answers.get("security", {}).get("passkey"),
        ),
        services=[
            services.ServiceDetails(
                name=row["name"],
                duration_minutes=int(row["duration_minutes"]),
                buffer_after_minutes=int(row["buffer_after_minutes"] or 0),
                price=Decimal(row["price"]),
            )
            for row in answers.get("services", {}).get("rows", [])
            if row.get("include")
        ],
        hours=forms.spans_from(answers.get("hours", {})),
        invitations=[
            services.Invitation(
                full_name=row["full_name"],
                email=row["email"],
                role=row["role"],
                is_therapist=bool(row["is_therapist"]),
            )
            for row in answers.get("team", {}).get("rows", [])
        ],
    )


def finish(
    state_pk: int, *, now: dt.datetime, first_of_installation: bool = True
) -> tuple[Practice, User | None, bool]:
    """Create the practice of a wizard whose steps are all answered.

    Returns (practice, owner, created). The wizard's row is locked first: a second submit
    (a double click, a reload) finds the practice made and creates nothing. The setup
    link's wizard makes the installation's first practice only; a sign-up for one of many
    practices passes `first_of_installation=False`.
    """
    with transaction.atomic():
        state = lock(WizardState, pk=state_pk)
        if state.practice_id is not None:
            return state.practice, None, False  # type: ignore[return-value]
        missing = [str(s.title) for s in STEPS if s.slug not in done(state)]
        if missing:
            raise services.SetupProblem(
                gettext("Some steps are not answered yet: %(steps)s.")
                % {"steps": ", ".join(missing)}
            )
        if first_of_installation and Practice.objects.exists():
            raise services.SetupRefused(
                gettext("This installation is set up already: sign in instead.")
            )
        practice, owner = services.create_practice(new_practice(state.answers), now=now)
        # The answers held a password hash and the second factor's secret: not kept.
        state.practice = practice
        state.answers = {"done": done(state), "finished": True}
        state.updated_at = now
        state.save(update_fields=["practice", "answers", "updated_at"])
    return practice, owner, True

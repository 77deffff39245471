"""Who may see what: the staff-area decorators, in one place.

Staff pages load the practice from the signed-in user's membership; anyone without one
gets 404, so the staff area looks missing rather than forbidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, cast

from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.sessions.backends.base import SessionBase
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from easeplan.accounts.mfa import second_factors
from easeplan.accounts.models import Membership, User

from .http import StaffRequest

Role = Membership.Role
ALL_STAFF = (Role.OWNER, Role.THERAPIST, Role.FRONT_DESK)
View = Callable[..., HttpResponse]


def membership_for(user: User, session: SessionBase) -> Membership | None:
    """The membership the user works under: the one chosen in the session, else the first."""
    memberships = Membership.objects.filter(user=user).select_related("practice")
    chosen = session.get("practice_id")
    if chosen:
        found = memberships.filter(practice_id=chosen).first()
        if found:
            return found
    return memberships.order_by("created_at", "pk").first()


def staff_required(roles: Iterable[str] = ALL_STAFF) -> Callable[[View], View]:
    """Let in signed-in members of a practice with one of `roles`; 404 for anyone else."""
    allowed = set(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return auth_views.redirect_to_login(request.get_full_path())
            staff = cast(StaffRequest, request)  # signed in; the rest is set here
            membership = membership_for(staff.user, request.session)
            if membership is None or membership.role not in allowed:
                raise Http404("No such page.")
            staff.membership = membership
            staff.practice = membership.practice
            timezone.activate(membership.practice.zone)
            try:
                return view(staff, *args, **kwargs)
            finally:
                timezone.deactivate()

        return wrapper

    return decorator


def mfa_satisfied(request: HttpRequest) -> bool:
    """True when this session may show client records: the rule is off, or the person
    used their second factor in this session (at sign-in or since)."""
    if not settings.EASEPLAN_REQUIRE_STAFF_MFA:
        return True
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _ask_for_second_factor(request: HttpRequest, factors: set[str]) -> HttpResponse:
    """Send someone who has a second factor to use it, then back to the page they asked for."""
    next_page = urlencode({"next": request.get_full_path()})
    if "totp" in factors:
        route = "mfa_reauthenticate"
        text = _(
            "Client records hold health information. Enter a code from your authenticator "
            "app to open them."
        )
    else:
        route = "mfa_reauthenticate_webauthn"
        text = _("Client records hold health information. Use your passkey to open them.")
    messages.warning(request, text)
    return redirect(f"{reverse(route)}?{next_page}")


def client_records(view: View, roles: Iterable[str] = ALL_STAFF) -> View:
    """Staff who open client records must have used two-factor authentication."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if mfa_satisfied(request):
            return view(request, *args, **kwargs)
        factors = second_factors(request.user)
        if factors:
            return _ask_for_second_factor(request, factors)
        messages.warning(
            request,
            _(
                "Client records hold health information. Turn on two-factor "
                "authentication (an authenticator app or a passkey) to open them."
            ),
        )
        return redirect("mfa_index")

    return staff_required(roles)(wrapper)


CLINICIANS = (Role.OWNER, Role.THERAPIST)


def clinical_records(view: View) -> View:
    """Health records (intake, consents, assessments, summaries): clinicians only, with
    two-factor authentication used in the session. The front desk gets 404."""
    return client_records(view, roles=CLINICIANS)


owner_required = staff_required(roles=(Role.OWNER,))


def own_profile(view: View) -> View:
    """A clinician's pages about themselves: the view gets the signed-in member's own
    therapist profile in this practice as its second argument. Without one (the front
    desk, an owner who takes no appointments) the page answers 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        staff = cast(StaffRequest, request)
        therapist = staff.practice.therapists.filter(user=staff.user).first()
        if therapist is None:
            raise Http404("You have no therapist profile in this practice.")
        return view(staff, therapist, *args, **kwargs)

    return staff_required(CLINICIANS)(wrapper)

"""Setting up a practice: the setup link, and creating everything in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.webauthn.internal.auth import WebAuthn
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext

from easeplan.accounts.audit import log_action
from easeplan.accounts.models import Membership, User
from easeplan.lib.integrity import violates
from easeplan.practice.models import Practice, Service, Therapist, WorkingHours
from easeplan.practice.services import add_member

from . import rules
from .models import SetupToken, WizardState, digest, new_secret

SETUP_LINK_LIFETIME = dt.timedelta(hours=24)


class SetupRefused(Exception):
    """The setup link or wizard can't be used; `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SetupProblem(ValueError):
    """The answers can't make a practice; `field` (when known) is the one to fix."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def issue_setup_link(*, now: dt.datetime) -> str:
    """A new one-time setup link (its URL); links issued before that weren't used stop
    working, so only the newest printed link opens the wizard."""
    secret = new_secret()
    with transaction.atomic():
        SetupToken.objects.filter(used_at=None).delete()
        SetupToken.objects.create(
            digest=digest(secret), created_at=now, expires_at=now + SETUP_LINK_LIFETIME
        )
    return setup_url(secret)


def setup_url(secret: str) -> str:
    return f"{settings.SITE_URL}{reverse('onboarding:link', args=[secret])}"


def check_setup_token(secret: str, *, now: dt.datetime) -> SetupToken:
    """The token behind `secret` if it can still open the wizard, else SetupRefused."""
    if Practice.objects.exists():
        raise SetupRefused(gettext("This installation is set up already: sign in instead."))
    token = SetupToken.objects.filter(digest=digest(secret)).first()
    if token is None:
        raise SetupRefused(
            gettext(
                "This setup link is not one we issued, or a newer one replaced it. "
                "Run `python manage.py setup_link` on the server for a new link."
            )
        )
    if token.used_at is not None:
        raise SetupRefused(used_already())
    if token.expires_at <= now:
        raise SetupRefused(
            gettext(
                "This setup link expired on %(day)s at %(time)s UTC. "
                "Run `python manage.py setup_link` on the server for a new link."
            )
            % utc_moment(token.expires_at)
        )
    return token


def used_already() -> str:
    return gettext(
        "This setup link has been used already; each works once. "
        "Run `python manage.py setup_link` on the server for a new link."
    )


def utc_moment(moment: dt.datetime) -> dict[str, str]:
    """A moment's day and time in UTC, as the reader's language writes them."""
    utc = moment.astimezone(dt.UTC)
    return {"day": formats.date_format(utc, "j F Y"), "time": formats.time_format(utc, "H:i")}


def redeem_setup_token(secret: str, *, now: dt.datetime) -> str:
    """Use up the setup link and open a wizard; returns the wizard's key for the session."""
    with transaction.atomic():
        token = check_setup_token(secret, now=now)
        claimed = SetupToken.objects.filter(pk=token.pk, used_at=None).update(used_at=now)
        if not claimed:  # another browser took it a moment ago
            raise SetupRefused(used_already())
        return open_wizard(now=now)


def open_wizard(*, now: dt.datetime, answers: dict[str, object] | None = None) -> str:
    """A new wizard state; returns the secret key the browser keeps (its digest is stored)."""
    key = new_secret()
    WizardState.objects.create(key=digest(key), answers=answers or {}, created_at=now)
    return key


def wizard_for(key: str | None) -> WizardState | None:
    return WizardState.objects.filter(key=digest(key)).first() if key else None


@dataclass(frozen=True)
class PracticeDetails:
    name: str
    slug: str
    country: str
    time_zone: str
    currency: str
    email: str
    address: str = ""
    phone: str = ""
    cancellation_notice_hours: int = 24


@dataclass(frozen=True)
class OwnerDetails:
    email: str
    full_name: str
    password_hash: str | None = None  # None: the owner sets one from an emailed link
    totp_secret: str | None = None  # a confirmed authenticator's secret, if set up
    # Or a passkey made in the wizard (onboarding.passkey): the browser's credential.
    passkey: dict[str, Any] | None = None


@dataclass(frozen=True)
class ServiceDetails:
    name: str
    duration_minutes: int
    buffer_after_minutes: int
    price: Decimal
    description: str = ""


@dataclass(frozen=True)
class Invitation:
    full_name: str
    email: str
    role: str
    is_therapist: bool


@dataclass(frozen=True)
class NewPractice:
    practice: PracticeDetails
    owner: OwnerDetails
    services: Sequence[ServiceDetails] = ()
    hours: Sequence[rules.Span] = ()
    invitations: Sequence[Invitation] = field(default_factory=tuple)


def create_practice(setup: NewPractice, *, now: dt.datetime) -> tuple[Practice, User]:
    """Create the practice, its owner (member, therapist), services, the owner's hours and
    two-factor authenticator, and invite the team: all of it, or nothing."""
    try:
        return _create_practice(setup, now=now)
    except IntegrityError as clash:
        # Another setup took the short name or the address between our check and our
        # write (their transaction committed first): say which, as the check would have.
        if violates(clash, Practice, "slug"):
            raise SetupProblem(
                f"“{setup.practice.slug}” is taken: another practice has this address. "
                "Choose another.",
                "slug",
            ) from clash
        if violates(clash, User, "email"):
            raise SetupProblem(
                "An account with this email exists: use another address.", "email"
            ) from clash
        raise


def _create_practice(setup: NewPractice, *, now: dt.datetime) -> tuple[Practice, User]:
    with transaction.atomic():
        practice = _practice(setup.practice, now=now)
        owner = _owner(setup.owner, practice)
        therapist = Therapist.objects.create(
            practice=practice, user=owner, display_name=setup.owner.full_name or owner.email
        )
        for details in setup.services:
            _service(practice, details)
        _hours(therapist, setup.hours)
        log_action(
            owner,
            "practice.created",
            practice,
            {"services": len(setup.services), "invitations": len(setup.invitations)},
            practice=practice,
        )
        for invite in setup.invitations:
            if invite.email.lower() == owner.email:
                raise SetupProblem(gettext("The owner is on the team already."), "email")
            add_member(
                practice,
                full_name=invite.full_name,
                email=invite.email,
                role=invite.role,
                is_therapist=invite.is_therapist,
                actor=owner,
            )
    return practice, owner


def _practice(details: PracticeDetails, *, now: dt.datetime) -> Practice:
    if settings.EASEPLAN_PRACTICE_SIGNUP:  # every short name is a host name then
        problem = rules.slug_problem(details.slug, gettext)
        if problem:
            raise SetupProblem(problem, "slug")
    if Practice.objects.filter(slug=details.slug).exists():
        raise SetupProblem(
            gettext("“%(slug)s” is taken: another practice has this address. Choose another.")
            % {"slug": details.slug},
            "slug",
        )
    problem = rules.notice_problem(details.cancellation_notice_hours, gettext)
    if problem:
        raise SetupProblem(problem, "cancellation_notice_hours")
    practice = Practice(
        name=details.name,
        slug=details.slug,
        country=details.country,
        time_zone=details.time_zone,
        currency=details.currency,
        email=details.email,
        address=details.address,
        phone=details.phone,
        cancellation_notice_hours=details.cancellation_notice_hours,
        created_at=now,
    )
    _check(practice)
    practice.save()
    return practice


def _owner(details: OwnerDetails, practice: Practice) -> User:
    email = details.email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and details.password_hash:
        raise SetupProblem(
            gettext("An account with this email exists: use another address."), "email"
        )
    if user is None:
        user = User.objects.create_user(email, None, full_name=details.full_name)
    if details.password_hash:
        # The person chose this password in the wizard, opened with the server's own
        # setup link: the address is theirs to use from the start.
        user.password = details.password_hash
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Membership.objects.create(user=user, practice=practice, role=Membership.Role.OWNER)
    if details.totp_secret:
        TOTP.activate(user, details.totp_secret)
        RecoveryCodes.activate(user)
    elif details.passkey:
        WebAuthn.add(user, gettext("Passkey"), details.passkey)
        RecoveryCodes.activate(user)
    return user


def _service(practice: Practice, details: ServiceDetails) -> None:
    problems = rules.service_problems(
        details.duration_minutes, details.buffer_after_minutes, details.price, gettext
    )
    if problems:
        field_name, message = next(iter(problems.items()))
        raise SetupProblem(
            gettext("%(service)s: %(problem)s") % {"service": details.name, "problem": message},
            field_name,
        )
    if practice.services.filter(name__iexact=details.name).exists():
        raise SetupProblem(
            gettext("Two services are called “%(name)s”.") % {"name": details.name}, "name"
        )
    service = Service(
        practice=practice,
        name=details.name,
        description=details.description,
        duration_minutes=details.duration_minutes,
        buffer_after_minutes=details.buffer_after_minutes,
        price=details.price,
    )
    _check(service)
    service.save()


def _hours(therapist: Therapist, spans: Sequence[rules.Span]) -> None:
    problems = rules.week_problems(spans, gettext)
    if problems:
        raise SetupProblem(" ".join(sorted(set(problems.values()))), "hours")
    WorkingHours.objects.bulk_create(
        WorkingHours(therapist=therapist, weekday=s.day, starts=s.starts, ends=s.ends)
        for s in spans
    )


def _check(obj: Practice | Service) -> None:
    try:
        obj.full_clean(exclude=["practice"])
    except ValidationError as invalid:
        name, messages = next(iter(invalid.message_dict.items()))
        raise SetupProblem(f"{name.replace('_', ' ')}: {messages[0]}", name) from invalid

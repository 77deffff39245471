"""Creating a practice in one transaction, from the service and from `manage.py create_practice`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.utils import timezone

from easeplan.accounts.models import AuditEvent, Membership, User
from easeplan.onboarding import rules, services
from easeplan.practice.models import Practice, Service, Therapist, WorkingHours

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

DETAILS = services.PracticeDetails(
    name="Harbour Massage",
    slug="harbour",
    country="FR",
    time_zone="Europe/Paris",
    currency="EUR",
    email="bonjour@harbour.example.org",
)
OWNER = services.OwnerDetails(email="owner@harbour.example.org", full_name="Morwenna Trelawny")
SERVICE = services.ServiceDetails("Massage, 60 minutes", 60, 15, Decimal("60"))


def nothing_was_created() -> bool:
    return not any(
        model.objects.exists()
        for model in (Practice, User, Membership, Therapist, Service, WorkingHours, AuditEvent)
    )


def test_it_creates_the_practice_the_owner_and_everything_of_theirs() -> None:
    setup = services.NewPractice(
        DETAILS,
        OWNER,
        services=[SERVICE],
        hours=rules.parse_hours("mon-thu 09:00-17:00"),
    )
    practice, owner = services.create_practice(setup, now=timezone.now())
    assert (practice.currency, practice.time_zone) == ("EUR", "Europe/Paris")
    assert Membership.objects.get(practice=practice).user == owner
    therapist = Therapist.objects.get(practice=practice)
    assert therapist.display_name == "Morwenna Trelawny"
    assert therapist.working_hours.count() == 4
    assert practice.services.get().name == "Massage, 60 minutes"
    assert not owner.has_usable_password()
    assert AuditEvent.objects.filter(action="practice.created", practice=practice).exists()


@pytest.mark.parametrize(
    "broken",
    [
        {"services": [SERVICE, services.ServiceDetails("massage, 60 MINUTES", 30, 0, Decimal(1))]},
        {"services": [SERVICE, services.ServiceDetails("Short", 5, 0, Decimal(1))]},
        {"services": [SERVICE, services.ServiceDetails("Free", 30, 0, Decimal(-1))]},
        {
            "hours": [
                rules.Span(0, 0, dt.time(9), dt.time(13)),
                rules.Span(0, 1, dt.time(12), dt.time(15)),
            ]
        },
        {"invitations": [services.Invitation("Me", OWNER.email, "therapist", True)]},
        {"practice": services.PracticeDetails(**{**DETAILS.__dict__, "time_zone": "Nowhere/Else"})},
        {"practice": services.PracticeDetails(**{**DETAILS.__dict__, "currency": "XXQ"})},
        {
            "practice": services.PracticeDetails(
                **{**DETAILS.__dict__, "cancellation_notice_hours": 400}
            )
        },
    ],
)
def test_a_failure_part_way_leaves_nothing_behind(
    broken, django_capture_on_commit_callbacks
) -> None:
    fields = {"practice": DETAILS, "owner": OWNER, "services": [SERVICE], **broken}
    if "invitations" not in broken:
        fields["invitations"] = [
            services.Invitation("Tamsin Penrose", "tamsin@example.org", "therapist", True)
        ]
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.SetupProblem) as problem,
    ):
        services.create_practice(services.NewPractice(**fields), now=timezone.now())
    assert problem.value.message
    assert nothing_was_created()
    assert callbacks == []  # no invitation email goes out for a practice that isn't there


def test_an_existing_account_can_own_a_new_practice_from_the_command_line() -> None:
    someone = UserFactory(email=OWNER.email)
    _, owner = services.create_practice(services.NewPractice(DETAILS, OWNER), now=timezone.now())
    assert owner == someone
    assert Membership.objects.get(user=someone).role == "owner"


def test_the_wizard_may_not_take_over_an_existing_account() -> None:
    UserFactory(email=OWNER.email)
    owner = services.OwnerDetails(OWNER.email, "X", password_hash="md5$x$y")
    with pytest.raises(services.SetupProblem, match="An account with this email exists"):
        services.create_practice(services.NewPractice(DETAILS, owner), now=timezone.now())


def test_a_confirmed_authenticator_comes_with_recovery_codes() -> None:
    owner = services.OwnerDetails(
        OWNER.email, "X", password_hash="md5$x$y", totp_secret="JBSWY3DPEHPK3PXP"
    )
    _, user = services.create_practice(services.NewPractice(DETAILS, owner), now=timezone.now())
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        "totp",
        "recovery_codes",
    }


def run(*args: str) -> str:
    out = StringIO()
    call_command("create_practice", *args, stdout=out)
    return out.getvalue()


def test_the_command_creates_a_practice_and_prints_the_owners_password_link() -> None:
    out = run(
        "--name",
        "Harbour Massage",
        "--slug",
        "harbour",
        "--country",
        "fr",
        "--owner-email",
        "Owner@Harbour.example.org",
        "--owner-name",
        "Morwenna Trelawny",
        "--hours",
        "mon-fri 09:00-17:00",
    )
    practice = Practice.objects.get()
    assert (practice.slug, practice.time_zone, practice.currency, practice.email) == (
        "harbour",
        "Europe/Paris",
        "EUR",
        "owner@harbour.example.org",
    )
    assert practice.services.count() == len(rules.SERVICE_TEMPLATES)
    assert WorkingHours.objects.count() == 5
    assert "Created Harbour Massage (harbour)." in out
    link = next(
        line.strip() for line in out.splitlines() if "/accounts/password/reset/key/" in line
    )
    # The printed link lets the owner choose their password.
    page = HttpClient().get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert page.status_code == 200
    assert "password" in page.content.decode().lower()


def test_the_command_takes_no_services_and_an_explicit_zone_and_currency() -> None:
    run(
        "--name",
        "Lakeside",
        "--slug",
        "lakeside",
        "--country",
        "US",
        "--owner-email",
        "o@x.org",
        "--services",
        "none",
        "--time-zone",
        "America/Chicago",
        "--currency",
        "usd",
    )
    practice = Practice.objects.get()
    assert (practice.time_zone, practice.currency, practice.services.count()) == (
        "America/Chicago",
        "USD",
        0,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "ZZ"], "“ZZ” is not a country code we know"),
        (["--time-zone", "Mars/Base"], "“Mars/Base” is not a time zone we know"),
        (["--currency", "ABC"], "“ABC” is not a currency we know"),
        (["--hours", "mon 17:00-09:00"], "--hours: Until must be after From (17:00)."),
        (["--owner-email", "not-an-address"], "is not an email address"),
        (["--cancellation-notice-hours", "400"], "at most 14 days"),
        (["--slug", "Not a slug!"], "slug"),
    ],
)
def test_the_command_says_what_is_wrong_and_creates_nothing(args: list[str], message: str) -> None:
    base = {"--name": "Harbour", "--slug": "harbour", "--country": "GB", "--owner-email": "o@x.org"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(*[item for pair in base.items() for item in pair])
    assert nothing_was_created()


def test_the_command_refuses_a_slug_that_is_taken() -> None:
    run("--name", "Harbour", "--slug", "harbour", "--country", "GB", "--owner-email", "a@x.org")
    with pytest.raises(CommandError, match="“harbour” is taken"):
        run("--name", "Other", "--slug", "harbour", "--country", "GB", "--owner-email", "b@x.org")
    assert Practice.objects.count() == 1

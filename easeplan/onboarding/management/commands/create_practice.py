"""Create a practice from flags, for scripts and hosts: the wizard's steps without a browser."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils import timezone

from easeplan.accounts.links import password_link
from easeplan.lib import phones, places
from easeplan.onboarding import rules, services


class Command(BaseCommand):
    help = (
        "Create a practice with its owner, services and the owner's working hours, in one "
        "transaction. The owner gets no password: the command prints a link where they "
        "choose one (it proves their email too)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The practice's name.")
        parser.add_argument("--slug", required=True, help="Short name, e.g. riverside.")
        parser.add_argument("--country", required=True, help="ISO 3166 code, e.g. GB or FR.")
        parser.add_argument("--owner-email", required=True)
        parser.add_argument("--owner-name", default="", help="The owner's name (therapist).")
        parser.add_argument(
            "--email", default="", help="The practice's email (default: the owner's)."
        )
        parser.add_argument("--time-zone", default="", help="Default: the country's main zone.")
        parser.add_argument("--currency", default="", help="ISO 4217; default: the country's.")
        parser.add_argument(
            "--services",
            choices=["default", "none"],
            default="default",
            help="default: initial assessment 75 min, treatment 60 and 90 min.",
        )
        parser.add_argument(
            "--hours",
            default="",
            help='The owner\'s week, e.g. "mon-fri 09:00-17:00; sat 10:00-13:00" (default: none).',
        )
        parser.add_argument("--cancellation-notice-hours", type=int, default=24)

    def handle(self, *args, **options):
        setup = self._setup(options)
        try:
            practice, owner = services.create_practice(setup, now=timezone.now())
        except services.SetupProblem as problem:
            raise CommandError(problem.message) from problem
        self.stdout.write(self.style.SUCCESS(f"Created {practice.name} ({practice.slug})."))
        if owner.has_usable_password():
            self.stdout.write(f"The owner, {owner.email}, signs in with their password.")
        else:
            self.stdout.write(f"The owner, {owner.email}, chooses a password at this link:")
            self.stdout.write(f"  {password_link(owner)}")

    def _setup(self, options):
        country = options["country"].upper()
        if country not in phones.REGIONS:
            raise CommandError(
                f"“{options['country']}” is not a country code we know: use e.g. GB."
            )
        zone = options["time_zone"] or places.main_time_zone(country) or ""
        if not places.is_time_zone(zone):
            raise CommandError(f"“{zone}” is not a time zone we know: use e.g. Europe/London.")
        currency = (options["currency"] or places.currency_for(country) or "").upper()
        if not places.is_currency(currency):
            raise CommandError(f"“{currency}” is not a currency we know: use e.g. GBP or EUR.")
        email = options["owner_email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError as invalid:
            raise CommandError(f"“{email}” is not an email address.") from invalid
        try:
            hours = rules.parse_hours(options["hours"]) if options["hours"] else []
        except rules.HoursSyntax as wrong:
            raise CommandError(f"--hours: {wrong}") from wrong
        templates = rules.SERVICE_TEMPLATES if options["services"] == "default" else ()
        return services.NewPractice(
            practice=services.PracticeDetails(
                name=options["name"],
                slug=options["slug"],
                country=country,
                time_zone=zone,
                currency=currency,
                email=options["email"] or email,
                cancellation_notice_hours=options["cancellation_notice_hours"],
            ),
            owner=services.OwnerDetails(email=email, full_name=options["owner_name"]),
            services=[
                services.ServiceDetails(
                    t.name, t.duration_minutes, t.buffer_after_minutes, t.price, t.description
                )
                for t in templates
            ],
            hours=hours,
        )

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from easeplan.demo.seed import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create the demo practice with its team, services, clients and appointments."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (its logins share a known password).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: the demo's accounts share a published password, "
                "so seed_demo won't run. Use --force on a throwaway server."
            )
        result = seed_demo()
        state = "Created" if result.created else "Already there:"
        self.stdout.write(self.style.SUCCESS(f"{state} the demo practice."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, role in result.logins:
            self.stdout.write(f"  {role:<11} {email}")

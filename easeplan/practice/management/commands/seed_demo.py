from django.core.management.base import BaseCommand

from easeplan.practice.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create the demo practice with its team, services, clients and appointments."

    def handle(self, *args, **options):
        result = seed_demo()
        state = "Created" if result.created else "Already there:"
        self.stdout.write(self.style.SUCCESS(f"{state} the demo practice."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, role in result.logins:
            self.stdout.write(f"  {role:<11} {email}")

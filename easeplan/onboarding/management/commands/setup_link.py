from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from easeplan.onboarding import services
from easeplan.practice.models import Practice


class Command(BaseCommand):
    help = (
        "Print a one-time link that opens the setup wizard (valid 24 hours; a new link "
        "replaces the last one). Only while the installation has no practice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Print nothing (and succeed) when a practice exists, as `make run` does.",
        )

    def handle(self, *args, **options):
        if Practice.objects.exists():
            if options["if_empty"]:
                return
            raise CommandError(
                "This installation has a practice already: the setup wizard is closed. "
                "Add another practice with `manage.py create_practice`."
            )
        url = services.issue_setup_link(now=timezone.now())
        hours = int(services.SETUP_LINK_LIFETIME.total_seconds() // 3600)
        self.stdout.write("No practice is set up yet. Open this link to set yours up")
        self.stdout.write(f"(it works once, for {hours} hours):")
        self.stdout.write(self.style.SUCCESS(f"  {url}"))

from django.core.management.base import BaseCommand

from easeplan.booking.reminders import send_due


class Command(BaseCommand):
    help = "Send reminders that are due and still pending (safe to run any time, e.g. cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"Reminders due: {send_due()}")

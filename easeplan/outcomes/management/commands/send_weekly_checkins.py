"""Daily: invite clients with an active plan to their weekly check-in, when one is due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from easeplan.outcomes.checkins.weekly import send_weekly_checkins


class Command(BaseCommand):
    help = (
        "Email each client with an active plan a link to a short weekly check-in, when no "
        "check-in was completed and none was sent in the last 7 days and plan emails are on. "
        "Run it once a day from cron; running it again, or twice at once, sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Weekly check-ins sent: {send_weekly_checkins()}")

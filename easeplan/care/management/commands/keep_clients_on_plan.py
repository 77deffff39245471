"""Daily: mark abandoned plans, then nudge clients drifting off their plan."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from easeplan.care.nudges.services import abandon_stale_plans, send_due_nudges


class Command(BaseCommand):
    help = (
        "Mark plans with no visit for the practice's set number of days as abandoned, then "
        "send each client drifting off an active plan one kind nudge (at most one a week). "
        "Run it once a day from cron; running it again, or twice at once, sends nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Abandoned first: a plan given up on gets no nudge.
        self.stdout.write(f"Plans abandoned: {abandon_stale_plans()}")
        self.stdout.write(f"Nudges sent: {send_due_nudges()}")

"""Daily: delete the clinical records of erased clients once their retention has passed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import ProtectedError

from easeplan.privacy.services import expired_clients, purge_client


class Command(BaseCommand):
    help = (
        "Delete erased clients whose clinical record was kept until a date that has passed "
        "(the practice's retention period), with everything of theirs, one transaction per "
        "client. Run it once a day from cron; running it again deletes nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = 0
        for client in expired_clients():
            try:
                purged += purge_client(client)
            except ProtectedError:  # a record still pointed at; left for a person to look at
                self.stderr.write(f"Client {client.code}: kept, other records refer to it.")
        self.stdout.write(f"Records purged: {purged}")

"""Claim, commit, send, mark: an outbox row's email without a lock held on the network.

A task re-checks its row in a short transaction and claims it there (`claimed_at`); the
commit frees the database before the mail server is spoken to, so bookings go on while
a slow server takes its time (DESIGN invariant 9). The send happens outside any
transaction; a second short one marks the row sent. A second worker meanwhile finds the
row claimed and sends nothing. If the server refuses, the claim is given back and the
row stays pending for the next run; a worker that dies mid-send leaves a claim that
another run takes over once it is older than `CLAIM_FOR` (the one case of a second copy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.db import models, transaction
from django.db.models import Q

# Far beyond a send's worst case (EMAIL_TIMEOUT for each step of one SMTP conversation).
CLAIM_FOR = dt.timedelta(minutes=15)

Row = TypeVar("Row", bound=models.Model)


def claim(pending: models.QuerySet[Row], now: dt.datetime) -> bool:
    """Claim the one row of `pending` for this worker: False if it is gone, already
    marked (the caller's filter) or claimed by a worker that may still be sending."""
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lte=now - CLAIM_FOR)
    return pending.filter(free).update(claimed_at=now) == 1


def send_claimed(
    row: models.QuerySet[Row],
    now: dt.datetime,
    send: Callable[[], object],
    mark: Callable[[], object],
) -> None:
    """Send for the row claimed at `now`, outside any transaction, then mark it sent and
    drop the claim in one. A refused send gives the claim back and raises."""
    try:
        send()
    except BaseException:
        row.filter(claimed_at=now).update(claimed_at=None)
        raise
    with transaction.atomic():
        mark()
        row.update(claimed_at=None)

"""Background work of outcomes: the weekly check-in email.

The task lives with the weekly check-in that queues it (outcomes.checkins.weekly); this
module keeps the name importable for tasks queued under it.
"""

from __future__ import annotations

from .checkins.weekly import EMAILED, send_weekly_checkin

__all__ = ["EMAILED", "send_weekly_checkin"]

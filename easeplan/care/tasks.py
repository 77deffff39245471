"""Background work of care: the nudge email to a client drifting off their plan.

The task lives with the service that queues it (care.nudges.services); this module keeps
the name importable for tasks queued under it.
"""

from __future__ import annotations

from .nudges.services import EMAILED, send_nudge

__all__ = ["EMAILED", "send_nudge"]

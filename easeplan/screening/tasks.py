"""Background work of screening: referral letters by email.

The task lives with the service that queues it (screening.assessments.services); this
module keeps the name importable for tasks queued under it.
"""

from __future__ import annotations

from .assessments.services import send_referral_letter

__all__ = ["send_referral_letter"]

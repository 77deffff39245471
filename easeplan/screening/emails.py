"""Emails of screening: the referral letter a therapist sends to a doctor."""

from __future__ import annotations

from typing import Any

from easeplan.lib.emails import send


def referral_letter(letter: Any, to: str) -> None:
    """Send a therapist's referral letter (findings for a doctor, as
    screening.assessments.services.letter_for reads them) to `to`, in the practice's
    language: the letter is for a clinician, whoever the address belongs to."""
    practice = letter.referral.practice
    send(
        "referral-letter",
        [to],
        {"letter": letter, "practice": practice},
        reply_to=[practice.email],
        language=letter.language,
    )

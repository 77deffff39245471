"""The safety net that rides in every booking confirmation and reminder: the symptoms that
mean "go to an emergency department now", in plain words.

Pure code (no Django). The list is the self-check's emergency red flags (possible cauda
equina syndrome or a progressive deficit: NICE CKS "Sciatica (lumbar radiculopathy)";
GIRFT national suspected cauda equina pathway; CLINICAL.md §2), read from
`rules.RED_FLAGS`, so a flag added there is in every email at once. Emails show it through
the templates ``emails/partials/_safety_net.txt`` and ``.html``; a short message (SMS)
can use `in_one_line`.
"""

from __future__ import annotations

from . import self_check as rules

_ = rules._  # marks text for the translation catalogue (see self_check._)

HEADING = _(
    "Go to an emergency department now, or call your emergency number, if you have any of these:"
)
WHY = _("These need a doctor the same day, not massage: don't wait for your visit.")


def emergency_reasons() -> list[str]:
    """The emergency red flags in the words the self-check's result uses, in the rules'
    order, each once (in English: a page or email translates them when it shows them)."""
    seen: set[str] = set()
    reasons: list[str] = []
    for flag in rules.RED_FLAGS:
        if flag.level is rules.Level.EMERGENCY and flag.code not in seen:
            seen.add(flag.code)
            reasons.append(flag.reason)
    return reasons


def emergency_signs() -> list[str]:
    """The emergency red flags, capitalised, in the rules' order, each once."""
    return [reason[:1].upper() + reason[1:] for reason in emergency_reasons()]


def lines() -> dict[str, object]:
    """The heading, the signs and why, for the email templates."""
    return {"heading": HEADING, "signs": emergency_signs(), "why": WHY}


def in_one_line() -> str:
    """The safety net as one sentence, for a short message."""
    signs = [sign[:1].lower() + sign[1:] for sign in emergency_signs()]
    return f"Go to an emergency department now if you have {'; '.join(signs)}."

"""The self-check as the visitor's session keeps it: the steps answered, and their verdict.

Answers live in the session only; booking reads them from here to keep them with the new
client's intake.
"""

from __future__ import annotations

from typing import Any

from ..rules import self_check as rules

SESSION_KEY = "self_check"


def verdict_for(saved: dict[str, Any]) -> rules.Verdict:
    """The verdict for the steps as the session keeps them; steps saved by an older version
    of the questions simply lack the newer answers, which count as "no"."""
    where, worse = saved.get("where", {}), saved.get("worse", {})
    story = saved.get("story", {})
    flags = [
        *saved.get("safety", {}).get("red_flags", []),
        *saved.get("health", {}).get("red_flags", []),
    ]
    return rules.decide(
        rules.answers_from(
            areas=where.get("areas", []),
            aggravators=worse.get("aggravators", []),
            red_flags=flags,
            inflammatory_signs=story.get("inflammatory_signs", []),
            started_before_45=bool(story.get("started_before_45")),
            both_sides=bool(where.get("both_sides")),
            tender_deep_in_buttock=bool(worse.get("tender_deep_in_buttock")),
            worse_when_hip_stretched=bool(worse.get("worse_when_hip_stretched")),
        )
    )

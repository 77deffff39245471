"""Plans of care as plain values: the default template, progress and the review's advice.

Pure code (no Django). CLINICAL.md §5: there is no evidence-based number of massage
sessions for piriformis syndrome; about 4–6 visits over 2–6 weeks, re-measuring at each
visit and referring on when change stays below the meaningful threshold, is a common
convention. These are the editable defaults, never rules.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

DEFAULT_VISITS = 5
DEFAULT_WEEKS = 4
MIN_VISITS, MAX_VISITS = 1, 20
MIN_WEEKS, MAX_WEEKS = 1, 26
MAX_GOALS = 5  # the PSFS asks for 3–5 activities (Stratford 1995)

# NPRS: a drop of 2 points or 30% is a meaningful change (Farrar 2001, Pain 94:149;
# Ostelo 2008, Spine 33:90).
NPRS_POINTS = 2
NPRS_SHARE = 0.30
# The review advises referring on when pain has not changed meaningfully after this many
# visits (CLINICAL.md §5: refer on when change stays below the meaningful threshold).
VISITS_BEFORE_REFERRING = 3
# Pain this low counts as settled for the advice to discharge.
SETTLED_PAIN = 2


def frequency_days(visits: int, weeks: int) -> int:
    """Days between visits that spread `visits` over `weeks` (at least one day).

    >>> frequency_days(5, 4)
    7
    >>> frequency_days(4, 2)
    4
    """
    if visits <= 1:
        return 7
    return max(1, round(weeks * 7 / (visits - 1)))


def review_date(starts_on: dt.date, weeks: int) -> dt.date:
    """The planned review: the end of the plan's weeks."""
    return starts_on + dt.timedelta(weeks=weeks)


def clean_goals(lines: str) -> list[str]:
    """The client's activities, one per line: trimmed, blanks and repeats dropped."""
    seen: list[str] = []
    for line in lines.splitlines():
        goal = " ".join(line.split())
        if goal and goal.casefold() not in {g.casefold() for g in seen}:
            seen.append(goal)
    return seen


@dataclass(frozen=True)
class Progress:
    """Where a client is in their plan: "visit 2 of 5"."""

    planned: int
    attended: int  # visits that took place
    booked: int  # upcoming visits booked

    @property
    def current(self) -> int:
        """The number of the next visit (or the last, once all took place)."""
        return min(self.attended + 1, self.planned) if self.planned else 0

    @property
    def remaining(self) -> int:
        return max(self.planned - self.attended, 0)

    @property
    def unbooked(self) -> int:
        """Visits of the plan neither done nor booked yet."""
        return max(self.planned - self.attended - self.booked, 0)

    @property
    def finished(self) -> bool:
        return self.attended >= self.planned

    @property
    def label(self) -> str:
        if self.finished:
            return f"all {self.planned} visits done"
        return f"visit {self.current} of {self.planned}"


def meaningful_pain_change(baseline: int, latest: int) -> bool:
    """Whether pain (NPRS 0–10) fell by 2 points or 30% of the baseline (Farrar 2001)."""
    drop = baseline - latest
    if drop <= 0:
        return False
    return drop >= NPRS_POINTS or drop >= NPRS_SHARE * baseline


def gettext_noop(text: str) -> str:
    """Marks a text for translation, like Django's own: `makemessages` collects it and the
    pages that show it translate it."""
    return text


class NextStep(enum.Enum):
    CONTINUE = "continue"
    DISCHARGE = "discharge"
    REFER = "refer"

    @property
    def label(self) -> str:
        return {
            NextStep.CONTINUE: gettext_noop("Continue the plan"),
            NextStep.DISCHARGE: gettext_noop("Discharge: goals met"),
            NextStep.REFER: gettext_noop("Refer to a doctor: little change"),
        }[self]


@dataclass(frozen=True)
class Advice:
    """The suggested step and why: `message` (in English, to translate) with its `values`."""

    step: NextStep
    message: str
    values: Mapping[str, int] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return self.message % dict(self.values)


def suggest_next_step(
    *,
    visits_done: int,
    baseline_pain: int | None,
    latest_pain: int | None,
    goals_met: bool = False,
) -> Advice:
    """The review's suggested next step. The therapist decides; this only advises.

    Discharge when the client says their goals are met, or pain changed meaningfully and
    is now low; refer to a doctor when, after a few visits, pain has not changed
    meaningfully; otherwise continue.
    """
    if goals_met:
        return Advice(NextStep.DISCHARGE, gettext_noop("The client's goals are met."))
    if baseline_pain is None or latest_pain is None:
        return Advice(
            NextStep.CONTINUE,
            gettext_noop(
                "Pain has not been measured at the start and since, so change can't be "
                "judged: record it at the next visit."
            ),
        )
    values = {"before": baseline_pain, "after": latest_pain, "visits": visits_done}
    meaningful = meaningful_pain_change(baseline_pain, latest_pain)
    if meaningful and latest_pain <= SETTLED_PAIN:
        message = gettext_noop(
            "Meaningful change: pain went from %(before)d to %(after)d out of 10, and it is "
            "now low."
        )
        return Advice(NextStep.DISCHARGE, message, values)
    if not meaningful and visits_done >= VISITS_BEFORE_REFERRING:
        message = gettext_noop(
            "Little change after %(visits)d visits (pain went from %(before)d to %(after)d "
            "out of 10; a meaningful change is %(points)d points or 30%%, Farrar 2001)."
        )
        return Advice(NextStep.REFER, message, values | {"points": NPRS_POINTS})
    if meaningful:
        message = gettext_noop(
            "Meaningful change so far: pain went from %(before)d to %(after)d out of 10."
        )
        return Advice(NextStep.CONTINUE, message, values)
    message = gettext_noop(
        "Too early to judge: pain went from %(before)d to %(after)d out of 10 after "
        "%(visits)d visits."
    )
    return Advice(NextStep.CONTINUE, message, values)


def adherence_percent(done: Fraction | int, expected: Fraction | int) -> int | None:
    """Whole percent of the expected home-programme sessions done (rounded down, at most
    100); None when none were expected."""
    if expected <= 0:
        return None
    return min(int(100 * done / expected), 100)

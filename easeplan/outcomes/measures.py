"""The measures easeplan uses, as plain data: each instrument's items, wording and rules.

Pure code (no Django). CLINICAL.md §4 lists what easeplan measures and why. Each
instrument here is an `Instrument` of easeplan.outcomes.instruments (which scores them and
judges change) with its code and version, its item texts, its scoring and missing-item
rules, its direction and its meaningful-change rule with the source. `for_plan` says what a
plan of care measures; the PSFS is built from the plan's goals (`psfs_for`) and compared
like for like (`psfs_like_for_like`).

Sources:
- NPRS: Farrar JT et al., Pain 2001;94:149 (a 30% reduction, or about 2 points, is
  clinically important); Ostelo RW et al., Spine 2008;33:90 (pain 0–10: 2 points or 30%;
  RMDQ: 5 points or 30%).
- PSFS: Stratford P, Gill C, Westaway M, Binkley J, Physiother Can 1995;47:258. The
  client re-rates the same activities at follow-up, so change is like for like
  (`psfs_like_for_like`): only activities rated at both times count.
- GROC: Kamper SJ, Maher CG, Mackay G, J Man Manip Ther 2009;17:163; the 15 labels are
  those of Jaeschke R, Singer J, Guyatt GH, Control Clin Trials 1989;10:407.
- RMDQ-24: Roland M, Morris R, Spine 1983;8:141; free to use without permission (Roland M,
  Fairbank J, Spine 2000;25:3115).
- Sleep and mood interference: easeplan's own items, no validated threshold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from .instruments import (
    VERSION,
    Change,
    ChangeRule,
    Direction,
    Instrument,
    Interpretation,
    Item,
    Method,
    change,
    gettext_noop,
    score,
)

# --- NPRS ---------------------------------------------------------------------------

NPRS_RULE = ChangeRule(
    points=Fraction(2),
    share=Fraction(3, 10),
    source="Farrar 2001, Pain 94:149; Ostelo 2008, Spine 33:90",
)
NPRS_ACTIVITIES = {  # code suffix: the activity, as the question names it
    "sitting": "sitting",
    "bending": "bending",
    "squatting": "squatting",
    "running": "running",
    "stairs": "climbing stairs",
}
NPRS_MEASURES: dict[str, tuple[str, str]] = {  # code: (name, question)
    "nprs-now": (gettext_noop("Pain now"), gettext_noop("How bad is your pain right now?")),
    "nprs-worst-24h": (
        gettext_noop("Worst pain in the last 24 hours"),
        gettext_noop("How bad was your pain at its worst in the last 24 hours?"),
    ),
    "nprs-sitting": (
        gettext_noop("Pain when sitting"),
        gettext_noop("In the last week, how bad was your pain when sitting?"),
    ),
    "nprs-bending": (
        gettext_noop("Pain when bending"),
        gettext_noop("In the last week, how bad was your pain when bending?"),
    ),
    "nprs-squatting": (
        gettext_noop("Pain when squatting"),
        gettext_noop("In the last week, how bad was your pain when squatting?"),
    ),
    "nprs-running": (
        gettext_noop("Pain when running"),
        gettext_noop("In the last week, how bad was your pain when running?"),
    ),
    "nprs-stairs": (
        gettext_noop("Pain when climbing stairs"),
        gettext_noop("In the last week, how bad was your pain when climbing stairs?"),
    ),
}


def _nprs(code: str, name: str, question: str) -> Instrument:
    """One pain rating, 0–10 (Numeric Pain Rating Scale); an unanswered rating: no score."""
    return Instrument(
        code=code,
        version=VERSION,
        name=f"{name} (NPRS)",
        question=gettext_noop(
            "Choose a number from 0 (no pain) to 10 (the worst pain you can imagine)."
        ),
        items=(
            Item(
                code,
                question,
                0,
                10,
                (gettext_noop("no pain"), gettext_noop("worst pain imaginable")),
            ),
        ),
        direction=Direction.HIGHER_IS_WORSE,
        method=Method.SUM,
        scoring=gettext_noop("The number chosen, 0–10."),
        min_answered=1,
        missing_items="A single item: no answer, no score (a skipped activity is not a 0).",
        interpretation=Interpretation.THRESHOLD,
        meaningful_change=gettext_noop(  # xgettext:no-python-format
            "A drop of 2 points or of 30% of the first score is a meaningful improvement "
            "(Farrar 2001, Pain 94:149; Ostelo 2008, Spine 33:90); a rise of 2 points, a "
            "meaningful worsening."
        ),
        change_rule=NPRS_RULE,
    )


# --- Sleep and mood interference (easeplan's own items) ------------------------------

_TREND_ONLY = gettext_noop(
    "No validated threshold: easeplan shows the trend (better, worse, the same) and never "
    "calls a change meaningful."
)


def _interference(code: str, name: str, question: str) -> Instrument:
    return Instrument(
        code=code,
        version=VERSION,
        name=name,
        question=gettext_noop("Choose a number from 0 (not at all) to 10 (completely)."),
        items=(
            Item(code, question, 0, 10, (gettext_noop("not at all"), gettext_noop("completely"))),
        ),
        direction=Direction.HIGHER_IS_WORSE,
        method=Method.SUM,
        scoring=gettext_noop(
            "The number chosen, 0–10 (easeplan's own item, not a validated scale)."
        ),
        min_answered=1,
        missing_items="A single item: no answer, no score.",
        interpretation=Interpretation.TREND,
        meaningful_change=_TREND_ONLY,
    )


SLEEP = _interference(
    "sleep",
    gettext_noop("Sleep interference"),
    gettext_noop("How much did the pain disturb your sleep this week?"),
)
MOOD = _interference(
    "mood",
    gettext_noop("Mood interference"),
    gettext_noop("How much did the pain affect your mood this week?"),
)

# --- GROC ---------------------------------------------------------------------------

GROC_LABELS = (
    gettext_noop("A very great deal worse"),
    gettext_noop("A great deal worse"),
    gettext_noop("Quite a bit worse"),
    gettext_noop("Moderately worse"),
    gettext_noop("Somewhat worse"),
    gettext_noop("A little bit worse"),
    gettext_noop("A tiny bit worse, almost the same"),
    gettext_noop("About the same"),
    gettext_noop("A tiny bit better, almost the same"),
    gettext_noop("A little bit better"),
    gettext_noop("Somewhat better"),
    gettext_noop("Moderately better"),
    gettext_noop("Quite a bit better"),
    gettext_noop("A great deal better"),
    gettext_noop("A very great deal better"),
)
GROC = Instrument(
    code="groc",
    version=VERSION,
    name=gettext_noop("Global rating of change (GROC)"),
    question=gettext_noop("Choose the answer that fits best, from −7 to +7."),
    items=(
        Item(
            "groc",
            gettext_noop("Since your treatment began, how has your condition changed overall?"),
            -7,
            7,
            (GROC_LABELS[0], GROC_LABELS[-1]),
            labels=GROC_LABELS,
        ),
    ),
    direction=Direction.HIGHER_IS_BETTER,
    method=Method.SUM,
    scoring=gettext_noop(
        "The rating chosen, −7 to +7 (15-point scale; Kamper 2009, J Man Manip Ther 17:163)."
    ),
    min_answered=1,
    missing_items="A single item: no answer, no score.",
    interpretation=Interpretation.AS_GIVEN,
    meaningful_change=gettext_noop(
        "The rating is itself the client's judgement of change: it is reported as given, "
        "with no fixed cut-off (Kamper 2009, J Man Manip Ther 17:163)."
    ),
    attribution=gettext_noop(
        "Global rating of change scale (15 points), as reviewed by Kamper SJ, Maher CG, "
        "Mackay G. J Man Manip Ther 2009;17:163–170; labels after Jaeschke R, Singer J, "
        "Guyatt GH. Control Clin Trials 1989;10:407–415."
    ),
)

# --- RMDQ-24 ------------------------------------------------------------------------

# The published statements (Roland & Morris 1983), unchanged: a validated instrument's
# wording is part of its scoring.
RMDQ_STATEMENTS = (
    "I stay at home most of the time because of my back.",
    "I change position frequently to try and get my back comfortable.",
    "I walk more slowly than usual because of my back.",
    "Because of my back I am not doing any of the jobs that I usually do around the house.",
    "Because of my back, I use a handrail to get upstairs.",
    "Because of my back, I lie down to rest more often.",
    "Because of my back, I have to hold on to something to get out of an easy chair.",
    "Because of my back, I try to get other people to do things for me.",
    "I get dressed more slowly than usual because of my back.",
    "I only stand for short periods of time because of my back.",
    "Because of my back, I try not to bend or kneel down.",
    "I find it difficult to get out of a chair because of my back.",
    "My back is painful almost all the time.",
    "I find it difficult to turn over in bed because of my back.",
    "My appetite is not very good because of my back pain.",
    "I have trouble putting on my socks (or stockings) because of the pain in my back.",
    "I only walk short distances because of my back.",
    "I sleep less well because of my back.",
    "Because of my back pain, I get dressed with help from someone else.",
    "I sit down for most of the day because of my back.",
    "I avoid heavy jobs around the house because of my back.",
    "Because of my back pain, I am more irritable and bad tempered with people than usual.",
    "Because of my back, I go upstairs more slowly than usual.",
    "I stay in bed most of the time because of my back.",
)
RMDQ_RULE = ChangeRule(points=Fraction(5), share=Fraction(3, 10), source="Ostelo 2008, Spine 33:90")
RMDQ_24 = Instrument(
    code="rmdq-24",
    version=VERSION,
    name="Roland-Morris Disability Questionnaire (RMDQ-24)",
    question=(
        "When your back hurts, you may find it hard to do some of the things you normally "
        "do. Think of yourself today: answer yes to each sentence that describes you today, "
        "and no to each one that does not."
    ),
    items=tuple(
        Item(f"q{n}", text, 0, 1, ("no", "yes"), yes_no=True)
        for n, text in enumerate(RMDQ_STATEMENTS, start=1)
    ),
    direction=Direction.HIGHER_IS_WORSE,
    method=Method.SUM,
    scoring="The number of sentences answered yes, 0–24 (Roland & Morris 1983, Spine 8:141).",
    min_answered=24,
    missing_items=(
        "All 24 answers are needed. There is no standard method for unanswered RMDQ items "
        "(Kent P, Lauridsen HH, 'Managing missing scores on the Roland Morris Disability "
        "Questionnaire', Spine 2011), so easeplan does not score an incomplete form rather "
        "than guess. The published form is a tick list, where an unticked sentence counts "
        "as no: a form shown that way sends no for every unticked sentence."
    ),
    interpretation=Interpretation.THRESHOLD,
    meaningful_change=(
        "A drop of 5 points or of 30% of the first score is a meaningful improvement "
        f"({RMDQ_RULE.source}); a rise of 5 points, a meaningful worsening."
    ),
    change_rule=RMDQ_RULE,
    attribution=(
        "Roland-Morris Disability Questionnaire: Roland M, Morris R. A study of the natural "
        "history of back pain. Part I. Spine 1983;8:141–144. The published form is used "
        "without permission (Roland M, Fairbank J. Spine 2000;25:3115–3124)."
    ),
)

# --- PSFS ---------------------------------------------------------------------------

PSFS_RULE = ChangeRule(
    points=Fraction(2), item_points=3, source="Stratford 1995, Physiother Can 47:258"
)
PSFS_ATTRIBUTION = (
    "Patient-Specific Functional Scale: Stratford P, Gill C, Westaway M, Binkley J. Assessing "
    "disability and change on individual patients: a report of a patient specific measure. "
    "Physiother Can 1995;47:258–263."
)
PSFS_MIN_GOALS, PSFS_MAX_GOALS = 1, 5


def psfs_for(goals: Sequence[str]) -> Instrument:
    """The Patient-Specific Functional Scale built from a plan's goals, one item per goal.

    The PSFS asks the client to name 3–5 activities they find hard because of the problem
    and rate each from 0 (unable to do it) to 10 (as well as before the problem); the score
    is the mean of the ratings (Stratford 1995). A plan's goals are those activities. A plan
    with only 1 or 2 goals still gets a PSFS, scored the same way; its scoring text says the
    mean rests on fewer activities than the PSFS asks for, so the therapist can add some.
    More than 5 goals, none, or a blank one: ValueError.

    Missing items: Stratford gives no rule. easeplan takes the mean of the answered
    activities when at least half of them (rounded up) are answered, which is the
    "half-scale rule" of the SF-36 (Ware et al., SF-36 Health Survey Manual, 1993: a
    missing item takes the mean of the answered ones); with fewer, no score.

    An item's code is made from its activity, so a re-ordered plan keeps its items and an
    edited activity becomes a new one.
    """
    activities = [" ".join(goal.split()) for goal in goals]
    if not PSFS_MIN_GOALS <= len(activities) <= PSFS_MAX_GOALS:
        raise ValueError(f"The PSFS takes 1 to 5 activities; the plan has {len(activities)}.")
    if not all(activities):
        raise ValueError("Each activity of the PSFS needs a name; one is blank.")
    codes: list[str] = []
    for activity in activities:
        codes.append(_unique(_slug(activity), codes))
    few = len(activities) < 3
    return Instrument(
        code="psfs",
        version=VERSION,
        name="Patient-Specific Functional Scale (PSFS)",
        question=gettext_noop(
            "How well can you do each of these activities today? 0 means you are unable to "
            "do it, 10 that you can do it as well as before the problem."
        ),
        items=tuple(
            Item(
                code,
                activity,
                0,
                10,
                (gettext_noop("unable to do it"), gettext_noop("as well as before the problem")),
            )
            for code, activity in zip(codes, activities, strict=True)
        ),
        direction=Direction.HIGHER_IS_BETTER,
        method=Method.MEAN,
        scoring=gettext_noop(
            "The mean of the activity ratings, 0–10 (Stratford 1995). Based on fewer than "
            "the 3–5 activities the PSFS asks for."
        )
        if few
        else gettext_noop("The mean of the activity ratings, 0–10 (Stratford 1995)."),
        min_answered=math.ceil(len(activities) / 2),
        missing_items=(
            "The mean of the answered activities, when at least half of them (rounded up) "
            "are answered; otherwise no score. Stratford 1995 gives no rule; this is the "
            "half-scale rule of the SF-36 (Ware et al. 1993)."
        ),
        interpretation=Interpretation.THRESHOLD,
        meaningful_change=gettext_noop(
            "Like for like: change is measured only on the activities rated both at the "
            "start and now, each against its own first rating (an activity added later "
            "starts its own baseline); with no activity rated at both times there is no "
            "verdict. A change of 2 points on the mean of those activities, or of 3 points "
            "on one of them, exceeds the minimal detectable change "
            "(Stratford 1995, Physiother Can 47:258); it is a detectable change, not a minimal "
            "important difference."
        ),
        change_rule=PSFS_RULE,
        attribution=PSFS_ATTRIBUTION,
        decimals=1,
    )


PsfsRatings = Sequence[tuple[str, int | None]]
"""One PSFS response: each activity as it was asked, with its rating (None: not rated)."""


def activity_key(activity: str) -> str:
    """An activity as it is matched between responses: case and spacing do not count."""
    return " ".join(activity.casefold().split())


def psfs_like_for_like(responses: Sequence[PsfsRatings]) -> Change | None:
    """The PSFS change from the start to the latest response (the last of `responses`,
    which are in the order they were given), like for like; None when there is nothing
    to compare.

    The PSFS measures change on the activities the client named, re-rated at follow-up
    (Stratford 1995; CLINICAL.md §4): only the activities rated in the latest response
    *and* in an earlier one are compared, each against its own first rating, so an
    activity added later starts its own baseline, and one dropped or renamed leaves the
    comparison. Activities are matched by their text (`activity_key`). The verdict is
    `change` over a PSFS of those shared activities: 2 points on their mean, or 3 on one
    of them. No activity rated at both times (fewer than two responses, or entirely
    different activities): None, no verdict.
    """
    if len(responses) < 2:
        return None
    *earlier, latest = responses
    first: dict[str, int] = {}
    for response in earlier:
        for activity, rating in response:
            if rating is not None:
                first.setdefault(activity_key(activity), rating)
    shared: dict[str, tuple[str, int, int]] = {}
    for activity, rating in latest:
        key = activity_key(activity)
        if rating is not None and key in first and key not in shared:
            shared[key] = (activity, first[key], rating)
    if not shared:
        return None
    instrument = psfs_for([activity for activity, _, _ in shared.values()])
    codes = [item.code for item in instrument.items]
    before = score(instrument, dict(zip(codes, (b for _, b, _ in shared.values()), strict=True)))
    after = score(instrument, dict(zip(codes, (a for _, _, a in shared.values()), strict=True)))
    assert before is not None and after is not None  # every shared activity is rated
    return change(instrument, before, after)


def _slug(text: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in text.casefold()).split()
    return "-".join(words)[:40].strip("-") or "activity"


def _unique(code: str, taken: Sequence[str]) -> str:
    candidate, n = code, 1
    while candidate in taken:
        n += 1
        candidate = f"{code}-{n}"
    return candidate


# --- The registry -------------------------------------------------------------------

NPRS = tuple(_nprs(code, name, question) for code, (name, question) in NPRS_MEASURES.items())
INSTRUMENTS: dict[str, Instrument] = {
    instrument.code: instrument for instrument in (*NPRS, SLEEP, MOOD, GROC, RMDQ_24)
}
"""The fixed instruments by code. The PSFS is built per plan by `psfs_for`."""


def for_plan(condition: str, goals: Sequence[str]) -> list[Instrument]:
    """What a plan of care measures: pain by activity, the PSFS of its goals (if any),
    sleep, mood and, for a low back pain plan, the RMDQ-24; the GROC last."""
    chosen = [*NPRS]
    if goals:
        chosen.append(psfs_for(goals))
    chosen += [SLEEP, MOOD]
    if condition == "low_back":
        chosen.append(RMDQ_24)
    chosen.append(GROC)
    return chosen

"""Self-check rules: red flags send people to a doctor; otherwise, how well the answers
fit the pattern of piriformis syndrome decides what we suggest.

Pure: plain values in, a plain verdict out. A massage therapist does not diagnose, so the
verdict names a *pattern* and the next step, never a condition the person "has".

Sources (../shared/CLINICAL.md):
- Emergency red flags (possible cauda equina syndrome or a progressive deficit): NICE CKS
  "Sciatica (lumbar radiculopathy)" red flags; GIRFT national suspected cauda equina
  pathway; BMJ Best Practice, cauda equina syndrome.
- Urgent red flags (see a doctor before massage): AHCPR acute low back problems guideline
  table of red flags; NICE CKS. The swollen, hot, red, painful calf (possible clot) is our
  clinical judgement, paired with the contraindications for massage.
- The four defining features: Hopayian K et al., Eur Spine J 2010;19:2095; Hopayian K,
  Danielyan A, Eur J Orthop Surg Traumatol 2018;28:155.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

QUESTIONNAIRE_VERSION = "self-check/2026-11"


class Level(enum.Enum):
    EMERGENCY = "emergency"  # go to an emergency department today
    URGENT = "urgent"  # see a doctor before booking massage


@dataclass(frozen=True)
class RedFlag:
    code: str
    level: Level
    question: str  # asked in plain words; "yes" raises the flag
    reason: str  # what the result page says caused the referral


EMERGENCY_FLAGS = (
    RedFlag(
        "bladder_start",
        Level.EMERGENCY,
        "Do you have new trouble starting to pee, a weak stream, or not feeling urine pass?",
        "new trouble passing urine",
    ),
    RedFlag(
        "bladder_bowel_control",
        Level.EMERGENCY,
        "Have you lost control of your bladder or bowels?",
        "loss of bladder or bowel control",
    ),
    RedFlag(
        "saddle_numbness",
        Level.EMERGENCY,
        "Do you have numbness or tingling between your legs, around your back passage or genitals?",
        "numbness or tingling between the legs",
    ),
    RedFlag(
        "both_legs",
        Level.EMERGENCY,
        "Do you have pain, numbness or weakness in both legs?",
        "pain, numbness or weakness in both legs",
    ),
    RedFlag(
        "leg_weakening",
        Level.EMERGENCY,
        "Is a leg or foot getting weaker — the foot drags or slaps, or the knee gives way?",
        "a leg or foot getting weaker",
    ),
    RedFlag(
        "sexual_change",
        Level.EMERGENCY,
        "Have you noticed a recent change in sexual function or in feeling in the genitals?",
        "a recent change in sexual function or genital feeling",
    ),
)

URGENT_FLAGS = (
    RedFlag("cancer_history", Level.URGENT, "Have you ever had cancer?", "a history of cancer"),
    RedFlag(
        "weight_loss",
        Level.URGENT,
        "Have you lost weight recently without trying?",
        "weight loss without trying",
    ),
    RedFlag(
        "fever_infection",
        Level.URGENT,
        "Do you have a fever, chills or night sweats, or have you had an infection recently?",
        "fever, chills, night sweats or a recent infection",
    ),
    RedFlag(
        "drugs_immunosuppression",
        Level.URGENT,
        "Do you inject drugs, or take medicines that weaken the immune system (such as "
        "long-term steroids, transplant drugs or HIV treatment)?",
        "injected drugs or a weakened immune system",
    ),
    RedFlag(
        "injury_onset",
        Level.URGENT,
        "Did the pain start after a fall, an accident or lifting something heavy?",
        "pain that began after a fall, accident or heavy lift",
    ),
    RedFlag(
        "night_pain",
        Level.URGENT,
        "Is the pain worse lying down, severe at night, or not eased by any position?",
        "pain that is worse lying down, severe at night or never eased",
    ),
    RedFlag(
        "new_back_pain_age",
        Level.URGENT,
        "Is this back pain new, and are you under 20 or over 50?",
        "new back pain under 20 or over 50",
    ),
    RedFlag(
        "hot_calf",
        Level.URGENT,
        "Is one calf swollen, hot, red and painful?",
        "a swollen, hot, red, painful calf (a possible clot)",
    ),
)

RED_FLAGS = EMERGENCY_FLAGS + URGENT_FLAGS
BY_CODE = {flag.code: flag for flag in RED_FLAGS}

AREAS = ("buttock", "hip", "back", "down_the_leg")
AGGRAVATORS = ("sitting", "bending", "squatting", "running", "stairs")


@dataclass(frozen=True)
class Answers:
    """What a visitor told the self-check. Red flags are the codes they answered yes to."""

    areas: frozenset[str] = frozenset()
    both_sides: bool = False
    aggravators: frozenset[str] = frozenset()
    tender_deep_in_buttock: bool = False
    worse_when_hip_stretched: bool = False
    red_flags: frozenset[str] = frozenset()


class Outcome(enum.Enum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    FITS_PATTERN = "fits_pattern"
    ASSESSMENT = "assessment"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reasons: tuple[RedFlag, ...] = ()
    features: tuple[str, ...] = field(default=())  # which of the four defining features

    @property
    def booking_offered(self) -> bool:
        """Booking is offered only when no red flag was raised."""
        return self.outcome in (Outcome.FITS_PATTERN, Outcome.ASSESSMENT)


def raised_flags(answers: Answers) -> tuple[RedFlag, ...]:
    """Every red flag the answers raise, emergencies first, in the questionnaire's order.

    Pain down the leg on both sides counts as symptoms in both legs (emergency list).
    """
    codes = set(answers.red_flags)
    if answers.both_sides and "down_the_leg" in answers.areas:
        codes.add("both_legs")
    unknown = codes - BY_CODE.keys()
    if unknown:
        raise ValueError(f"unknown red flag codes: {sorted(unknown)}")
    return tuple(flag for flag in RED_FLAGS if flag.code in codes)


def defining_features(answers: Answers) -> tuple[str, ...]:
    """Which of the four defining features of piriformis syndrome the answers report
    (Hopayian 2010): buttock pain; pain worse sitting; tenderness near the sciatic notch;
    pain on manoeuvres that tense the piriformis."""
    present = (
        ("buttock_pain", "buttock" in answers.areas),
        ("worse_sitting", "sitting" in answers.aggravators),
        ("sciatic_notch_tenderness", answers.tender_deep_in_buttock),
        ("piriformis_tension_pain", answers.worse_when_hip_stretched),
    )
    return tuple(name for name, yes in present if yes)


def decide(answers: Answers) -> Verdict:
    """The self-check's verdict. Any single red flag is enough to refer; an emergency
    outranks an urgent flag. Without one, three or four of the four features "fit the
    pattern" (our threshold for the wording, not a diagnostic score); fewer mean an
    assessment visit will tell."""
    flags = raised_flags(answers)
    if any(flag.level is Level.EMERGENCY for flag in flags):
        return Verdict(Outcome.EMERGENCY, tuple(f for f in flags if f.level is Level.EMERGENCY))
    if flags:
        return Verdict(Outcome.URGENT, flags)
    features = defining_features(answers)
    outcome = Outcome.FITS_PATTERN if len(features) >= 3 else Outcome.ASSESSMENT
    return Verdict(outcome, (), features)


def answers_from(
    areas: Iterable[str] = (),
    aggravators: Iterable[str] = (),
    red_flags: Iterable[str] = (),
    **other: bool,
) -> Answers:
    """Build Answers from plain iterables (form data), rejecting unknown values."""
    bad = (set(areas) - set(AREAS)) | (set(aggravators) - set(AGGRAVATORS))
    if bad:
        raise ValueError(f"unknown answers: {sorted(bad)}")
    return Answers(
        areas=frozenset(areas),
        aggravators=frozenset(aggravators),
        red_flags=frozenset(red_flags),
        **other,
    )

"""Self-check rules: red flags send people to a doctor; otherwise, how well the answers
fit the pattern of piriformis syndrome decides what we suggest.

Pure: plain values in, a plain verdict out. A massage therapist does not diagnose, so the
verdict names a *pattern* and the next step, never a condition the person "has".

Sources (../shared/CLINICAL.md §2):
- Emergency red flags (possible cauda equina syndrome or a progressive deficit): NICE CKS
  "Sciatica (lumbar radiculopathy)" red flags; GIRFT national suspected cauda equina
  pathway and its patient card (reduced feeling passing stools, new constipation, not
  knowing when the bladder is full); BMJ Best Practice, cauda equina syndrome.
- Urgent red flags (see a doctor before massage): AHCPR acute low back problems guideline
  table of red flags; NICE CKS; IFOMPT international framework for red flags (2020):
  tuberculosis, a spinal procedure in the last 3 months, a penetrating wound near the spine,
  thoracic pain, no improvement at all after 4-6 weeks, and pain on walking eased by standing
  still (vascular claudication; with a pulsing feeling in the belly, a possible aortic
  aneurysm, an emergency).
- The calf: any of swollen, tender, warm or red can be a clot (Wells criteria: a clot often
  shows only swelling and tenderness); the advice is a same-day medical assessment (NICE
  NG158).
- Inflammatory back pain (NICE NG65): not a red flag. Massage may go ahead and the person is
  advised to see their GP for an assessment for axial spondyloarthritis. We raise it when the
  pain started before 45 and at least 2 of the 4 inflammatory features are present (the
  Berlin criteria, Rudwaleit M et al., Arthritis Rheum 2006;54:569).
- The four defining features: Hopayian K et al., Eur Spine J 2010;19:2095; Hopayian K,
  Danielyan A, Eur J Orthop Surg Traumatol 2018;28:155.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


def _(text: str) -> str:
    """Marks `text` for the translation catalogue: the rules keep the English words, and the
    pages, forms and emails that show them translate them into the reader's language."""
    return text


QUESTIONNAIRE_VERSION = "self-check/2026-12"

GO_TO_EMERGENCY = _("Go to an emergency department now, or call your emergency number.")
SEE_DOCTOR_FIRST = _("See your doctor (or urgent care) before any massage, and tell them about it.")
SAME_DAY = _(
    "Get a medical assessment today: call your doctor's surgery or urgent care now "
    "and say you may have a clot in the leg. Don't wait for a routine appointment."
)


class Level(enum.Enum):
    EMERGENCY = "emergency"  # go to an emergency department today
    URGENT = "urgent"  # see a doctor before booking massage


@dataclass(frozen=True)
class RedFlag:
    code: str
    level: Level
    question: str  # asked in plain words; "yes" raises the flag
    reason: str  # what the result page says caused the referral
    todo: str = ""  # what to do now, when it differs from the level's usual advice

    @property
    def action(self) -> str:
        """What to do now, in plain words: the flag's own advice or its level's."""
        if self.todo:
            return self.todo
        return GO_TO_EMERGENCY if self.level is Level.EMERGENCY else SEE_DOCTOR_FIRST


EMERGENCY_FLAGS = (
    RedFlag(
        "bladder_start",
        Level.EMERGENCY,
        _("Do you have new trouble starting to pee, a weak stream, or not feeling urine pass?"),
        _("new trouble passing urine"),
    ),
    RedFlag(
        "bladder_fullness",
        Level.EMERGENCY,
        _("Do you no longer feel when your bladder is full, or have trouble stopping the stream?"),
        _("not feeling when the bladder is full, or trouble stopping the stream"),
    ),
    RedFlag(
        "bladder_bowel_control",
        Level.EMERGENCY,
        _("Have you lost control of your bladder or bowels?"),
        _("loss of bladder or bowel control"),
    ),
    RedFlag(
        "bowel_sensation",
        Level.EMERGENCY,
        _(
            "Along with pain or other symptoms in your legs, do you have less feeling when you "
            "pass stools (poo), or new constipation?"
        ),
        _("less feeling when passing stools, or new constipation, with leg symptoms"),
    ),
    RedFlag(
        "saddle_numbness",
        Level.EMERGENCY,
        _(
            "Do you have numbness or tingling between your legs, around your back passage "
            "or genitals?"
        ),
        _("numbness or tingling between the legs"),
    ),
    RedFlag(
        "both_legs",
        Level.EMERGENCY,
        _("Do you have pain, numbness or weakness in both legs?"),
        _("pain, numbness or weakness in both legs"),
    ),
    RedFlag(
        "leg_weakening",
        Level.EMERGENCY,
        _("Is a leg or foot getting weaker — the foot drags or slaps, or the knee gives way?"),
        _("a leg or foot getting weaker"),
    ),
    RedFlag(
        "sexual_change",
        Level.EMERGENCY,
        _("Have you noticed a recent change in sexual function or in feeling in the genitals?"),
        _("a recent change in sexual function or genital feeling"),
    ),
    RedFlag(
        "belly_pulsing",
        Level.EMERGENCY,
        _("Along with the pain, do you feel a pulsing or throbbing in your belly (tummy)?"),
        _(
            "a pulsing feeling in the belly with the pain (a possible problem with the main "
            "blood vessel)"
        ),
    ),
)

URGENT_FLAGS = (
    RedFlag(
        "cancer_history", Level.URGENT, _("Have you ever had cancer?"), _("a history of cancer")
    ),
    RedFlag(
        "tuberculosis",
        Level.URGENT,
        _("Have you ever had tuberculosis (TB)?"),
        _("a history of tuberculosis (TB)"),
    ),
    RedFlag(
        "weight_loss",
        Level.URGENT,
        _("Have you lost weight recently without trying?"),
        _("weight loss without trying"),
    ),
    RedFlag(
        "fever_infection",
        Level.URGENT,
        _("Do you have a fever, chills or night sweats, or have you had an infection recently?"),
        _("fever, chills, night sweats or a recent infection"),
    ),
    RedFlag(
        "drugs_immunosuppression",
        Level.URGENT,
        _(
            "Do you inject drugs, or take medicines that weaken the immune system (such as "
            "long-term steroids, transplant drugs or HIV treatment)?"
        ),
        _("injected drugs or a weakened immune system"),
    ),
    RedFlag(
        "spinal_procedure",
        Level.URGENT,
        _(
            "In the last 3 months, have you had spinal surgery, an injection into your spine, "
            "or another procedure on your spine?"
        ),
        _("spinal surgery, a spinal injection or another spinal procedure in the last 3 months"),
    ),
    RedFlag(
        "spine_wound",
        Level.URGENT,
        _(
            "Have you had a wound that went through the skin near your spine (for example a stab "
            "or puncture wound)?"
        ),
        _("a wound through the skin near the spine"),
    ),
    RedFlag(
        "injury_onset",
        Level.URGENT,
        _("Did the pain start after a fall, an accident or lifting something heavy?"),
        _("pain that began after a fall, accident or heavy lift"),
    ),
    RedFlag(
        "night_pain",
        Level.URGENT,
        _("Is the pain worse lying down, severe at night, or not eased by any position?"),
        _("pain that is worse lying down, severe at night or never eased"),
    ),
    RedFlag(
        "thoracic_pain",
        Level.URGENT,
        _("Do you also have pain between your shoulder blades (the upper or middle back)?"),
        _("pain between the shoulder blades"),
    ),
    RedFlag(
        "no_improvement",
        Level.URGENT,
        _("Has the pain not got better at all after 4 to 6 weeks?"),
        _("pain that has not got better at all after 4 to 6 weeks"),
    ),
    RedFlag(
        "walking_pain",
        Level.URGENT,
        _("Does walking bring on pain in your buttock or back that eases when you stand still?"),
        _(
            "buttock or back pain brought on by walking and eased by standing still (a possible "
            "circulation problem)"
        ),
    ),
    RedFlag(
        "new_back_pain_age",
        Level.URGENT,
        _(
            "Is the pain you came with (buttock, hip, leg or back) new, and are you under 20 or "
            "over 50?"
        ),
        _("new buttock, hip, leg or back pain under the age of 20 or over 50"),
    ),
    RedFlag(
        "hot_calf",
        Level.URGENT,
        _("Is one of your calves swollen, tender, warm or red — even just one of these?"),
        _("a calf that is swollen, tender, warm or red (a possible clot)"),
        SAME_DAY,
    ),
)

RED_FLAGS = EMERGENCY_FLAGS + URGENT_FLAGS
BY_CODE = {flag.code: flag for flag in RED_FLAGS}

AREAS = ("buttock", "hip", "back", "down_the_leg")
AGGRAVATORS = ("sitting", "bending", "squatting", "running", "stairs")

# The four features of inflammatory back pain (NICE NG65; Rudwaleit 2006), in plain words.
INFLAMMATORY_SIGNS: dict[str, str] = {
    "morning_stiffness": _("Stiffness in the morning that lasts more than 30 minutes"),
    "better_with_exercise": _("It gets better when you exercise, but not when you rest"),
    "wakes_second_half_night": _("It wakes you in the second half of the night"),
    "alternating_buttock": _("Buttock pain that moves from one side to the other"),
}
# At least this many signs, with the pain starting before 45 (Berlin criteria, Rudwaleit 2006).
INFLAMMATORY_FROM = 2


@dataclass(frozen=True)
class Advice:
    """Advice that does not stop massage: what it is about, what to do, and its source."""

    code: str
    reason: str
    todo: str
    source: str


INFLAMMATORY_BACK_PAIN = Advice(
    "inflammatory_back_pain",
    _(
        "back or buttock pain that started before 45 with signs of inflammation (morning "
        "stiffness, easing with exercise, waking late at night or pain switching sides)"
    ),
    _(
        "Massage can go ahead. Please also see your GP for an assessment for axial "
        "spondyloarthritis (an inflammatory condition of the spine), and show them these answers."
    ),
    "NICE NG65; Rudwaleit 2006, Arthritis Rheum 54:569",
)


@dataclass(frozen=True)
class Answers:
    """What a visitor told the self-check. Red flags are the codes they answered yes to."""

    areas: frozenset[str] = frozenset()
    both_sides: bool = False
    aggravators: frozenset[str] = frozenset()
    tender_deep_in_buttock: bool = False
    worse_when_hip_stretched: bool = False
    red_flags: frozenset[str] = frozenset()
    started_before_45: bool = False
    inflammatory_signs: frozenset[str] = frozenset()


class Outcome(enum.Enum):
    EMERGENCY = "emergency"
    URGENT = "urgent"
    SEE_GP = "see_gp"  # massage may go ahead; see the GP for an assessment as well
    FITS_PATTERN = "fits_pattern"
    ASSESSMENT = "assessment"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reasons: tuple[RedFlag, ...] = ()
    features: tuple[str, ...] = field(default=())  # which of the four defining features
    advice: tuple[Advice, ...] = ()  # see the GP as well; never stops booking

    @property
    def same_day(self) -> bool:
        """A flag asks for a medical assessment today (the calf: NICE NG158)."""
        return any(flag.todo == SAME_DAY for flag in self.reasons)

    @property
    def booking_offered(self) -> bool:
        """Booking is offered only when no red flag was raised."""
        return self.outcome in (Outcome.SEE_GP, Outcome.FITS_PATTERN, Outcome.ASSESSMENT)


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


def inflammatory_back_pain(answers: Answers) -> bool:
    """Signs of inflammatory back pain (NICE NG65): the pain started before 45 and at least
    2 of the 4 Berlin features are present (Rudwaleit 2006). Not a red flag: advice only."""
    unknown = answers.inflammatory_signs - INFLAMMATORY_SIGNS.keys()
    if unknown:
        raise ValueError(f"unknown inflammatory signs: {sorted(unknown)}")
    return answers.started_before_45 and len(answers.inflammatory_signs) >= INFLAMMATORY_FROM


def advice_for(answers: Answers) -> tuple[Advice, ...]:
    """The see-your-GP advice the answers call for, alongside (never instead of) the rest."""
    return (INFLAMMATORY_BACK_PAIN,) if inflammatory_back_pain(answers) else ()


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
    outranks an urgent flag. Signs of inflammatory back pain come next: massage may go
    ahead, with advice to see the GP (NICE NG65). Otherwise three or four of the four
    features "fit the pattern" (our threshold for the wording, not a diagnostic score);
    fewer mean an assessment visit will tell."""
    flags = raised_flags(answers)
    advice = advice_for(answers)
    if any(flag.level is Level.EMERGENCY for flag in flags):
        emergencies = tuple(f for f in flags if f.level is Level.EMERGENCY)
        return Verdict(Outcome.EMERGENCY, emergencies, advice=advice)
    if flags:
        return Verdict(Outcome.URGENT, flags, advice=advice)
    features = defining_features(answers)
    if advice:
        return Verdict(Outcome.SEE_GP, (), features, advice)
    outcome = Outcome.FITS_PATTERN if len(features) >= 3 else Outcome.ASSESSMENT
    return Verdict(outcome, (), features)


def answers_from(
    areas: Iterable[str] = (),
    aggravators: Iterable[str] = (),
    red_flags: Iterable[str] = (),
    inflammatory_signs: Iterable[str] = (),
    **other: bool,
) -> Answers:
    """Build Answers from plain iterables (form data), rejecting unknown values."""
    bad = (
        (set(areas) - set(AREAS))
        | (set(aggravators) - set(AGGRAVATORS))
        | (set(inflammatory_signs) - INFLAMMATORY_SIGNS.keys())
    )
    if bad:
        raise ValueError(f"unknown answers: {sorted(bad)}")
    return Answers(
        areas=frozenset(areas),
        aggravators=frozenset(aggravators),
        red_flags=frozenset(red_flags),
        inflammatory_signs=frozenset(inflammatory_signs),
        **other,
    )


# -- the age question, when the date of birth is known ---------------------------------

YOUNGER_THAN = 20
FROM_AGE = 50  # "over 50": a 50-year-old counts, on the safe side


def age_on(born: dt.date, today: dt.date) -> int:
    """Age in whole years on `today` (a birthday on 29 February counts from 1 March)."""
    had_birthday = (today.month, today.day) >= (born.month, born.day)
    return today.year - born.year - (0 if had_birthday else 1)


def new_pain_at_risky_age(*, new_pain: bool, born: dt.date, today: dt.date) -> bool:
    """The age red flag from a known date of birth: the pain the person came with (buttock,
    hip, leg or back) is new and they are under 20 or over 50 (AHCPR; NICE CKS)."""
    if not new_pain:
        return False
    age = age_on(born, today)
    return age < YOUNGER_THAN or age >= FROM_AGE

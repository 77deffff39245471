"""The intake questionnaire's answers as plain data, and what they mean.

Pure: no Django. Answers are a JSON-ready dict (what `Intake.answers` stores), keyed as
below; the intake form produces exactly these keys. From them this module derives the
contraindication answers (../shared/CLINICAL.md §3), the red flags (§2) and the gaps a
therapist should know about before the first visit.

Keys and values:
- contact: ``phone``, ``emergency_contact_name``, ``emergency_contact_phone``,
  ``emergency_contact_relation`` (str), ``date_of_birth`` (ISO date str or "").
- the pain (carried over from the self-check when there is one): ``areas`` (list of
  rules.AREAS), ``both_sides``, ``tender_deep_in_buttock``, ``worse_when_hip_stretched``
  (bool), ``aggravators`` (list of rules.AGGRAVATORS), ``onset``, ``duration`` (str),
  ``started_before_45`` (bool), ``inflammatory_signs`` (list of rules.INFLAMMATORY_SIGNS).
- warning signs: ``red_flags`` (list of rules.BY_CODE codes) and ``new_pain`` (bool). The
  intake does not ask the age question: with the date of birth it adds
  ``new_back_pain_age`` to ``red_flags`` itself when the pain is new (`with_age_flag`).
- health: ``health_history``, ``medications`` (str), ``anticoagulants`` (bool, always
  asked explicitly), ``conditions`` (list of CONDITIONS codes), ``pregnancy``
  ("no", "yes", "high_risk"), one "where" text per local condition in LOCAL_AREAS
  (comma-separated body areas, "" for none), ``hip_replacement`` ("none", "left", "right",
  "both"), ``hip_operation`` (contraindications.OPERATIONS or ""), ``hip_approach``
  (contraindications.APPROACHES), ``hip_replaced_on`` (ISO date str or ""),
  ``surgeon_cleared_hip`` (bool).

Answers stored by an older version of the questions lack the newer keys; every reader here
takes a missing key as "no" (or "not known"), so old intakes still read.
- ``activities`` (list of ACTIVITIES codes) and ``goals`` (the client's own words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from easeplan.screening.rules import self_check as rules
from easeplan.screening.rules.contraindications import (
    APPROACHES,
    OPERATIONS,
    SIDES,
    HipReplacement,
    IntakeAnswers,
)


def _(text: str) -> str:
    """Marks `text` for the translation catalogue: the rules keep the English words, and the
    pages that show them translate them into the reader's language."""
    return text


INTAKE_VERSION = "intake/2026-12"

# Yes/no health conditions, asked as one list (CLINICAL.md §3). The code is the
# IntakeAnswers field it sets.
CONDITIONS: dict[str, str] = {
    "suspected_dvt": _("A blood clot (DVT) now, or a doctor thinks you may have one"),
    "calf_swollen_hot_red": _("A calf that is swollen, tender, warm or red (any of these)"),
    "dvt_or_pe_history": _("A blood clot (DVT) or a pulmonary embolism in the past"),
    "surgery_last_6_weeks": _("An operation of any kind in the last 6 weeks"),
    "fever_or_infection": _("A fever or an infection right now"),
    "uncontrolled_high_blood_pressure": _("High blood pressure that is not under control"),
    "acute_condition_needing_care": _("A new problem you are waiting to see a doctor about"),
    "bleeding_disorder": _("A bleeding disorder (for example haemophilia)"),
    "low_platelets": _("Low platelets"),
    "active_cancer_or_recent_chemo_radiotherapy": _(
        "Cancer now, or chemotherapy or radiotherapy in the last 6 months"
    ),
    "osteoporosis": _("Osteoporosis (thin or fragile bones)"),
    "neuropathy": _("Nerve damage with numbness or changed feeling (neuropathy)"),
    "diabetes_reduced_sensation": _("Diabetes with reduced feeling in the feet or legs"),
    "long_term_oral_steroids": _("Steroid tablets (such as prednisolone) taken for months"),
    "peripheral_arterial_disease": _("Poor blood flow to the legs (peripheral arterial disease)"),
    "piriformis_injection_recent": _(
        "A steroid or botulinum (Botox) injection into the buttock muscle in the last 2 weeks"
    ),
}

# Local problems: the client says where; each named area is left alone.
LOCAL_AREAS: dict[str, str] = {
    "wounds_or_skin_infection_areas": _("Wounds, burns, rashes or skin infections"),
    "recent_surgery_areas": _("Surgery in the last 3 months"),
    "fracture_areas": _("A broken bone that is still healing"),
    "tumour_areas": _("A tumour or lump being looked at by a doctor"),
    "varicose_vein_areas": _("Varicose veins"),
    "inflammatory_flare_areas": _("A joint or area that is inflamed right now (a flare)"),
    "lymphoedema_areas": _("Lymphoedema (long-lasting swelling), or lymph nodes removed"),
}

ACTIVITIES: dict[str, str] = {
    "running": _("Runner"),
    "cycling": _("Cyclist"),
    "other_sport": _("Athlete or another regular sport"),
    "desk": _("Long hours at a desk or driving"),
}
ACTIVE = frozenset({"running", "cycling", "other_sport"})

AGE_FLAG = "new_back_pain_age"
PREGNANCY = ("no", "yes", "high_risk")
HIP_REPLACEMENT = ("none", *SIDES)

# Answers the therapist needs before the first visit, with what to call them when missing.
NEEDED: dict[str, str] = {
    "date_of_birth": _("date of birth"),
    "emergency_contact_name": _("emergency contact"),
    "emergency_contact_phone": _("emergency contact's phone"),
    "areas": _("where the pain is"),
    "goals": _("goals"),
}

# The self-check's answers that the intake asks again: carried over, never asked twice.
FROM_SELF_CHECK = (
    "areas",
    "both_sides",
    "aggravators",
    "tender_deep_in_buttock",
    "worse_when_hip_stretched",
    "onset",
    "duration",
    "activities",
    "started_before_45",
    "inflammatory_signs",
    "red_flags",
)


def from_self_check(steps: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The intake answers a self-check already gave, from its steps as the session keeps
    them ({"where": {...}, "worse": {...}, "story": {...}, "safety": {...}, "health": {...}})."""
    merged: dict[str, Any] = {}
    for step in ("where", "worse", "story"):
        merged.update(steps.get(step, {}))
    flags = [
        *steps.get("safety", {}).get("red_flags", []),
        *steps.get("health", {}).get("red_flags", []),
    ]
    merged["red_flags"] = flags
    return {key: merged[key] for key in FROM_SELF_CHECK if key in merged}


def with_age_flag(answers: Mapping[str, Any], *, today: dt.date) -> list[str]:
    """The red flag codes of the answers, with the age flag decided from the date of birth
    (instead of asking): the pain the client came with is new and they are under 20 or
    over 50 (AHCPR; NICE CKS). Without a date of birth the answers are kept as given."""
    codes = [c for c in answers.get("red_flags", []) if c != AGE_FLAG]
    born = parse_date(answers.get("date_of_birth"))
    if born is None:
        return list(answers.get("red_flags", []))
    if rules.new_pain_at_risky_age(new_pain=bool(answers.get("new_pain")), born=born, today=today):
        codes.append(AGE_FLAG)
    return codes


# Health conditions that answer a red flag's own question in other words, so they raise it
# wherever they are ticked (CLINICAL.md §2): a calf that is swollen, tender, warm or red (any
# sign: a same-day medical assessment, NICE NG158), and a fever or infection now.
CONDITION_FLAGS: dict[str, str] = {
    "calf_swollen_hot_red": "hot_calf",
    "fever_or_infection": "fever_infection",
}


def red_flags(answers: Mapping[str, Any]) -> tuple[rules.RedFlag, ...]:
    """The red flags in the answers (CLINICAL.md §2), emergencies first, with those raised
    by a health condition that asks the same (`CONDITION_FLAGS`)."""
    conditions = answers.get("conditions", [])
    return rules.raised_flags(
        rules.answers_from(
            areas=[a for a in answers.get("areas", []) if a in rules.AREAS],
            red_flags=[
                *(c for c in answers.get("red_flags", []) if c in rules.BY_CODE),
                *(flag for code, flag in CONDITION_FLAGS.items() if code in conditions),
            ],
            both_sides=bool(answers.get("both_sides")),
        )
    )


def advice(answers: Mapping[str, Any]) -> tuple[rules.Advice, ...]:
    """See-your-GP advice that does not stop massage: inflammatory back pain (NICE NG65)."""
    return rules.advice_for(
        rules.answers_from(
            inflammatory_signs=[
                s for s in answers.get("inflammatory_signs", []) if s in rules.INFLAMMATORY_SIGNS
            ],
            started_before_45=bool(answers.get("started_before_45")),
        )
    )


def contraindication_answers(answers: Mapping[str, Any]) -> IntakeAnswers:
    """The answers the contraindication engine reads (Batavia 2004; HSS Journal 2019)."""
    pregnancy = answers.get("pregnancy", "no")
    fields: dict[str, Any] = {
        code: True for code in set(answers.get("conditions", [])) & CONDITIONS.keys()
    }
    fields.update({key: split_areas(answers.get(key, "")) for key in LOCAL_AREAS})
    return IntakeAnswers(
        **fields,
        anticoagulants=bool(answers.get("anticoagulants")),
        red_flag_present=bool(red_flags(answers)),
        inflammatory_back_pain=bool(advice(answers)),
        pregnant=pregnancy in ("yes", "high_risk"),
        high_risk_pregnancy=pregnancy == "high_risk",
        hip_replacement=hip_replacement(answers),
        surgeon_cleared_hip=bool(answers.get("surgeon_cleared_hip")),
    )


def hip_replacement(answers: Mapping[str, Any]) -> HipReplacement | None:
    side = answers.get("hip_replacement", "none")
    if side not in SIDES:
        return None
    approach = answers.get("hip_approach") or "unknown"
    operation = answers.get("hip_operation") or "total"
    return HipReplacement(
        side=side,
        approach=approach if approach in APPROACHES else "unknown",
        operated_on=parse_date(answers.get("hip_replaced_on")),
        operation=operation if operation in OPERATIONS else "total",
    )


def split_areas(text: str) -> tuple[str, ...]:
    """'left calf, Lower back' -> ('left calf', 'lower back'): the areas a client named."""
    return tuple(part.strip().lower() for part in str(text).split(",") if part.strip())


def parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def gaps(answers: Mapping[str, Any]) -> list[str]:
    """What the therapist still needs, in plain words, e.g. ["emergency contact", "goals"]."""
    return [label for key, label in NEEDED.items() if not answers.get(key)]


def is_active(answers: Mapping[str, Any]) -> bool:
    """Runners, cyclists and athletes: their plans include glute work in every session."""
    return bool(ACTIVE & set(answers.get("activities", [])))

"""Contraindications and cautions for massage: what the intake answers mean for a session.

Pure: plain intake answers (and `today`) in, a sorted list of findings out. Each finding
says how serious it is, why in plain words for the therapist, where the rule comes from,
which body area to leave alone (if any) and which techniques or tests it rules out.

Three levels, most serious first (../shared/CLINICAL.md §3):
- POSTPONE: no massage today; the client needs a doctor first (or the problem must pass).
- AVOID_AREA: treat, but leave one body area alone.
- ADJUST: treat with changes (lighter pressure, no deep work, no hip-stretch positions) or
  after clearance from the client's doctor, midwife or surgeon.

Sources:
- The three lists and their items: Batavia M. Contraindications for therapeutic massage:
  do sources agree? J Bodyw Mov Ther 2004;8:48 (3 to 86 items across 21 sources, so every
  finding is a caution for the therapist's judgement, not an automatic verdict).
- Red flags: NICE CKS "Sciatica (lumbar radiculopathy)"; AHCPR acute low back problems
  guideline. A calf that is swollen, tender, warm or red (any one) can be a clot (Wells
  criteria): a same-day medical assessment (NICE NG158).
- Hip replacement through a posterior approach: HSS Journal 2019 — no hip flexion past 90°,
  no crossing the midline, no internal rotation, for 6-12 weeks and sometimes for life.
  FAIR, the seated piriformis stretch test, the figure-4 stretch and FAIR-position stretches
  use exactly those positions, so they stay blocked until the surgeon clears the client.
  The knee-to-opposite-shoulder stretch (flexion past 90° across the midline), the Freiberg
  test (forceful internal rotation) and the Beatty test (side-lying, hip flexed, knee across
  the midline on the table) use them too, so they are blocked with them. For an unknown
  approach we assume posterior (clinical judgement).
- Hip replacement through an anterior approach: usually no hip extension past neutral with
  external rotation for about 6 weeks (the surgeon's protocol decides), so the half-kneeling
  hip-flexor lunge stretch and the figure-4 stretch stay blocked until the surgeon clears the
  client. For a lateral approach CLINICAL.md lists no precautions: ask for the surgeon's.
  A hemiarthroplasty (half replacement) and a fixed hip fracture follow the same rules by
  approach.
- Added cautions (CLINICAL.md §3): a past clot (DVT) or pulmonary embolism, surgery in the last
  6 weeks (a clot risk as well as a local site; NICE NG158 on clot risk) and peripheral
  arterial disease mean no deep work on the legs without clearance; lymphoedema or lymph
  nodes removed: leave the limb alone without clearance and use light pressure; a steroid or
  botulinum injection into the piriformis in the last 2 weeks: leave the area alone;
  long-term steroid tablets: lighter pressure (fragile skin and bone).
- Inflammatory back pain (NICE NG65): massage may go ahead; the client is advised to see
  their GP for an assessment for axial spondyloarthritis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .findings import (
    ANTERIOR_HIP_POSITIONS,
    APPROACHES,
    BEATTY,
    DEEP_PRESSURE,
    DEEP_WORK_LEGS,
    FAIR,
    FAIR_POSITION,
    FAIR_POSITION_STRETCH,
    FIGURE_4_STRETCH,
    FORCEFUL_WORK,
    FREIBERG,
    HIP_FLEXOR_LUNGE_STRETCH,
    KNEE_TO_OPPOSITE_SHOULDER,
    NO_DEEP,
    NO_DEEP_ON_LEGS,
    NO_DEEP_OR_FORCEFUL,
    OPERATIONS,
    SEATED_PIRIFORMIS_STRETCH,
    SIDES,
    Approach,
    Finding,
    HipReplacement,
    IntakeAnswers,
    Level,
    Operation,
    Side,
)

# The findings' vocabulary is named through this module too (contraindications.FAIR).
__all__ = [
    "ANTERIOR_HIP",
    "ANTERIOR_HIP_POSITIONS",
    "APPROACHES",
    "AXIAL_SPA",
    "BATAVIA",
    "BEATTY",
    "CALF_SIGNS",
    "CLINICAL_JUDGEMENT",
    "CLOT",
    "CLOT_RISK_DAYS",
    "DEEP_PRESSURE",
    "DEEP_WORK_LEGS",
    "FAIR",
    "FAIR_POSITION",
    "FAIR_POSITION_STRETCH",
    "FIGURE_4_STRETCH",
    "FORCEFUL_WORK",
    "FREIBERG",
    "HIP_FLEXOR_LUNGE_STRETCH",
    "HSS_HIP",
    "KNEE_TO_OPPOSITE_SHOULDER",
    "NO_DEEP",
    "NO_DEEP_ON_LEGS",
    "NO_DEEP_OR_FORCEFUL",
    "OPERATIONS",
    "RED_FLAG_SOURCES",
    "SEATED_PIRIFORMIS_STRETCH",
    "SIDES",
    "Approach",
    "Finding",
    "HipReplacement",
    "IntakeAnswers",
    "Level",
    "Operation",
    "Side",
    "avoided_areas",
    "blocked_techniques",
    "classify",
    "most_severe",
    "must_postpone",
]

# -- citations --------------------------------------------------------------------------

BATAVIA = "Batavia 2004, J Bodyw Mov Ther 8:48"
HSS_HIP = "HSS Journal 2019 (posterior hip precautions)"
ANTERIOR_HIP = "usual anterior-approach hip precautions (the surgeon's protocol decides)"
RED_FLAG_SOURCES = "NICE CKS sciatica; AHCPR low back guideline"
CLOT = "NICE NG158 (venous thromboembolism)"
CALF_SIGNS = "Wells criteria; NICE NG158 (same-day assessment)"
AXIAL_SPA = "NICE NG65 (spondyloarthritis)"
CLINICAL_JUDGEMENT = "clinical judgement"

# Surgery this recent is a clot risk as well as a local site (CLINICAL.md §3).
CLOT_RISK_DAYS = 42

# -- rule tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class _YesRule:
    """A yes/no answer that, when yes, gives one finding."""

    applies: Callable[[IntakeAnswers], bool]
    level: Level
    code: str
    reason: str
    source: str
    blocks: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _AreaRule:
    """An answer listing body areas: one AVOID_AREA finding per area named."""

    areas: Callable[[IntakeAnswers], tuple[str, ...]]
    code: str
    what: str  # completes "... at the <area>"
    todo: str = "do not massage that area; work elsewhere."
    source: str = BATAVIA
    blocks: frozenset[str] = frozenset()


_POSTPONE = Level.POSTPONE
_ADJUST = Level.ADJUST

_YES_RULES = (
    _YesRule(
        lambda a: a.suspected_dvt or a.calf_swollen_hot_red,
        _POSTPONE,
        "dvt",
        "Possible clot (known or suspected, or a calf that is swollen, tender, warm or red): "
        "needs a same-day medical assessment, and no massage until a doctor has seen it.",
        f"{BATAVIA}; calf signs: {CALF_SIGNS}",
    ),
    _YesRule(
        lambda a: a.fever_or_infection,
        _POSTPONE,
        "fever_or_infection",
        "Fever or an infection affecting the whole body: postpone until it has passed.",
        BATAVIA,
    ),
    _YesRule(
        lambda a: a.uncontrolled_high_blood_pressure,
        _POSTPONE,
        "uncontrolled_high_blood_pressure",
        "Severe or uncontrolled high blood pressure: postpone until a doctor has it in hand.",
        BATAVIA,
    ),
    _YesRule(
        lambda a: a.acute_condition_needing_care,
        _POSTPONE,
        "acute_condition",
        "A new or acute problem that needs medical care: postpone and see a doctor first.",
        BATAVIA,
    ),
    _YesRule(
        lambda a: a.red_flag_present,
        _POSTPONE,
        "red_flag",
        "A warning sign came up in screening: the client sees a doctor before any massage.",
        f"{RED_FLAG_SOURCES}; {BATAVIA}",
    ),
    _YesRule(
        lambda a: a.high_risk_pregnancy,
        _POSTPONE,
        "high_risk_pregnancy",
        "High-risk pregnancy: massage is avoided; refer back to the midwife or doctor.",
        BATAVIA,
    ),
    _YesRule(
        lambda a: a.bleeding_disorder,
        _ADJUST,
        "bleeding_disorder",
        "Bleeding disorder: may bruise or bleed easily, so no deep or forceful work.",
        BATAVIA,
        NO_DEEP_OR_FORCEFUL,
    ),
    _YesRule(
        lambda a: a.anticoagulants,
        _ADJUST,
        "anticoagulants",
        "Takes blood thinners: may bruise or bleed easily, so no deep or forceful work.",
        BATAVIA,
        NO_DEEP_OR_FORCEFUL,
    ),
    _YesRule(
        lambda a: a.low_platelets,
        _ADJUST,
        "low_platelets",
        "Low platelets: may bruise or bleed easily, so no deep or forceful work.",
        BATAVIA,
        NO_DEEP_OR_FORCEFUL,
    ),
    _YesRule(
        lambda a: a.active_cancer_or_recent_chemo_radiotherapy,
        _ADJUST,
        "cancer_treatment",
        "Active cancer or recent chemotherapy or radiotherapy: "
        "no deep work until their doctor clears it.",
        BATAVIA,
        NO_DEEP,
    ),
    _YesRule(
        lambda a: a.pregnant,
        _ADJUST,
        "pregnancy",
        "Pregnant: get approval from the midwife or doctor before treating.",
        BATAVIA,
    ),
    _YesRule(
        lambda a: a.osteoporosis,
        _ADJUST,
        "osteoporosis",
        "Osteoporosis (fragile bones): lighter pressure.",
        BATAVIA,
        NO_DEEP,
    ),
    _YesRule(
        lambda a: a.neuropathy,
        _ADJUST,
        "neuropathy",
        "Nerve damage with changed feeling: the client may not feel too much pressure, "
        "so use lighter pressure.",
        BATAVIA,
        NO_DEEP,
    ),
    _YesRule(
        lambda a: a.diabetes_reduced_sensation,
        _ADJUST,
        "diabetes_reduced_sensation",
        "Diabetes with reduced feeling: the client may not feel too much pressure, "
        "so use lighter pressure.",
        BATAVIA,
        NO_DEEP,
    ),
    _YesRule(
        lambda a: a.dvt_or_pe_history,
        _ADJUST,
        "dvt_pe_history",
        "Has had a clot (DVT) or a pulmonary embolism: ask about clot risk now, and no deep "
        "work on the legs without the doctor's clearance.",
        f"{CLOT}; {CLINICAL_JUDGEMENT}",
        NO_DEEP_ON_LEGS,
    ),
    _YesRule(
        lambda a: a.surgery_last_6_weeks,
        _ADJUST,
        "recent_surgery_clot_risk",
        "Surgery in the last 6 weeks raises the risk of a clot: check for calf swelling, "
        "tenderness, warmth or redness, and no deep work on the legs without clearance.",
        f"{CLOT}; {CLINICAL_JUDGEMENT}",
        NO_DEEP_ON_LEGS,
    ),
    _YesRule(
        lambda a: a.long_term_oral_steroids,
        _ADJUST,
        "long_term_oral_steroids",
        "Long-term steroid tablets: skin and bones can be fragile, so lighter pressure.",
        CLINICAL_JUDGEMENT,
        NO_DEEP,
    ),
    _YesRule(
        lambda a: a.peripheral_arterial_disease,
        _ADJUST,
        "peripheral_arterial_disease",
        "Peripheral arterial disease (poor blood flow to the legs): no deep work on the legs.",
        CLINICAL_JUDGEMENT,
        NO_DEEP_ON_LEGS,
    ),
    _YesRule(
        lambda a: a.inflammatory_back_pain,
        _ADJUST,
        "inflammatory_back_pain",
        "Signs of inflammatory back pain: massage can go ahead; advise the client to see "
        "their GP for an assessment for axial spondyloarthritis.",
        AXIAL_SPA,
    ),
)

_AREA_RULES = (
    _AreaRule(
        lambda a: a.wounds_or_skin_infection_areas,
        "skin_wound_or_infection",
        "wound, burn, rash or skin infection",
    ),
    _AreaRule(lambda a: a.recent_surgery_areas, "recent_surgery", "recent surgery"),
    _AreaRule(lambda a: a.fracture_areas, "fracture", "fracture"),
    _AreaRule(lambda a: a.tumour_areas, "tumour", "tumour"),
    _AreaRule(lambda a: a.varicose_vein_areas, "varicose_veins", "varicose veins"),
    _AreaRule(lambda a: a.inflammatory_flare_areas, "inflammatory_flare", "inflammation flare"),
    _AreaRule(
        lambda a: a.lymphoedema_areas,
        "lymphoedema",
        "lymphoedema or lymph nodes removed",
        "leave that limb alone unless the doctor has cleared it, and use light pressure.",
        CLINICAL_JUDGEMENT,
        NO_DEEP,
    ),
    _AreaRule(
        lambda a: ("injected buttock",) if a.piriformis_injection_recent else (),
        "piriformis_injection",
        "recent piriformis injection (steroid or botulinum, last 2 weeks)",
        source=CLINICAL_JUDGEMENT,
    ),
)


# -- classification -----------------------------------------------------------------------


def classify(answers: IntakeAnswers, *, today: dt.date) -> list[Finding]:
    """Every finding the intake answers raise, most serious first, then by code and area.

    Deterministic, and a finding appears once per code (and area). Sources: Batavia 2004
    (J Bodyw Mov Ther 8:48) for the three lists; HSS Journal 2019 for hip precautions.
    """
    findings = [
        Finding(rule.level, rule.code, rule.reason, rule.source, None, rule.blocks)
        for rule in _YES_RULES
        if rule.applies(answers)
    ]
    findings += [
        _avoid_area(rule, area) for rule in _AREA_RULES for area in _normalised(rule.areas(answers))
    ]
    hip = answers.hip_replacement
    if hip is not None:
        findings.append(_hip_finding(hip, answers.surgeon_cleared_hip, today=today))
        if _recent(hip.operated_on, today=today) and not answers.surgery_last_6_weeks:
            findings.append(_hip_clot_risk())
    return sorted(findings, key=lambda finding: finding.sort_key)


def _recent(day: dt.date | None, *, today: dt.date) -> bool:
    """Within the last 6 weeks: surgery this recent is a clot risk (CLINICAL.md §3)."""
    return day is not None and 0 <= (today - day).days <= CLOT_RISK_DAYS


def _hip_clot_risk() -> Finding:
    """The hip operation was in the last 6 weeks: the same caution as recent surgery."""
    rule = next(r for r in _YES_RULES if r.code == "recent_surgery_clot_risk")
    return Finding(rule.level, rule.code, rule.reason, rule.source, None, rule.blocks)


def _normalised(areas: Iterable[str]) -> list[str]:
    """Areas as lower-case words with single spaces, blanks dropped, each once, sorted."""
    return sorted({" ".join(area.split()).lower() for area in areas} - {""})


def _avoid_area(rule: _AreaRule, area: str) -> Finding:
    """Local contraindication: leave the area alone, work elsewhere (Batavia 2004)."""
    reason = f"{rule.what.capitalize()} at the {area}: {rule.todo}"
    return Finding(Level.AVOID_AREA, rule.code, reason, rule.source, area, rule.blocks)


def _hip_finding(hip: HipReplacement, cleared: bool, *, today: dt.date) -> Finding:
    """The hip operation caution, by approach (a half replacement or a fixed fracture
    follows the same rules as a total replacement).

    Posterior approach, not cleared: block the FAIR-position tests and stretches and the
    Beatty test (HSS Journal 2019: no flexion past 90°, no crossing the midline, no internal
    rotation, for 6-12 weeks and sometimes for life), whatever the date. Unknown approach:
    treated as posterior (clinical judgement). Anterior, not cleared: block the hip-flexor
    lunge and figure-4 stretches (no extension past neutral with external rotation, about 6
    weeks; the surgeon's protocol decides). Lateral: CLINICAL.md gives no precautions, so ask
    for the surgeon's. Cleared by the surgeon: no block, a reminder only.
    """
    which = _which_hip(hip, today=today)
    if cleared:
        return Finding(
            _ADJUST,
            "hip_replacement_cleared",
            f"{which}; the surgeon has cleared hip tests and stretches. "
            "Follow any limits the surgeon still gives.",
            CLINICAL_JUDGEMENT,
        )
    if hip.approach == "anterior":
        return Finding(
            _ADJUST,
            "anterior_hip_replacement",
            f"{which}, anterior approach: usually no taking the leg back behind the body "
            "while turning it outwards, for about 6 weeks (the surgeon's protocol decides). "
            "No half-kneeling hip-flexor lunge stretch and no figure-4 stretch until the "
            "surgeon clears the client; ask for the surgeon's precautions and follow them.",
            ANTERIOR_HIP,
            blocks=ANTERIOR_HIP_POSITIONS,
        )
    if hip.approach == "lateral":
        return Finding(
            _ADJUST,
            "lateral_hip_replacement",
            f"{which}, lateral approach: ask for the surgeon's precautions "
            "before hip tests or stretches, and follow them.",
            CLINICAL_JUDGEMENT,
        )
    precautions = (
        "no bending the hip past 90°, no crossing the leg over the midline, and no turning "
        "the thigh inwards, usually for 6-12 weeks and sometimes for life. No FAIR, seated, "
        "Freiberg or Beatty tests and no figure-4, knee-to-opposite-shoulder or FAIR-position "
        "stretches until the surgeon clears the client."
    )
    if hip.approach == "posterior":
        return Finding(
            _ADJUST,
            "posterior_hip_replacement",
            f"{which}, posterior approach: {precautions}",
            HSS_HIP,
            blocks=FAIR_POSITION,
        )
    return Finding(
        _ADJUST,
        "hip_replacement_approach_unknown",
        f"{which}, approach not known, so treat it as posterior: {precautions}",
        f"{HSS_HIP}; unknown approach treated as posterior: {CLINICAL_JUDGEMENT}",
        blocks=FAIR_POSITION,
    )


_OPERATION_WORDS: dict[Operation, str] = {
    "total": "replaced",
    "hemiarthroplasty": "half replaced (hemiarthroplasty)",
    "fracture_fixation": "fracture fixed with surgery",
}


def _which_hip(hip: HipReplacement, *, today: dt.date) -> str:
    """'Right hip replaced about 8 weeks ago', or without the time when it is not known."""
    hips = "Both hips" if hip.side == "both" else f"{hip.side.capitalize()} hip"
    done = f"{hips} {_OPERATION_WORDS[hip.operation]}"
    if hip.operated_on is None or hip.operated_on > today:
        return done
    weeks = (today - hip.operated_on).days // 7
    if weeks == 0:
        return f"{done} less than a week ago"
    return f"{done} about {weeks} week{'' if weeks == 1 else 's'} ago"


# -- summaries --------------------------------------------------------------------------


def most_severe(findings: Iterable[Finding]) -> Level | None:
    """The most serious level among the findings, or None when there are none."""
    levels = [finding.level for finding in findings]
    return min(levels, key=lambda level: level.rank) if levels else None


def must_postpone(findings: Iterable[Finding]) -> bool:
    """True when any finding says to postpone the session."""
    return any(finding.level is Level.POSTPONE for finding in findings)


def blocked_techniques(findings: Iterable[Finding]) -> frozenset[str]:
    """Every technique and test code ruled out by the findings."""
    return frozenset(code for finding in findings for code in finding.blocks)


def avoided_areas(findings: Iterable[Finding]) -> frozenset[str]:
    """Every body area the therapist must leave alone."""
    return frozenset(finding.area for finding in findings if finding.area is not None)

"""What contraindication rules read and give, as plain values: the intake answers, the
findings, and the codes of the techniques and tests a finding rules out.

Pure: no Django. easeplan.screening.rules.contraindications holds the rules that turn
`IntakeAnswers` into `Finding`s (CLINICAL.md §3); the codes here are shared with the
clinical tests, plans and SOAP notes. The position sets follow the hip replacement
precautions: HSS Journal 2019 for the posterior approach (no hip flexion past 90°, no
crossing the midline, no internal rotation), the usual anterior-approach precautions (no
extension past neutral with external rotation) for the anterior one.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Literal

# -- techniques and tests a finding can rule out (codes shared with plans and notes) -------

FAIR = "FAIR"
SEATED_PIRIFORMIS_STRETCH = "seated_piriformis_stretch"
FREIBERG = "freiberg"
BEATTY = "beatty"
HIP_FLEXOR_LUNGE_STRETCH = "hip_flexor_lunge_stretch"
DEEP_WORK_LEGS = "deep_work_legs"
FIGURE_4_STRETCH = "figure_4_stretch"
FAIR_POSITION_STRETCH = "fair_position_stretch"
KNEE_TO_OPPOSITE_SHOULDER = "knee_to_opposite_shoulder"
DEEP_PRESSURE = "deep_pressure"
FORCEFUL_WORK = "forceful_work"

# Hip flexion past 90°, crossing the midline or internal rotation (HSS Journal 2019).
FAIR_POSITION = frozenset(
    {
        FAIR,
        SEATED_PIRIFORMIS_STRETCH,
        FREIBERG,
        BEATTY,
        FIGURE_4_STRETCH,
        FAIR_POSITION_STRETCH,
        KNEE_TO_OPPOSITE_SHOULDER,
    }
)
# Hip extension past neutral with external rotation (anterior approach).
ANTERIOR_HIP_POSITIONS = frozenset({HIP_FLEXOR_LUNGE_STRETCH, FIGURE_4_STRETCH})
NO_DEEP_ON_LEGS = frozenset({DEEP_WORK_LEGS})
NO_DEEP_OR_FORCEFUL = frozenset({DEEP_PRESSURE, FORCEFUL_WORK})
NO_DEEP = frozenset({DEEP_PRESSURE})

Side = Literal["left", "right", "both"]
Approach = Literal["posterior", "anterior", "lateral", "unknown"]
Operation = Literal["total", "hemiarthroplasty", "fracture_fixation"]
SIDES: tuple[Side, ...] = ("left", "right", "both")
APPROACHES: tuple[Approach, ...] = ("posterior", "anterior", "lateral", "unknown")
OPERATIONS: tuple[Operation, ...] = ("total", "hemiarthroplasty", "fracture_fixation")


class Level(enum.Enum):
    """How a finding changes the session, most serious first."""

    POSTPONE = "postpone"
    AVOID_AREA = "avoid_area"
    ADJUST = "adjust"

    @property
    def rank(self) -> int:
        """0 for the most serious level; sorting by rank puts POSTPONE first."""
        return _RANKS[self]


_RANKS = {level: rank for rank, level in enumerate(Level)}


@dataclass(frozen=True)
class HipReplacement:
    """A hip operation the client reported: which side, the surgical approach, when, and
    which operation (a total replacement, a half replacement or a fixed fracture: the same
    precautions by approach)."""

    side: Side
    approach: Approach = "unknown"
    operated_on: dt.date | None = None
    operation: Operation = "total"

    def __post_init__(self) -> None:
        if self.side not in SIDES:
            raise ValueError(f"unknown side {self.side!r}; expected one of {SIDES}")
        if self.approach not in APPROACHES:
            raise ValueError(f"unknown approach {self.approach!r}; expected one of {APPROACHES}")
        if self.operation not in OPERATIONS:
            raise ValueError(f"unknown operation {self.operation!r}; expected one of {OPERATIONS}")


@dataclass(frozen=True)
class IntakeAnswers:
    """The intake answers that matter for contraindications. Everything defaults to "no".

    Area answers are the body areas affected ("buttock", "low back", "thigh", "hip", ...).
    `surgeon_cleared_hip` is the only answer that relaxes a finding: it lifts the hip
    replacement block once the surgeon has cleared the client.
    """

    # postpone
    suspected_dvt: bool = False
    calf_swollen_hot_red: bool = False
    fever_or_infection: bool = False
    uncontrolled_high_blood_pressure: bool = False
    acute_condition_needing_care: bool = False
    red_flag_present: bool = False
    high_risk_pregnancy: bool = False
    # avoid the area
    wounds_or_skin_infection_areas: tuple[str, ...] = ()
    recent_surgery_areas: tuple[str, ...] = ()
    fracture_areas: tuple[str, ...] = ()
    tumour_areas: tuple[str, ...] = ()
    varicose_vein_areas: tuple[str, ...] = ()
    inflammatory_flare_areas: tuple[str, ...] = ()
    lymphoedema_areas: tuple[str, ...] = ()
    piriformis_injection_recent: bool = False
    # adjust or get clearance
    bleeding_disorder: bool = False
    anticoagulants: bool = False
    low_platelets: bool = False
    active_cancer_or_recent_chemo_radiotherapy: bool = False
    pregnant: bool = False
    osteoporosis: bool = False
    neuropathy: bool = False
    diabetes_reduced_sensation: bool = False
    dvt_or_pe_history: bool = False
    surgery_last_6_weeks: bool = False
    long_term_oral_steroids: bool = False
    peripheral_arterial_disease: bool = False
    inflammatory_back_pain: bool = False
    hip_replacement: HipReplacement | None = None
    surgeon_cleared_hip: bool = False


@dataclass(frozen=True)
class Finding:
    """One contraindication or caution, with the reason in plain words and its source.

    `area` is set only for AVOID_AREA findings. `blocks` lists technique and test codes
    the therapist must not use while the finding stands.
    """

    level: Level
    code: str
    reason: str
    source: str
    area: str | None = None
    blocks: frozenset[str] = frozenset()

    @property
    def sort_key(self) -> tuple[int, str, str]:
        return (self.level.rank, self.code, self.area or "")

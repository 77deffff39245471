"""The clinical tests a therapist records in an assessment, and what a set of results says.

Pure: no Django. The tests, the four defining features and their published accuracy are
plain data; `summarise` turns the stored results of one assessment into the summary the
therapist, the pre-visit page and the referral letter show.

A massage therapist does not diagnose: the summary says findings are "consistent with"
piriformis syndrome, never that the client has it (../shared/CLINICAL.md, preamble).

Sources (../shared/CLINICAL.md §1):
- The four defining features: Hopayian K et al., Eur Spine J 2010;19:2095; Hopayian K,
  Danielyan A, Eur J Orthop Surg Traumatol 2018;28:155.
- Seated piriformis stretch and active piriformis tests, alone and combined: Martin HD et
  al., Knee Surg Sports Traumatol Arthrosc 2014;22:882.
- FAIR: the published accuracy (Fishman LM et al. 2002) is for the test combined with
  nerve conduction (H-reflex), not for the bedside manoeuvre alone.
- Freiberg, Pace, Beatty, sciatic notch tenderness: no accuracy data.
- The 12-point score of Michel et al. 2013 is deliberately not implemented: its items are
  unverified here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

# The manoeuvres whose codes contraindications.py also uses; named here too, as the tests.
from .contraindications import BEATTY as BEATTY
from .contraindications import FAIR as FAIR
from .contraindications import FREIBERG as FREIBERG
from .contraindications import SEATED_PIRIFORMIS_STRETCH as SEATED_PIRIFORMIS_STRETCH
from .contraindications import Finding

VERSION = "assessment/2026-11"


def gettext_noop(text: str) -> str:
    """Marks a text for translation, like Django's own: `makemessages` collects it and the
    pages that show it translate it; the summary and what is stored keep the English."""
    return text


Result = Literal["positive", "negative", "not_done"]
Side = Literal["left", "right", "both", ""]
Answer = Literal["yes", "no", "not done"]
RESULTS: tuple[Result, ...] = ("positive", "negative", "not_done")
SIDES: tuple[Side, ...] = ("left", "right", "both", "")

# Test codes. FAIR, the seated stretch, Freiberg and Beatty share their codes with the
# contraindication engine, so a finding's `blocks` names the tests it rules out.
ACTIVE_PIRIFORMIS = "active_piriformis"
PACE = "pace"
SCIATIC_NOTCH_PALPATION = "sciatic_notch_palpation"
STRAIGHT_LEG_RAISE = "straight_leg_raise"

MARTIN = "Martin 2014, KSSTA 22:882"
HOPAYIAN = (
    "Hopayian 2010, Eur Spine J 19:2095; "
    "Hopayian & Danielyan 2018, Eur J Orthop Surg Traumatol 28:155"
)
NO_ACCURACY_DATA = gettext_noop("no accuracy data")
COMBINED_ACCURACY = f"Se 0.91, Sp 0.80 when either test is positive ({MARTIN})"

# Our wording threshold, the same as the self-check's (rules.decide): not a diagnostic score.
CONSISTENT_FROM = 3


@dataclass(frozen=True)
class ClinicalTest:
    """One bedside test: how to do it in our words, and its published accuracy as text."""

    code: str
    name: str
    how: str
    accuracy: str
    note: str = ""


@dataclass(frozen=True)
class Feature:
    """One of the four defining features of piriformis syndrome (Hopayian 2010)."""

    code: str
    label: str


TESTS: tuple[ClinicalTest, ...] = (
    ClinicalTest(
        FAIR,
        gettext_noop("FAIR (flexion, adduction, internal rotation)"),
        gettext_noop(
            "Client lies on the other side. Bend the hip to about 60-90°, bring the thigh "
            "across the body and turn it inwards. Positive if it brings on the buttock or "
            "sciatic pain."
        ),
        gettext_noop(
            "bedside accuracy not established; the published figures are for the "
            "nerve-conduction version (Fishman 2002)"
        ),
    ),
    ClinicalTest(
        SEATED_PIRIFORMIS_STRETCH,
        gettext_noop("Seated piriformis stretch"),
        gettext_noop(
            "Client sits with the hip at 90° and the knee straight. Bring the thigh across "
            "and turn it inwards while pressing just outside the sitting bone. Positive if "
            "it brings on the pain."
        ),
        gettext_noop("Se 0.52, Sp 0.90 (Martin 2014, KSSTA 22:882)"),
    ),
    ClinicalTest(
        ACTIVE_PIRIFORMIS,
        gettext_noop("Active piriformis"),
        gettext_noop(
            "Client lies on the other side and pushes the leg up and turns it outwards "
            "against your resistance while you feel the piriformis. Positive if it brings on "
            "the pain."
        ),
        gettext_noop("Se 0.78, Sp 0.80 (Martin 2014)"),
    ),
    ClinicalTest(
        FREIBERG,
        gettext_noop("Freiberg"),
        gettext_noop(
            "Client lies on their back with the leg straight. Turn the thigh firmly inwards. "
            "Positive if it brings on the pain."
        ),
        NO_ACCURACY_DATA,
    ),
    ClinicalTest(
        PACE,
        gettext_noop("Pace"),
        gettext_noop(
            "Client sits and pushes the knees apart and turns them outwards against your "
            "resistance. Positive if it brings on the pain."
        ),
        NO_ACCURACY_DATA,
    ),
    ClinicalTest(
        BEATTY,
        gettext_noop("Beatty"),
        gettext_noop(
            "Client lies on the other side and lifts the knee of the painful leg off the "
            "table and holds it there. Positive if it brings on the buttock pain."
        ),
        NO_ACCURACY_DATA,
    ),
    ClinicalTest(
        SCIATIC_NOTCH_PALPATION,
        gettext_noop("Sciatic notch tenderness"),
        gettext_noop(
            "Press deep in the buttock near the greater sciatic notch. Positive if it is tender."
        ),
        gettext_noop("common feature, no accuracy data"),
    ),
    ClinicalTest(
        STRAIGHT_LEG_RAISE,
        gettext_noop("Straight-leg raise"),
        gettext_noop(
            "Client lies on their back. Lift the straight leg slowly. Positive if pain in "
            "the buttock or leg limits the raise."
        ),
        NO_ACCURACY_DATA,
        note=gettext_noop(
            "A limited straight-leg raise is common; a normal one does not rule piriformis "
            "syndrome out."
        ),
    ),
)
BY_CODE: dict[str, ClinicalTest] = {test.code: test for test in TESTS}

# Codes as in rules.defining_features.
DEFINING_FEATURES: tuple[Feature, ...] = (
    Feature("buttock_pain", gettext_noop("Buttock pain")),
    Feature("worse_sitting", gettext_noop("Pain made worse by sitting")),
    Feature("sciatic_notch_tenderness", gettext_noop("Tenderness near the greater sciatic notch")),
    Feature(
        "piriformis_tension_pain",
        gettext_noop("Pain on moves that put the piriformis under tension"),
    ),
)
FEATURES_BY_CODE: dict[str, Feature] = {feature.code: feature for feature in DEFINING_FEATURES}

# The two tests of Martin 2014 whose combination has published accuracy.
MARTIN_PAIR = (SEATED_PIRIFORMIS_STRETCH, ACTIVE_PIRIFORMIS)


@dataclass(frozen=True)
class Recorded:
    """One test as recorded: its result and, when done, the side."""

    test: ClinicalTest
    result: Result
    side: Side = ""


@dataclass(frozen=True)
class AssessmentSummary:
    """What one assessment's results say, in words a therapist and a doctor can use."""

    features_present: tuple[Feature, ...]
    seated_or_active: Answer
    recorded: tuple[Recorded, ...]

    @property
    def feature_count(self) -> int:
        return len(self.features_present)

    @property
    def line(self) -> str:
        """'3 of 4 defining features; seated-stretch or active-piriformis test positive: yes'."""
        return (
            f"{self.feature_count} of {len(DEFINING_FEATURES)} defining features; "
            f"seated-stretch or active-piriformis test positive: {self.seated_or_active}"
        )

    @property
    def combined_accuracy(self) -> str:
        """The published accuracy of the Martin combination (Martin 2014)."""
        return COMBINED_ACCURACY

    @property
    def features_source(self) -> str:
        return HOPAYIAN

    @property
    def positive(self) -> tuple[Recorded, ...]:
        return tuple(r for r in self.recorded if r.result == "positive")

    @property
    def negative(self) -> tuple[Recorded, ...]:
        return tuple(r for r in self.recorded if r.result == "negative")

    @property
    def impression(self) -> str:
        """One sentence that never claims a diagnosis. Three or four features are
        "consistent with" the pattern (the same threshold as the self-check's wording)."""
        count = f"{self.feature_count} of the {len(DEFINING_FEATURES)} defining features"
        if self.feature_count >= CONSISTENT_FROM:
            return f"Findings consistent with piriformis syndrome ({count} present)."
        return (
            f"Findings do not clearly fit the pattern of piriformis syndrome "
            f"({count} present); other causes are possible."
        )


def summarise(
    results: Mapping[str, Mapping[str, str]], features: Iterable[str]
) -> AssessmentSummary:
    """Summarise stored results ({test code: {"result": ..., "side": ...}}) and features.

    Tests left out count as not done. Unknown test codes, results, sides or features are
    rejected with ValueError. The Martin combination (Martin 2014) is "yes" when either the
    seated stretch or the active piriformis test is positive, "not done" when neither was
    done, and "no" otherwise.
    """
    recorded = parse_results(results)
    chosen = set(features)
    unknown = chosen - FEATURES_BY_CODE.keys()
    if unknown:
        raise ValueError(f"unknown defining features: {sorted(unknown)}")
    by_code = {r.test.code: r.result for r in recorded}
    pair = [by_code[code] for code in MARTIN_PAIR]
    answer: Answer
    if "positive" in pair:
        answer = "yes"
    elif all(result == "not_done" for result in pair):
        answer = "not done"
    else:
        answer = "no"
    return AssessmentSummary(
        features_present=tuple(f for f in DEFINING_FEATURES if f.code in chosen),
        seated_or_active=answer,
        recorded=recorded,
    )


def parse_results(results: Mapping[str, Mapping[str, str]]) -> tuple[Recorded, ...]:
    """Every test in TESTS order with its result; missing tests are not done."""
    unknown = set(results) - BY_CODE.keys()
    if unknown:
        raise ValueError(f"unknown clinical tests: {sorted(unknown)}")
    return tuple(_recorded(test, results.get(test.code, {})) for test in TESTS)


def _recorded(test: ClinicalTest, value: Mapping[str, str]) -> Recorded:
    result = value.get("result", "not_done")
    side = value.get("side", "") or ""
    if result not in RESULTS:
        raise ValueError(f"unknown result {result!r} for {test.code}; expected one of {RESULTS}")
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r} for {test.code}; expected one of {SIDES}")
    if result == "not_done":
        return Recorded(test, "not_done")
    return Recorded(test, result, side)


# -- tests the client's contraindications rule out ---------------------------------------

# Short reasons for the findings that block tests; any other finding gives its own reason.
_BLOCK_REASONS = {
    "posterior_hip_replacement": gettext_noop(
        "hip replacement or repair through a posterior approach, not yet cleared by the surgeon"
    ),
    "hip_replacement_approach_unknown": gettext_noop(
        "hip replacement or repair, approach not known so treated as posterior, "
        "not yet cleared by the surgeon"
    ),
}


def block_reasons(findings: Iterable[Finding]) -> dict[str, list[str]]:
    """{test code: [why, ...]} for each test a contraindication rules out, in TESTS order.

    The hip precautions after a posterior (or unknown-approach) replacement (HSS Journal
    2019) rule out FAIR, the seated stretch, Freiberg and Beatty until the surgeon clears
    the client.
    """
    why: dict[str, list[str]] = {}
    for finding in findings:
        reason = _BLOCK_REASONS.get(finding.code, finding.reason.rstrip("."))
        for code in sorted(finding.blocks & BY_CODE.keys()):
            if reason not in why.setdefault(code, []):
                why[code].append(reason)
    return {test.code: why[test.code] for test in TESTS if test.code in why}


def blocked_tests(findings: Iterable[Finding]) -> dict[str, str]:
    """{test code: "Blocked: <why>"} for each test a contraindication rules out (see
    `block_reasons`)."""
    return {code: f"Blocked: {'; '.join(why)}" for code, why in block_reasons(findings).items()}


def recorded_despite_block(
    results: Mapping[str, Mapping[str, str]], blocked: Iterable[str]
) -> tuple[str, ...]:
    """The blocked tests that carry a result (positive or negative), in TESTS order."""
    refused = set(blocked)
    return tuple(
        r.test.code
        for r in parse_results(results)
        if r.test.code in refused and r.result != "not_done"
    )

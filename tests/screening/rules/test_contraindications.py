"""Contraindication engine: each intake answer alone, hip replacements, and properties.

Pure code, no database. The table of single answers covers every field of IntakeAnswers,
so a new question without a rule (or without a row here) fails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.screening.rules.contraindications import (
    ANTERIOR_HIP_POSITIONS,
    APPROACHES,
    AXIAL_SPA,
    BATAVIA,
    BEATTY,
    CALF_SIGNS,
    CLOT,
    DEEP_PRESSURE,
    DEEP_WORK_LEGS,
    FAIR,
    FAIR_POSITION,
    FIGURE_4_STRETCH,
    FORCEFUL_WORK,
    HIP_FLEXOR_LUNGE_STRETCH,
    HSS_HIP,
    OPERATIONS,
    SIDES,
    Finding,
    HipReplacement,
    IntakeAnswers,
    Level,
    avoided_areas,
    blocked_techniques,
    classify,
    most_severe,
    must_postpone,
)

pytestmark = pytest.mark.once  # independent of the database

TODAY = dt.date(2026, 11, 24)
POSTPONE, AVOID, ADJUST = Level.POSTPONE, Level.AVOID_AREA, Level.ADJUST
NO_DEEP_OR_FORCEFUL = frozenset({DEEP_PRESSURE, FORCEFUL_WORK})
NO_DEEP = frozenset({DEEP_PRESSURE})
LEGS = frozenset({DEEP_WORK_LEGS})
NONE: frozenset[str] = frozenset()
FIELDS = {field.name for field in dataclasses.fields(IntakeAnswers)}
HIP_CODES = {
    "posterior_hip_replacement",
    "hip_replacement_approach_unknown",
    "anterior_hip_replacement",
    "lateral_hip_replacement",
    "hip_replacement_cleared",
}


def key(finding: Finding) -> tuple[Level, str, str | None, frozenset[str]]:
    return (finding.level, finding.code, finding.area, finding.blocks)


def identity(finding: Finding) -> tuple[Level, str, str | None]:
    return (finding.level, finding.code, finding.area)


# -- every answer alone ------------------------------------------------------------------

# field: (the answer, the one finding it gives as (level, code, area, blocks), or None)
SINGLE_ANSWERS: dict[str, tuple[Any, tuple[Level, str, str | None, frozenset[str]] | None]] = {
    "suspected_dvt": (True, (POSTPONE, "dvt", None, NONE)),
    "calf_swollen_hot_red": (True, (POSTPONE, "dvt", None, NONE)),
    "fever_or_infection": (True, (POSTPONE, "fever_or_infection", None, NONE)),
    "uncontrolled_high_blood_pressure": (
        True,
        (POSTPONE, "uncontrolled_high_blood_pressure", None, NONE),
    ),
    "acute_condition_needing_care": (True, (POSTPONE, "acute_condition", None, NONE)),
    "red_flag_present": (True, (POSTPONE, "red_flag", None, NONE)),
    "high_risk_pregnancy": (True, (POSTPONE, "high_risk_pregnancy", None, NONE)),
    "wounds_or_skin_infection_areas": (
        ("buttock",),
        (AVOID, "skin_wound_or_infection", "buttock", NONE),
    ),
    "recent_surgery_areas": (("low back",), (AVOID, "recent_surgery", "low back", NONE)),
    "fracture_areas": (("thigh",), (AVOID, "fracture", "thigh", NONE)),
    "tumour_areas": (("hip",), (AVOID, "tumour", "hip", NONE)),
    "varicose_vein_areas": (("thigh",), (AVOID, "varicose_veins", "thigh", NONE)),
    "inflammatory_flare_areas": (("buttock",), (AVOID, "inflammatory_flare", "buttock", NONE)),
    "lymphoedema_areas": (("left arm",), (AVOID, "lymphoedema", "left arm", NO_DEEP)),
    "piriformis_injection_recent": (
        True,
        (AVOID, "piriformis_injection", "injected buttock", NONE),
    ),
    "bleeding_disorder": (True, (ADJUST, "bleeding_disorder", None, NO_DEEP_OR_FORCEFUL)),
    "anticoagulants": (True, (ADJUST, "anticoagulants", None, NO_DEEP_OR_FORCEFUL)),
    "low_platelets": (True, (ADJUST, "low_platelets", None, NO_DEEP_OR_FORCEFUL)),
    "active_cancer_or_recent_chemo_radiotherapy": (
        True,
        (ADJUST, "cancer_treatment", None, NO_DEEP),
    ),
    "pregnant": (True, (ADJUST, "pregnancy", None, NONE)),
    "osteoporosis": (True, (ADJUST, "osteoporosis", None, NO_DEEP)),
    "neuropathy": (True, (ADJUST, "neuropathy", None, NO_DEEP)),
    "diabetes_reduced_sensation": (True, (ADJUST, "diabetes_reduced_sensation", None, NO_DEEP)),
    "dvt_or_pe_history": (True, (ADJUST, "dvt_pe_history", None, LEGS)),
    "surgery_last_6_weeks": (True, (ADJUST, "recent_surgery_clot_risk", None, LEGS)),
    "long_term_oral_steroids": (True, (ADJUST, "long_term_oral_steroids", None, NO_DEEP)),
    "peripheral_arterial_disease": (True, (ADJUST, "peripheral_arterial_disease", None, LEGS)),
    "inflammatory_back_pain": (True, (ADJUST, "inflammatory_back_pain", None, NONE)),
    "hip_replacement": (
        HipReplacement("right", "posterior"),
        (ADJUST, "posterior_hip_replacement", None, FAIR_POSITION),
    ),
    # Clearance only relaxes a hip replacement finding; alone it means nothing.
    "surgeon_cleared_hip": (True, None),
}


def test_the_table_covers_every_intake_answer() -> None:
    assert set(SINGLE_ANSWERS) == FIELDS


@pytest.mark.parametrize("name", sorted(SINGLE_ANSWERS))
def test_each_answer_alone_gives_exactly_its_finding(name: str) -> None:
    value, expected = SINGLE_ANSWERS[name]
    findings = classify(IntakeAnswers(**{name: value}), today=TODAY)
    assert [key(finding) for finding in findings] == ([expected] if expected else [])
    for finding in findings:
        assert finding.reason and finding.source


def test_no_answers_no_findings() -> None:
    findings = classify(IntakeAnswers(), today=TODAY)
    assert findings == []
    assert most_severe(findings) is None
    assert not must_postpone(findings)
    assert blocked_techniques(findings) == frozenset()
    assert avoided_areas(findings) == frozenset()


# The cautions CLINICAL.md §3 added later, each with its own source rather than Batavia's lists.
LATER_CAUTIONS = {
    "hip_replacement",
    "lymphoedema_areas",
    "piriformis_injection_recent",
    "dvt_or_pe_history",
    "surgery_last_6_weeks",
    "long_term_oral_steroids",
    "peripheral_arterial_disease",
    "inflammatory_back_pain",
}


def test_the_massage_contraindications_cite_batavia() -> None:
    for name, (value, expected) in SINGLE_ANSWERS.items():
        if expected is None or name in LATER_CAUTIONS:
            continue
        (finding,) = classify(IntakeAnswers(**{name: value}), today=TODAY)
        assert BATAVIA in finding.source, name


def test_a_possible_clot_reads_as_a_referral_not_a_diagnosis() -> None:
    (finding,) = classify(IntakeAnswers(calf_swollen_hot_red=True), today=TODAY)
    assert "possible clot" in finding.reason.lower()
    assert "doctor" in finding.reason
    assert "swollen, tender, warm or red" in finding.reason  # any one of them
    assert "same-day medical assessment" in finding.reason
    assert CALF_SIGNS in finding.source


@pytest.mark.parametrize(
    ("name", "value", "words", "source"),
    [
        ("dvt_or_pe_history", True, ("pulmonary embolism", "clot risk", "legs"), CLOT),
        ("surgery_last_6_weeks", True, ("6 weeks", "clot", "legs"), CLOT),
        ("lymphoedema_areas", ("left arm",), ("lymph", "cleared", "light pressure"), "judgement"),
        ("piriformis_injection_recent", True, ("botulinum", "2 weeks"), "judgement"),
        ("long_term_oral_steroids", True, ("steroid", "fragile", "lighter pressure"), "judgement"),
        ("peripheral_arterial_disease", True, ("arterial", "no deep work on the legs"), "judg"),
        ("inflammatory_back_pain", True, ("can go ahead", "GP", "spondyloarthritis"), AXIAL_SPA),
    ],
)
def test_the_later_cautions_say_why_what_to_do_and_where_from(
    name: str, value: Any, words: tuple[str, ...], source: str
) -> None:
    (finding,) = classify(IntakeAnswers(**{name: value}), today=TODAY)
    for word in words:
        assert word in finding.reason, (name, word)
    assert source in finding.source
    assert not must_postpone([finding])  # cautions for the therapist's judgement


def test_no_deep_work_on_the_legs_is_its_own_block() -> None:
    findings = classify(
        IntakeAnswers(dvt_or_pe_history=True, peripheral_arterial_disease=True), today=TODAY
    )
    assert blocked_techniques(findings) == {DEEP_WORK_LEGS}


def test_both_clot_answers_give_one_finding() -> None:
    findings = classify(IntakeAnswers(suspected_dvt=True, calf_swollen_hot_red=True), today=TODAY)
    assert [finding.code for finding in findings] == ["dvt"]


def test_every_area_named_is_avoided_once_whatever_the_spelling() -> None:
    answers = IntakeAnswers(recent_surgery_areas=("Low  back", "low back", " hip ", ""))
    findings = classify(answers, today=TODAY)
    assert [(f.code, f.area) for f in findings] == [
        ("recent_surgery", "hip"),
        ("recent_surgery", "low back"),
    ]
    assert avoided_areas(findings) == {"hip", "low back"}


def test_findings_are_ordered_by_severity_then_code() -> None:
    answers = IntakeAnswers(
        pregnant=True,
        anticoagulants=True,
        fracture_areas=("thigh",),
        fever_or_infection=True,
        suspected_dvt=True,
    )
    findings = classify(answers, today=TODAY)
    assert [f.code for f in findings] == [
        "dvt",
        "fever_or_infection",
        "fracture",
        "anticoagulants",
        "pregnancy",
    ]
    assert most_severe(findings) is POSTPONE
    assert must_postpone(findings)
    assert blocked_techniques(findings) == NO_DEEP_OR_FORCEFUL


def test_pregnancy_needs_approval_and_high_risk_postpones() -> None:
    (normal,) = classify(IntakeAnswers(pregnant=True), today=TODAY)
    assert normal.level is ADJUST and "approval" in normal.reason
    both = classify(IntakeAnswers(pregnant=True, high_risk_pregnancy=True), today=TODAY)
    assert [(f.level, f.code) for f in both] == [
        (POSTPONE, "high_risk_pregnancy"),
        (ADJUST, "pregnancy"),
    ]


# -- hip replacement -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("approach", "cleared", "code", "blocks"),
    [
        ("posterior", False, "posterior_hip_replacement", FAIR_POSITION),
        ("unknown", False, "hip_replacement_approach_unknown", FAIR_POSITION),
        ("anterior", False, "anterior_hip_replacement", ANTERIOR_HIP_POSITIONS),
        ("lateral", False, "lateral_hip_replacement", NONE),
        ("posterior", True, "hip_replacement_cleared", NONE),
        ("unknown", True, "hip_replacement_cleared", NONE),
        ("anterior", True, "hip_replacement_cleared", NONE),
        ("lateral", True, "hip_replacement_cleared", NONE),
    ],
)
def test_hip_replacement(approach: str, cleared: bool, code: str, blocks: frozenset[str]) -> None:
    hip = HipReplacement("left", approach, dt.date(2026, 10, 1))  # type: ignore[arg-type]
    answers = IntakeAnswers(hip_replacement=hip, surgeon_cleared_hip=cleared)
    (finding,) = classify(answers, today=TODAY)
    assert (finding.level, finding.code, finding.area, finding.blocks) == (
        ADJUST,
        code,
        None,
        blocks,
    )
    assert "Left hip replaced about 7 weeks ago" in finding.reason
    assert not must_postpone([finding])


@pytest.mark.parametrize("approach", ["posterior", "unknown"])
def test_posterior_precautions_are_spelled_out_and_cited(approach: str) -> None:
    hip = HipReplacement("both", approach)  # type: ignore[arg-type]
    (finding,) = classify(IntakeAnswers(hip_replacement=hip), today=TODAY)
    assert "90°" in finding.reason
    assert "midline" in finding.reason
    assert "inwards" in finding.reason  # internal rotation, in plain words
    assert "surgeon clears" in finding.reason
    assert finding.reason.startswith("Both hips replaced")
    assert HSS_HIP in finding.source
    assert {FAIR, "seated_piriformis_stretch", "figure_4_stretch", "fair_position_stretch"} <= (
        blocked_techniques([finding])
    )


def test_posterior_block_does_not_expire_with_time() -> None:
    hip = HipReplacement("right", "posterior", dt.date(2010, 1, 1))
    (finding,) = classify(IntakeAnswers(hip_replacement=hip), today=TODAY)
    assert finding.blocks == FAIR_POSITION


def test_beatty_is_blocked_with_the_fair_position_after_a_posterior_or_unknown_hip() -> None:
    assert BEATTY in FAIR_POSITION
    for approach in ("posterior", "unknown"):
        hip = HipReplacement("left", approach)  # type: ignore[arg-type]
        (finding,) = classify(IntakeAnswers(hip_replacement=hip), today=TODAY)
        assert BEATTY in finding.blocks
        assert "Beatty" in finding.reason


def test_an_anterior_hip_blocks_the_lunge_and_figure_4_until_cleared() -> None:
    hip = HipReplacement("right", "anterior", dt.date(2010, 1, 1))  # long ago: still until cleared
    (finding,) = classify(IntakeAnswers(hip_replacement=hip), today=TODAY)
    assert finding.blocks == {HIP_FLEXOR_LUNGE_STRETCH, FIGURE_4_STRETCH}
    assert "behind the body" in finding.reason and "outwards" in finding.reason
    assert "hip-flexor lunge" in finding.reason and "figure-4" in finding.reason
    assert "surgeon clears" in finding.reason
    assert FAIR not in finding.blocks and BEATTY not in finding.blocks
    cleared = classify(IntakeAnswers(hip_replacement=hip, surgeon_cleared_hip=True), today=TODAY)
    assert blocked_techniques(cleared) == NONE


@pytest.mark.parametrize(
    ("operation", "wording"),
    [
        ("total", "Left hip replaced"),
        ("hemiarthroplasty", "Left hip half replaced (hemiarthroplasty)"),
        ("fracture_fixation", "Left hip fracture fixed with surgery"),
    ],
)
@pytest.mark.parametrize(
    ("approach", "blocks"),
    [
        ("posterior", FAIR_POSITION),
        ("unknown", FAIR_POSITION),
        ("anterior", ANTERIOR_HIP_POSITIONS),
        ("lateral", NONE),
    ],
)
def test_a_half_replacement_or_a_fixed_fracture_follows_the_approach(
    operation: str, wording: str, approach: str, blocks: frozenset[str]
) -> None:
    hip = HipReplacement("left", approach, operation=operation)  # type: ignore[arg-type]
    (finding,) = classify(IntakeAnswers(hip_replacement=hip), today=TODAY)
    assert finding.reason.startswith(wording)
    assert finding.blocks == blocks


@pytest.mark.parametrize(
    ("days_ago", "clot_risk"), [(0, True), (20, True), (42, True), (43, False), (-3, False)]
)
def test_a_hip_operation_in_the_last_6_weeks_is_a_clot_risk_too(
    days_ago: int, clot_risk: bool
) -> None:
    hip = HipReplacement("left", "lateral", TODAY - dt.timedelta(days=days_ago))
    codes = [f.code for f in classify(IntakeAnswers(hip_replacement=hip), today=TODAY)]
    assert ("recent_surgery_clot_risk" in codes) is clot_risk
    both = IntakeAnswers(hip_replacement=hip, surgery_last_6_weeks=True)
    codes = [f.code for f in classify(both, today=TODAY)]
    assert codes.count("recent_surgery_clot_risk") == 1


def test_other_approaches_send_the_therapist_to_the_surgeon() -> None:
    for approach in ("anterior", "lateral"):
        hip = HipReplacement("right", approach)
        (finding,) = classify(IntakeAnswers(hip_replacement=hip), today=TODAY)
        assert "surgeon's precautions" in finding.reason


@pytest.mark.parametrize(
    ("operated_on", "wording"),
    [
        (None, "Right hip replaced,"),
        (TODAY, "Right hip replaced less than a week ago"),
        (TODAY - dt.timedelta(days=7), "Right hip replaced about 1 week ago"),
        (TODAY - dt.timedelta(weeks=12), "Right hip replaced about 12 weeks ago"),
        (TODAY + dt.timedelta(days=30), "Right hip replaced,"),  # a date not yet reached
    ],
)
def test_the_reason_says_how_long_ago(operated_on: dt.date | None, wording: str) -> None:
    hip = HipReplacement("right", "posterior", operated_on)
    findings = classify(IntakeAnswers(hip_replacement=hip), today=TODAY)
    (finding,) = [f for f in findings if f.code in HIP_CODES]
    assert finding.reason.startswith(wording)


@pytest.mark.parametrize(
    ("side", "approach", "operation"),
    [("middle", "posterior", "total"), ("left", "front", "total"), ("left", "anterior", "knee")],
)
def test_unknown_hip_values_are_rejected(side: str, approach: str, operation: str) -> None:
    with pytest.raises(ValueError, match="unknown"):
        HipReplacement(side, approach, operation=operation)  # type: ignore[arg-type]


# -- properties ----------------------------------------------------------------------------

AREA_NAMES = ["buttock", "low back", "thigh", "hip", " Buttock ", "LOW  back", ""]
areas = st.lists(st.sampled_from(AREA_NAMES) | st.text(max_size=12), max_size=4).map(tuple)
hips = st.builds(
    HipReplacement,
    side=st.sampled_from(SIDES),
    approach=st.sampled_from(APPROACHES),
    operated_on=st.none() | st.dates(),
    operation=st.sampled_from(OPERATIONS),
)
STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    name: areas if name.endswith("_areas") else st.booleans()
    for name in FIELDS - {"hip_replacement"}
}
STRATEGIES["hip_replacement"] = st.none() | hips
intake_answers = st.builds(IntakeAnswers, **STRATEGIES)


def test_the_strategies_cover_every_intake_answer() -> None:
    assert set(STRATEGIES) == FIELDS


@st.composite
def more_positive(draw: st.DrawFn, answers: IntakeAnswers) -> IntakeAnswers:
    """The same answers with some more "yes" answers and areas; clearance left as it is."""
    changes: dict[str, Any] = {}
    for name in sorted(FIELDS - {"surgeon_cleared_hip"}):
        value = getattr(answers, name)
        if name == "hip_replacement":
            changes[name] = value if value is not None else draw(st.none() | hips)
        elif name.endswith("_areas"):
            changes[name] = value + draw(areas)
        else:
            changes[name] = value or draw(st.booleans())
    return dataclasses.replace(answers, **changes)


@given(intake_answers, st.dates())
def test_findings_are_sorted_unique_and_well_formed(answers: IntakeAnswers, today: dt.date) -> None:
    findings = classify(answers, today=today)
    assert findings == sorted(findings, key=lambda f: (f.level.rank, f.code, f.area or ""))
    identities = [identity(f) for f in findings]
    assert len(identities) == len(set(identities))
    whole_body = [f.code for f in findings if f.area is None]
    assert len(whole_body) == len(set(whole_body))  # unique by code, area aside
    for finding in findings:
        assert (finding.area is not None) == (finding.level is AVOID)
        assert finding.area is None or finding.area == finding.area.strip().lower() != ""
        assert finding.reason and finding.source
        assert "diagnos" not in finding.reason.lower()
        assert "you have" not in finding.reason.lower()
    assert classify(answers, today=today) == findings  # deterministic


@given(intake_answers, st.dates())
def test_summaries_agree_with_the_findings(answers: IntakeAnswers, today: dt.date) -> None:
    findings = classify(answers, today=today)
    assert must_postpone(findings) == any(f.level is POSTPONE for f in findings)
    assert most_severe(findings) == (findings[0].level if findings else None)
    assert blocked_techniques(findings) == frozenset().union(*(f.blocks for f in findings))
    assert avoided_areas(findings) == {f.area for f in findings if f.area}


@given(st.data(), intake_answers, st.dates())
def test_more_yes_answers_never_remove_a_finding(
    data: st.DataObject, answers: IntakeAnswers, today: dt.date
) -> None:
    more = data.draw(more_positive(answers))
    before, after = classify(answers, today=today), classify(more, today=today)
    assert {identity(f) for f in before} <= {identity(f) for f in after}
    assert blocked_techniques(before) <= blocked_techniques(after)
    if before:
        assert most_severe(after) is not None
        assert most_severe(after).rank <= most_severe(before).rank  # type: ignore[union-attr]


@given(intake_answers, st.dates())
def test_surgeon_clearance_only_lifts_blocks(answers: IntakeAnswers, today: dt.date) -> None:
    cleared = classify(dataclasses.replace(answers, surgeon_cleared_hip=True), today=today)
    not_cleared = classify(dataclasses.replace(answers, surgeon_cleared_hip=False), today=today)
    assert blocked_techniques(cleared) <= blocked_techniques(not_cleared)
    assert not blocked_techniques(cleared) & FAIR_POSITION
    unrelated = {identity(f) for f in not_cleared if f.code not in HIP_CODES}
    assert {identity(f) for f in cleared if f.code not in HIP_CODES} == unrelated


@given(intake_answers, st.dates())
def test_fair_position_blocked_exactly_for_uncleared_posterior_or_unknown_hips(
    answers: IntakeAnswers, today: dt.date
) -> None:
    findings = classify(answers, today=today)
    hip = answers.hip_replacement
    hip_findings = [f for f in findings if f.code in HIP_CODES]
    assert len(hip_findings) == (0 if hip is None else 1)
    uncleared = hip is not None and not answers.surgeon_cleared_hip
    posterior = uncleared and hip.approach in ("posterior", "unknown")  # type: ignore[union-attr]
    anterior = uncleared and hip.approach == "anterior"  # type: ignore[union-attr]
    blocked = blocked_techniques(findings)
    assert (blocked >= FAIR_POSITION) == posterior
    assert (BEATTY in blocked) == posterior
    assert (HIP_FLEXOR_LUNGE_STRETCH in blocked) == anterior
    assert bool(blocked & FAIR_POSITION) == (posterior or anterior)
    # the operation (total, half, fixed fracture) never changes the blocks: the approach does
    hip_blocks = blocked_techniques(hip_findings)
    for operation in OPERATIONS:
        if hip is not None:
            same = dataclasses.replace(
                answers, hip_replacement=dataclasses.replace(hip, operation=operation)
            )
            again = [f for f in classify(same, today=today) if f.code in HIP_CODES]
            assert blocked_techniques(again) == hip_blocks


@given(intake_answers, st.dates(), st.randoms(use_true_random=False))
def test_the_order_of_areas_does_not_matter(
    answers: IntakeAnswers, today: dt.date, random: Any
) -> None:
    shuffled: dict[str, Any] = {}
    for name in FIELDS:
        if name.endswith("_areas"):
            values = list(getattr(answers, name))
            random.shuffle(values)
            shuffled[name] = tuple(values)
    again = dataclasses.replace(answers, **shuffled)
    assert classify(again, today=today) == classify(answers, today=today)

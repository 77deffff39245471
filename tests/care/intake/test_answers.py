"""The intake's plain answers: what they tell the contraindication engine and the therapist."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.care.intake import rules as intake
from easeplan.screening.rules import contraindications as ci
from easeplan.screening.rules import self_check as rules

pytestmark = pytest.mark.once
TODAY = dt.date(2026, 11, 24)


def levels(answers: dict) -> dict[str, ci.Level]:
    found = ci.classify(intake.contraindication_answers(answers), today=TODAY)
    return {f.code: f.level for f in found}


@pytest.mark.parametrize("code", sorted(intake.CONDITIONS))
def test_every_listed_condition_reaches_the_engine(code: str) -> None:
    assert levels({"conditions": [code]}), f"{code} raised no finding"


@pytest.mark.parametrize(
    ("answers", "code", "level"),
    [
        ({"conditions": ["dvt_or_pe_history"]}, "dvt_pe_history", ci.Level.ADJUST),
        ({"conditions": ["surgery_last_6_weeks"]}, "recent_surgery_clot_risk", ci.Level.ADJUST),
        ({"conditions": ["long_term_oral_steroids"]}, "long_term_oral_steroids", ci.Level.ADJUST),
        (
            {"conditions": ["peripheral_arterial_disease"]},
            "peripheral_arterial_disease",
            ci.Level.ADJUST,
        ),
        (
            {"conditions": ["piriformis_injection_recent"]},
            "piriformis_injection",
            ci.Level.AVOID_AREA,
        ),
        ({"lymphoedema_areas": "left leg"}, "lymphoedema", ci.Level.AVOID_AREA),
    ],
)
def test_the_later_cautions_are_asked_and_reach_the_engine(
    answers: dict, code: str, level: ci.Level
) -> None:
    assert levels(answers) == {code: level}


def test_the_calf_condition_asks_about_any_one_sign() -> None:
    assert (
        "swollen, tender, warm or red (any of these)" in intake.CONDITIONS["calf_swollen_hot_red"]
    )


def test_a_fever_ticked_as_a_condition_is_the_fever_red_flag() -> None:
    assert intake.red_flags({"conditions": ["fever_or_infection"]}) == (
        rules.BY_CODE["fever_infection"],
    )


def test_the_calf_ticked_as_a_condition_is_the_calf_red_flag() -> None:
    (flag,) = intake.red_flags({"conditions": ["calf_swollen_hot_red"]})
    assert flag is rules.BY_CODE["hot_calf"]
    assert flag.action == rules.SAME_DAY
    postpone = ci.Level.POSTPONE
    assert levels({"conditions": ["calf_swollen_hot_red"]}) == {
        "dvt": postpone,
        "red_flag": postpone,
    }


def test_blood_thinners_are_asked_on_their_own_and_mean_no_deep_work() -> None:
    answers = intake.contraindication_answers({"anticoagulants": True})
    assert ci.DEEP_PRESSURE in ci.blocked_techniques(ci.classify(answers, today=TODAY))


@pytest.mark.parametrize("key", sorted(intake.LOCAL_AREAS))
def test_each_local_problem_leaves_the_named_areas_alone(key: str) -> None:
    answers = intake.contraindication_answers({key: "Left calf,  lower back ,"})
    assert ci.avoided_areas(ci.classify(answers, today=TODAY)) == {"left calf", "lower back"}


@pytest.mark.parametrize(
    ("pregnancy", "expected"),
    [("no", {}), ("yes", {"pregnancy": ci.Level.ADJUST}), ("high_risk", None)],
)
def test_pregnancy(pregnancy: str, expected: dict | None) -> None:
    found = levels({"pregnancy": pregnancy})
    if expected is None:
        assert found["high_risk_pregnancy"] is ci.Level.POSTPONE
    else:
        assert found == expected


def test_a_posterior_hip_replacement_blocks_the_fair_position_until_cleared() -> None:
    hip = {"hip_replacement": "right", "hip_approach": "posterior", "hip_replaced_on": "2026-10-01"}
    blocked = ci.blocked_techniques(ci.classify(intake.contraindication_answers(hip), today=TODAY))
    assert ci.FAIR in blocked
    cleared = intake.contraindication_answers({**hip, "surgeon_cleared_hip": True})
    assert not ci.blocked_techniques(ci.classify(cleared, today=TODAY))


def test_a_red_flag_carried_from_the_self_check_means_postpone() -> None:
    assert levels({"red_flags": ["weight_loss"]}) == {"red_flag": ci.Level.POSTPONE}
    both_legs = {"areas": ["down_the_leg"], "both_sides": True}
    assert levels(both_legs) == {"red_flag": ci.Level.POSTPONE}


def test_self_check_answers_carry_over_without_the_step_names() -> None:
    steps = {
        "where": {"areas": ["buttock"], "both_sides": False},
        "worse": {"aggravators": ["sitting"], "tender_deep_in_buttock": True},
        "story": {"onset": "activity", "duration": "weeks", "activities": ["running"]},
        "safety": {"red_flags": []},
        "health": {"red_flags": ["fever"]},
    }
    carried = intake.from_self_check(steps)
    assert carried["areas"] == ["buttock"]
    assert carried["aggravators"] == ["sitting"]
    assert carried["activities"] == ["running"]
    assert carried["red_flags"] == ["fever"]
    assert set(carried) <= set(intake.FROM_SELF_CHECK)


def test_gaps_name_what_is_missing_in_plain_words() -> None:
    assert intake.gaps({}) == list(intake.NEEDED.values())
    full = {key: "x" for key in intake.NEEDED}
    assert intake.gaps(full) == []
    assert intake.gaps({**full, "goals": ""}) == ["goals"]


answer_values = st.fixed_dictionaries(
    {},
    optional={
        "conditions": st.lists(st.sampled_from(sorted(intake.CONDITIONS))),
        "anticoagulants": st.booleans(),
        "pregnancy": st.sampled_from(intake.PREGNANCY),
        "hip_replacement": st.sampled_from(intake.HIP_REPLACEMENT),
        "hip_approach": st.sampled_from(ci.APPROACHES),
        "hip_operation": st.sampled_from(["", *ci.OPERATIONS, "knee"]),
        "hip_replaced_on": st.sampled_from(["", "2026-01-05", "not a date"]),
        "surgeon_cleared_hip": st.booleans(),
        "red_flags": st.lists(st.sampled_from(sorted(rules.BY_CODE))),
        "new_pain": st.booleans(),
        "date_of_birth": st.sampled_from(["", "1950-06-01", "1990-06-01", "2010-06-01", "?"]),
        "started_before_45": st.booleans(),
        "inflammatory_signs": st.lists(st.sampled_from([*rules.INFLAMMATORY_SIGNS, "odd"])),
        **{key: st.sampled_from(["", "left calf", "hip, thigh"]) for key in intake.LOCAL_AREAS},
    },
)


@given(answer_values)
def test_any_answers_classify_and_red_flags_always_postpone(answers: dict) -> None:
    """Any subset of the keys (answers stored by an older version lack the newer ones)."""
    findings = ci.classify(intake.contraindication_answers(answers), today=TODAY)
    if answers.get("red_flags"):
        assert ci.must_postpone(findings)
    advised = bool(intake.advice(answers))
    assert ("inflammatory_back_pain" in {f.code for f in findings}) is advised


@given(answer_values)
def test_the_age_flag_is_decided_by_the_date_of_birth_when_there_is_one(answers: dict) -> None:
    codes = intake.with_age_flag(answers, today=TODAY)
    born = intake.parse_date(answers.get("date_of_birth"))
    if born is None:
        assert codes == list(answers.get("red_flags", []))
        return
    age = rules.age_on(born, TODAY)
    expected = bool(answers.get("new_pain")) and (age < 20 or age >= 50)
    assert ("new_back_pain_age" in codes) is expected
    others = [c for c in answers.get("red_flags", []) if c != "new_back_pain_age"]
    assert [c for c in codes if c != "new_back_pain_age"] == others


@given(answer_values)
def test_activity_profile_marks_active_people(answers: dict) -> None:
    for sport in intake.ACTIVE:
        assert intake.is_active({**answers, "activities": [sport, "desk"]})
    assert not intake.is_active({**answers, "activities": ["desk"]})

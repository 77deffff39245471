"""Clinical tests as data and the assessment summary: tables, worked examples, properties.

Pure code, no database.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.screening.rules import clinical_tests as ct
from easeplan.screening.rules import contraindications as ci
from easeplan.screening.rules import self_check as rules

pytestmark = pytest.mark.once  # independent of the database

TODAY = dt.date(2026, 11, 24)

ACCURACY = {
    "FAIR": "bedside accuracy not established; the published figures are for the "
    "nerve-conduction version (Fishman 2002)",
    "seated_piriformis_stretch": "Se 0.52, Sp 0.90 (Martin 2014, KSSTA 22:882)",
    "active_piriformis": "Se 0.78, Sp 0.80 (Martin 2014)",
    "freiberg": "no accuracy data",
    "pace": "no accuracy data",
    "beatty": "no accuracy data",
    "sciatic_notch_palpation": "common feature, no accuracy data",
    "straight_leg_raise": "no accuracy data",
}


@pytest.mark.parametrize(("code", "accuracy"), sorted(ACCURACY.items()))
def test_each_test_states_its_published_accuracy(code: str, accuracy: str) -> None:
    assert ct.BY_CODE[code].accuracy == accuracy


def test_the_table_covers_every_test_once() -> None:
    assert [t.code for t in ct.TESTS] == list(ACCURACY)
    assert len(ct.BY_CODE) == len(ct.TESTS)
    assert all(t.name and t.how for t in ct.TESTS)


def test_the_straight_leg_raise_says_a_normal_one_does_not_rule_it_out() -> None:
    note = ct.BY_CODE[ct.STRAIGHT_LEG_RAISE].note
    assert "limited straight-leg raise is common" in note
    assert "normal one does not rule piriformis syndrome out" in note


def test_contraindication_codes_name_the_same_tests() -> None:
    assert {ci.FAIR, ci.SEATED_PIRIFORMIS_STRETCH, ci.FREIBERG} <= ct.BY_CODE.keys()


def test_the_four_features_are_the_rules_module_features() -> None:
    everything = rules.answers_from(
        areas=["buttock"],
        aggravators=["sitting"],
        tender_deep_in_buttock=True,
        worse_when_hip_stretched=True,
    )
    assert tuple(f.code for f in ct.DEFINING_FEATURES) == rules.defining_features(everything)
    assert "Hopayian 2010" in ct.HOPAYIAN and "Hopayian & Danielyan 2018" in ct.HOPAYIAN


def test_the_combined_martin_accuracy() -> None:
    assert "Se 0.91, Sp 0.80" in ct.COMBINED_ACCURACY
    assert "Martin 2014" in ct.COMBINED_ACCURACY


# -- hand-worked summaries --------------------------------------------------------------


def test_three_features_and_a_positive_active_test() -> None:
    summary = ct.summarise(
        {
            "active_piriformis": {"result": "positive", "side": "right"},
            "seated_piriformis_stretch": {"result": "negative", "side": "right"},
            "FAIR": {"result": "not_done", "side": ""},
        },
        ["buttock_pain", "worse_sitting", "piriformis_tension_pain"],
    )
    assert summary.feature_count == 3
    assert summary.seated_or_active == "yes"
    assert summary.line == (
        "3 of 4 defining features; seated-stretch or active-piriformis test positive: yes"
    )
    assert [(r.test.code, r.side) for r in summary.positive] == [("active_piriformis", "right")]
    assert [r.test.code for r in summary.negative] == ["seated_piriformis_stretch"]
    assert summary.impression.startswith("Findings consistent with piriformis syndrome")


def test_nothing_done_says_not_done_rather_than_no() -> None:
    summary = ct.summarise({}, [])
    assert summary.line == (
        "0 of 4 defining features; seated-stretch or active-piriformis test positive: not done"
    )
    assert "do not clearly fit" in summary.impression


def test_one_of_the_pair_negative_and_the_other_not_done_says_no() -> None:
    summary = ct.summarise(
        {"seated_piriformis_stretch": {"result": "negative", "side": "left"}},
        ["buttock_pain", "worse_sitting", "sciatic_notch_tenderness", "piriformis_tension_pain"],
    )
    assert summary.line.endswith("positive: no")
    assert summary.feature_count == 4


def test_other_positive_tests_do_not_count_for_the_martin_pair() -> None:
    summary = ct.summarise(
        {"FAIR": {"result": "positive", "side": "left"}, "pace": {"result": "negative"}},
        ["buttock_pain"],
    )
    assert summary.seated_or_active == "not done"
    assert [r.test.code for r in summary.positive] == ["FAIR"]


def test_a_side_given_for_a_test_not_done_is_dropped() -> None:
    (fair, *_) = ct.summarise({"FAIR": {"result": "not_done", "side": "left"}}, []).recorded
    assert (fair.result, fair.side) == ("not_done", "")


@pytest.mark.parametrize(
    ("results", "features", "message"),
    [
        ({"michel_score": {"result": "positive"}}, [], "unknown clinical tests"),
        ({"FAIR": {"result": "maybe"}}, [], "unknown result"),
        ({"FAIR": {"result": "positive", "side": "middle"}}, [], "unknown side"),
        ({}, ["night_pain"], "unknown defining features"),
    ],
)
def test_it_rejects_unknown_values(results: dict, features: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ct.summarise(results, features)


# -- blocked tests ------------------------------------------------------------------------


def hip(approach: ci.Approach, *, cleared: bool = False) -> list[ci.Finding]:
    return ci.classify(
        ci.IntakeAnswers(
            hip_replacement=ci.HipReplacement("right", approach), surgeon_cleared_hip=cleared
        ),
        today=TODAY,
    )


def test_a_posterior_hip_replacement_blocks_fair_seated_freiberg_and_beatty() -> None:
    blocked = ct.blocked_tests(hip("posterior"))
    assert set(blocked) == {ci.FAIR, ci.SEATED_PIRIFORMIS_STRETCH, ci.FREIBERG, ct.BEATTY}
    assert blocked[ct.BEATTY] == (
        "Blocked: hip replacement or repair through a posterior approach, "
        "not yet cleared by the surgeon"
    )


def test_an_unknown_approach_blocks_the_same_tests_and_says_why() -> None:
    blocked = ct.blocked_tests(hip("unknown"))
    assert set(blocked) == {ci.FAIR, ci.SEATED_PIRIFORMIS_STRETCH, ci.FREIBERG, ct.BEATTY}
    assert "treated as posterior" in blocked[ci.FAIR]


def test_cleared_or_anterior_blocks_nothing() -> None:
    assert ct.blocked_tests(hip("posterior", cleared=True)) == {}
    assert ct.blocked_tests(hip("anterior")) == {}


def test_results_on_blocked_tests_are_found() -> None:
    results = {
        "FAIR": {"result": "positive", "side": "right"},
        "freiberg": {"result": "not_done", "side": ""},
        "pace": {"result": "negative", "side": "right"},
    }
    assert ct.recorded_despite_block(results, {"FAIR", "freiberg"}) == ("FAIR",)


# -- properties ---------------------------------------------------------------------------

result_values = st.fixed_dictionaries(
    {"result": st.sampled_from(ct.RESULTS), "side": st.sampled_from(ct.SIDES)}
)
any_results = st.dictionaries(st.sampled_from([t.code for t in ct.TESTS]), result_values)
any_features = st.lists(st.sampled_from([f.code for f in ct.DEFINING_FEATURES]))


@given(any_results, any_features)
def test_the_count_is_always_between_0_and_4(results: dict, features: list[str]) -> None:
    summary = ct.summarise(results, features)
    assert 0 <= summary.feature_count <= 4
    assert summary.feature_count == len(set(features))
    assert re.fullmatch(
        r"[0-4] of 4 defining features; seated-stretch or active-piriformis test positive: "
        r"(yes|no|not done)",
        summary.line,
    )


def result_of(results: dict, code: str) -> str:
    return results.get(code, {}).get("result", "not_done")


@given(any_results, any_features)
def test_yes_exactly_when_seated_or_active_is_positive(results: dict, features: list) -> None:
    pair = {result_of(results, code) for code in ct.MARTIN_PAIR}
    summary = ct.summarise(results, features)
    assert (summary.seated_or_active == "yes") == ("positive" in pair)
    assert (summary.seated_or_active == "not done") == (pair == {"not_done"})


@given(any_results, any_features)
def test_the_wording_never_claims_a_diagnosis(results: dict, features: list[str]) -> None:
    summary = ct.summarise(results, features)
    text = f"{summary.line} {summary.impression}".lower()
    assert "has piriformis" not in text and "diagnos" not in text
    assert "consistent with" in text or "do not clearly fit" in text


@given(
    any_results,
    st.text(min_size=1).filter(lambda code: code not in ct.BY_CODE),
    result_values,
)
def test_unknown_test_codes_are_always_rejected(results: dict, code: str, value: dict) -> None:
    with pytest.raises(ValueError, match="unknown clinical tests"):
        ct.summarise({**results, code: value}, [])

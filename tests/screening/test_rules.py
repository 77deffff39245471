"""Every red flag alone refers to a doctor; no answers with a red flag ever offer booking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.screening.rules import (
    AGGRAVATORS,
    AREAS,
    BY_CODE,
    EMERGENCY_FLAGS,
    RED_FLAGS,
    URGENT_FLAGS,
    Answers,
    Outcome,
    answers_from,
    decide,
)

pytestmark = pytest.mark.once  # pure rules: no database

EXPECTED = {  # the whole table, written out: a new flag without a row fails below
    "bladder_start": Outcome.EMERGENCY,
    "bladder_bowel_control": Outcome.EMERGENCY,
    "saddle_numbness": Outcome.EMERGENCY,
    "both_legs": Outcome.EMERGENCY,
    "leg_weakening": Outcome.EMERGENCY,
    "sexual_change": Outcome.EMERGENCY,
    "cancer_history": Outcome.URGENT,
    "weight_loss": Outcome.URGENT,
    "fever_infection": Outcome.URGENT,
    "drugs_immunosuppression": Outcome.URGENT,
    "injury_onset": Outcome.URGENT,
    "night_pain": Outcome.URGENT,
    "new_back_pain_age": Outcome.URGENT,
    "hot_calf": Outcome.URGENT,
}

TYPICAL = Answers(
    areas=frozenset({"buttock", "down_the_leg"}),
    aggravators=frozenset({"sitting", "stairs"}),
    tender_deep_in_buttock=True,
)


def test_the_table_covers_every_red_flag() -> None:
    assert set(EXPECTED) == set(BY_CODE)
    assert len(RED_FLAGS) == len(EMERGENCY_FLAGS) + len(URGENT_FLAGS) == len(BY_CODE)


@pytest.mark.parametrize(("code", "outcome"), sorted(EXPECTED.items()))
def test_each_red_flag_alone_refers_and_names_itself(code: str, outcome: Outcome) -> None:
    for base in (Answers(), TYPICAL):  # alone, and on top of a classic piriformis story
        verdict = decide(
            Answers(
                areas=base.areas,
                aggravators=base.aggravators,
                tender_deep_in_buttock=base.tender_deep_in_buttock,
                red_flags=frozenset({code}),
            )
        )
        assert verdict.outcome is outcome
        assert [flag.code for flag in verdict.reasons] == [code]
        assert not verdict.booking_offered


def test_leg_pain_on_both_sides_is_an_emergency_even_without_ticking_the_question() -> None:
    verdict = decide(Answers(areas=frozenset({"down_the_leg"}), both_sides=True))
    assert verdict.outcome is Outcome.EMERGENCY
    assert [flag.code for flag in verdict.reasons] == ["both_legs"]


def test_buttock_pain_on_both_sides_without_leg_symptoms_is_not_an_emergency() -> None:
    verdict = decide(Answers(areas=frozenset({"buttock"}), both_sides=True))
    assert verdict.booking_offered


def test_an_emergency_outranks_urgent_flags_and_lists_only_emergencies() -> None:
    verdict = decide(
        Answers(red_flags=frozenset({"night_pain", "saddle_numbness", "bladder_start"}))
    )
    assert verdict.outcome is Outcome.EMERGENCY
    assert [flag.code for flag in verdict.reasons] == ["bladder_start", "saddle_numbness"]


def test_several_urgent_flags_are_all_named() -> None:
    verdict = decide(Answers(red_flags=frozenset({"weight_loss", "cancer_history"})))
    assert verdict.outcome is Outcome.URGENT
    assert [flag.code for flag in verdict.reasons] == ["cancer_history", "weight_loss"]


@pytest.mark.parametrize(
    ("answers", "features", "outcome"),
    [
        (Answers(), (), Outcome.ASSESSMENT),
        (
            Answers(areas=frozenset({"back"}), aggravators=frozenset({"bending"})),
            (),
            Outcome.ASSESSMENT,
        ),
        (
            Answers(areas=frozenset({"buttock"}), aggravators=frozenset({"sitting"})),
            ("buttock_pain", "worse_sitting"),
            Outcome.ASSESSMENT,
        ),
        (
            TYPICAL,
            ("buttock_pain", "worse_sitting", "sciatic_notch_tenderness"),
            Outcome.FITS_PATTERN,
        ),
        (
            Answers(
                areas=frozenset({"buttock"}),
                aggravators=frozenset({"sitting"}),
                tender_deep_in_buttock=True,
                worse_when_hip_stretched=True,
            ),
            (
                "buttock_pain",
                "worse_sitting",
                "sciatic_notch_tenderness",
                "piriformis_tension_pain",
            ),
            Outcome.FITS_PATTERN,
        ),
    ],
)
def test_without_red_flags_the_four_features_decide_the_wording(answers, features, outcome) -> None:
    verdict = decide(answers)
    assert (verdict.features, verdict.outcome) == (features, outcome)
    assert verdict.booking_offered


answers_strategy = st.builds(
    Answers,
    areas=st.frozensets(st.sampled_from(AREAS)),
    both_sides=st.booleans(),
    aggravators=st.frozensets(st.sampled_from(AGGRAVATORS)),
    tender_deep_in_buttock=st.booleans(),
    worse_when_hip_stretched=st.booleans(),
    red_flags=st.frozensets(st.sampled_from(sorted(BY_CODE))),
)


@given(answers_strategy)
def test_no_combination_with_a_red_flag_ever_offers_booking(answers: Answers) -> None:
    verdict = decide(answers)
    bilateral_leg = answers.both_sides and "down_the_leg" in answers.areas
    if answers.red_flags or bilateral_leg:
        assert not verdict.booking_offered
        assert verdict.reasons
    else:
        assert verdict.booking_offered
        assert verdict.reasons == ()


@given(answers_strategy, st.sampled_from(sorted(BY_CODE)))
def test_adding_a_red_flag_never_makes_the_verdict_milder(answers: Answers, code: str) -> None:
    severity = {
        Outcome.EMERGENCY: 3,
        Outcome.URGENT: 2,
        Outcome.FITS_PATTERN: 1,
        Outcome.ASSESSMENT: 1,
    }
    before = decide(answers)
    after = decide(
        Answers(
            areas=answers.areas,
            both_sides=answers.both_sides,
            aggravators=answers.aggravators,
            tender_deep_in_buttock=answers.tender_deep_in_buttock,
            worse_when_hip_stretched=answers.worse_when_hip_stretched,
            red_flags=answers.red_flags | {code},
        )
    )
    assert severity[after.outcome] >= max(severity[before.outcome], 2)


def test_unknown_answers_are_refused_not_ignored() -> None:
    with pytest.raises(ValueError, match="unknown red flag"):
        decide(Answers(red_flags=frozenset({"headache"})))
    with pytest.raises(ValueError, match="unknown answers"):
        answers_from(areas=["shoulder"])
    assert answers_from(areas=["buttock"], aggravators=["sitting"]).areas == {"buttock"}


def test_every_question_is_a_plain_question() -> None:
    for flag in RED_FLAGS:
        assert flag.question.endswith("?")
        assert "piriformis syndrome" not in flag.question.lower()

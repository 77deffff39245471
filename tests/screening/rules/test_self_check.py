"""Every red flag alone refers to a doctor; no answers with a red flag ever offer booking."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.screening.rules.self_check import (
    AGGRAVATORS,
    AREAS,
    BY_CODE,
    EMERGENCY_FLAGS,
    GO_TO_EMERGENCY,
    INFLAMMATORY_BACK_PAIN,
    INFLAMMATORY_SIGNS,
    RED_FLAGS,
    SEE_DOCTOR_FIRST,
    URGENT_FLAGS,
    Answers,
    Outcome,
    age_on,
    answers_from,
    decide,
    new_pain_at_risky_age,
)

pytestmark = pytest.mark.once  # pure rules: no database

EXPECTED = {  # the whole table, written out: a new flag without a row fails below
    "bladder_start": Outcome.EMERGENCY,
    "bladder_fullness": Outcome.EMERGENCY,
    "bladder_bowel_control": Outcome.EMERGENCY,
    "bowel_sensation": Outcome.EMERGENCY,
    "saddle_numbness": Outcome.EMERGENCY,
    "both_legs": Outcome.EMERGENCY,
    "leg_weakening": Outcome.EMERGENCY,
    "sexual_change": Outcome.EMERGENCY,
    "belly_pulsing": Outcome.EMERGENCY,
    "cancer_history": Outcome.URGENT,
    "tuberculosis": Outcome.URGENT,
    "weight_loss": Outcome.URGENT,
    "fever_infection": Outcome.URGENT,
    "drugs_immunosuppression": Outcome.URGENT,
    "spinal_procedure": Outcome.URGENT,
    "spine_wound": Outcome.URGENT,
    "injury_onset": Outcome.URGENT,
    "night_pain": Outcome.URGENT,
    "thoracic_pain": Outcome.URGENT,
    "no_improvement": Outcome.URGENT,
    "walking_pain": Outcome.URGENT,
    "new_back_pain_age": Outcome.URGENT,
    "hot_calf": Outcome.URGENT,
}

INFLAMMATORY = Answers(
    areas=frozenset({"back", "buttock"}),
    started_before_45=True,
    inflammatory_signs=frozenset({"morning_stiffness", "alternating_buttock"}),
)

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
    # alone, on top of a classic piriformis story, and with inflammatory back pain
    for base in (Answers(), TYPICAL, INFLAMMATORY):
        verdict = decide(
            Answers(
                areas=base.areas,
                aggravators=base.aggravators,
                tender_deep_in_buttock=base.tender_deep_in_buttock,
                started_before_45=base.started_before_45,
                inflammatory_signs=base.inflammatory_signs,
                red_flags=frozenset({code}),
            )
        )
        assert verdict.outcome is outcome
        assert [flag.code for flag in verdict.reasons] == [code]
        assert not verdict.booking_offered


def test_every_flag_says_what_to_do_now() -> None:
    for flag in EMERGENCY_FLAGS:
        assert flag.action == GO_TO_EMERGENCY
    for flag in URGENT_FLAGS:
        assert flag.action == (SEE_DOCTOR_FIRST if flag.code != "hot_calf" else flag.todo)


def test_the_calf_asks_about_any_sign_and_sends_for_a_same_day_assessment() -> None:
    calf = BY_CODE["hot_calf"]
    assert "swollen, tender, warm or red" in calf.question
    assert "even just one of these" in calf.question
    assert "today" in calf.action and "Don't wait" in calf.action
    assert "book" not in calf.action.lower()
    assert decide(Answers(red_flags=frozenset({"hot_calf", "night_pain"}))).same_day
    assert not decide(Answers(red_flags=frozenset({"night_pain"}))).same_day


def test_the_age_question_is_about_the_pain_the_person_came_with() -> None:
    question = BY_CODE["new_back_pain_age"].question
    assert "buttock, hip, leg or back" in question
    assert "under 20 or over 50" in question


def test_walking_pain_is_urgent_and_with_a_pulsing_belly_an_emergency() -> None:
    walking = decide(Answers(red_flags=frozenset({"walking_pain"})))
    assert walking.outcome is Outcome.URGENT
    assert "standing still" in walking.reasons[0].reason
    both = decide(Answers(red_flags=frozenset({"walking_pain", "belly_pulsing"})))
    assert both.outcome is Outcome.EMERGENCY
    assert [flag.code for flag in both.reasons] == ["belly_pulsing"]


def test_inflammatory_back_pain_lets_massage_go_ahead_with_gp_advice() -> None:
    verdict = decide(INFLAMMATORY)
    assert verdict.outcome is Outcome.SEE_GP
    assert verdict.booking_offered
    assert verdict.reasons == ()
    assert verdict.advice == (INFLAMMATORY_BACK_PAIN,)
    assert "can go ahead" in INFLAMMATORY_BACK_PAIN.todo
    assert "GP" in INFLAMMATORY_BACK_PAIN.todo
    assert "axial spondyloarthritis" in INFLAMMATORY_BACK_PAIN.todo
    assert "NICE NG65" in INFLAMMATORY_BACK_PAIN.source
    assert verdict.features == ("buttock_pain",)


@pytest.mark.parametrize(
    ("before_45", "signs", "advised"),
    [
        (True, {"morning_stiffness", "better_with_exercise"}, True),
        (True, set(INFLAMMATORY_SIGNS), True),
        (True, {"wakes_second_half_night"}, False),  # one sign is not enough
        (False, set(INFLAMMATORY_SIGNS), False),  # started at 45 or later
        (True, set(), False),
    ],
)
def test_inflammatory_back_pain_needs_an_early_start_and_two_signs(
    before_45: bool, signs: set[str], advised: bool
) -> None:
    answers = Answers(started_before_45=before_45, inflammatory_signs=frozenset(signs))
    assert (decide(answers).outcome is Outcome.SEE_GP) is advised
    assert bool(decide(answers).advice) is advised


def test_a_red_flag_outranks_the_gp_advice_but_keeps_it() -> None:
    verdict = decide(
        Answers(
            red_flags=frozenset({"night_pain"}),
            started_before_45=True,
            inflammatory_signs=INFLAMMATORY.inflammatory_signs,
        )
    )
    assert verdict.outcome is Outcome.URGENT
    assert not verdict.booking_offered
    assert verdict.advice == (INFLAMMATORY_BACK_PAIN,)


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (dt.date(1976, 12, 4), dt.date(2026, 12, 4), 50),
        (dt.date(1976, 12, 5), dt.date(2026, 12, 4), 49),
        (dt.date(2004, 2, 29), dt.date(2026, 2, 28), 21),
        (dt.date(2004, 2, 29), dt.date(2026, 3, 1), 22),
    ],
)
def test_age_is_counted_in_whole_years(born: dt.date, today: dt.date, age: int) -> None:
    assert age_on(born, today) == age


@pytest.mark.parametrize(
    ("born", "new_pain", "raised"),
    [
        (dt.date(2007, 1, 1), True, True),  # 19
        (dt.date(2006, 12, 4), True, False),  # 20 today
        (dt.date(1976, 12, 5), True, False),  # 49, 50 tomorrow
        (dt.date(1976, 12, 4), True, True),  # 50 today
        (dt.date(1950, 1, 1), False, False),  # not a new pain
    ],
)
def test_the_age_flag_from_a_date_of_birth(born: dt.date, new_pain: bool, raised: bool) -> None:
    today = dt.date(2026, 12, 4)
    assert new_pain_at_risky_age(new_pain=new_pain, born=born, today=today) is raised


@given(st.dates(max_value=dt.date(2100, 1, 1)), st.integers(min_value=0, max_value=40000))
def test_age_grows_by_one_on_each_birthday_and_never_goes_down(born: dt.date, days: int) -> None:
    today = born + dt.timedelta(days=days)
    age = age_on(born, today)
    assert 0 <= age <= days // 365
    assert age_on(born, today + dt.timedelta(days=1)) in (age, age + 1)
    raised = new_pain_at_risky_age(new_pain=True, born=born, today=today)
    assert raised == (age < 20 or age >= 50)
    assert not new_pain_at_risky_age(new_pain=False, born=born, today=today)


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
    started_before_45=st.booleans(),
    inflammatory_signs=st.frozensets(st.sampled_from(sorted(INFLAMMATORY_SIGNS))),
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
    assert (verdict.outcome is Outcome.SEE_GP) == (verdict.booking_offered and bool(verdict.advice))


@given(answers_strategy, st.sampled_from(sorted(BY_CODE)))
def test_adding_a_red_flag_never_makes_the_verdict_milder(answers: Answers, code: str) -> None:
    severity = {
        Outcome.EMERGENCY: 3,
        Outcome.URGENT: 2,
        Outcome.SEE_GP: 1,
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
            started_before_45=answers.started_before_45,
            inflammatory_signs=answers.inflammatory_signs,
        )
    )
    assert severity[after.outcome] >= max(severity[before.outcome], 2)


def test_unknown_answers_are_refused_not_ignored() -> None:
    with pytest.raises(ValueError, match="unknown red flag"):
        decide(Answers(red_flags=frozenset({"headache"})))
    with pytest.raises(ValueError, match="unknown answers"):
        answers_from(areas=["shoulder"])
    with pytest.raises(ValueError, match="unknown answers"):
        answers_from(inflammatory_signs=["headache"])
    with pytest.raises(ValueError, match="unknown inflammatory signs"):
        decide(Answers(inflammatory_signs=frozenset({"headache"})))
    assert answers_from(areas=["buttock"], aggravators=["sitting"]).areas == {"buttock"}


def test_every_question_is_a_plain_question() -> None:
    for flag in RED_FLAGS:
        assert flag.question.endswith("?")
        assert "piriformis syndrome" not in flag.question.lower()

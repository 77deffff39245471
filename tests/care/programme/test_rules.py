"""The exercise library, dosage in words, and weekly adherence (pure, no database)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.care.programme import rules as ex
from easeplan.care.programme.rules import Dosage, Kind, Schedule, Week
from easeplan.screening.rules import contraindications as ci

STATIC = Path(__file__).resolve().parents[3] / "static"
MONDAY = dt.date(2026, 3, 2)  # a Monday
TECHNIQUES = {
    value
    for name, value in vars(ci).items()
    if name.isupper() and isinstance(value, str) and name not in {"BATAVIA", "HSS_HIP"}
}


def day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


def percents(weeks: list[Week]) -> list[int]:
    return [w.percent for w in weeks]


# -- the library -------------------------------------------------------------------------


def test_the_library_holds_the_home_programme_of_clinical_section_5() -> None:
    codes = {e.code for e in ex.LIBRARY}
    assert len(codes) == len(ex.LIBRARY)
    assert {
        "figure_4_stretch",
        "knee_to_opposite_shoulder",
        "piriformis_met",
        "hip_flexor_stretch",
        "hamstring_stretch",
        "seated_glute_stretch",
        "side_lying_leg_raise",
        "clamshell",
        "bridge",
    } <= codes
    kinds = {e.kind for e in ex.LIBRARY}
    assert kinds == {Kind.STRETCH, Kind.STRENGTHENING, Kind.MUSCLE_ENERGY}


def test_stretches_are_held_20_to_30_seconds_and_the_met_pushes_5_to_7_seconds() -> None:
    for exercise in ex.LIBRARY:
        hold = exercise.dosage.hold_seconds
        if exercise.kind is Kind.STRETCH:
            assert hold is not None and 20 <= hold <= 30, exercise.code
        if exercise.kind is Kind.MUSCLE_ENERGY:
            assert hold is not None and 5 <= hold <= 7
            assert 5 <= exercise.dosage.reps <= 7
    strengthening = [e for e in ex.LIBRARY if e.kind is Kind.STRENGTHENING]
    assert {e.source for e in strengthening} == {ex.TONLEY_2010}


def test_every_exercise_has_steps_a_purpose_and_a_titled_figure() -> None:
    for exercise in ex.LIBRARY:
        assert exercise.steps and all(s.endswith(".") for s in exercise.steps)
        assert exercise.purpose
        svg = (STATIC / exercise.figure).read_text()
        assert svg.startswith("<svg") and "<title" in svg, exercise.code
        assert re.search(r'role="img"', svg)
        assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_blocking_tags_are_real_technique_codes() -> None:
    for exercise in ex.LIBRARY:
        assert exercise.blocked_by <= TECHNIQUES, exercise.code
        assert bool(exercise.blocked_by) == bool(exercise.position)


def test_the_figure_4_and_fair_position_stretches_are_blocked_after_a_posterior_hip() -> None:
    findings = ci.classify(
        ci.IntakeAnswers(hip_replacement=ci.HipReplacement("right", "posterior")),
        today=MONDAY,
    )
    blocked = ci.blocked_techniques(findings)
    refused = {e.code for e in ex.LIBRARY if ex.allowed(e, blocked) is not None}
    assert refused == {
        "figure_4_stretch",
        "knee_to_opposite_shoulder",
        "piriformis_met",
        "seated_glute_stretch",
    }
    reason = ex.allowed(ex.BY_CODE["figure_4_stretch"], blocked)
    assert reason is not None
    assert "bends the hip past 90°" in reason and "HSS Journal 2019" in reason


@pytest.mark.parametrize("operation", ci.OPERATIONS)
def test_the_lunge_and_figure_4_positions_are_blocked_after_an_anterior_hip(
    operation: ci.Operation,
) -> None:
    hip = ci.HipReplacement("left", "anterior", operation=operation)
    findings = ci.classify(ci.IntakeAnswers(hip_replacement=hip), today=MONDAY)
    blocked = ci.blocked_techniques(findings)
    refused = {e.code for e in ex.LIBRARY if ex.allowed(e, blocked) is not None}
    assert refused == {"hip_flexor_stretch", "figure_4_stretch", "seated_glute_stretch"}
    reason = ex.allowed(ex.BY_CODE["hip_flexor_stretch"], blocked)
    assert reason is not None and "behind the body" in reason
    assert ci.ANTERIOR_HIP in reason and "HSS" not in reason


def test_nothing_is_blocked_once_the_surgeon_has_cleared_the_hip() -> None:
    answers = ci.IntakeAnswers(
        hip_replacement=ci.HipReplacement("left", "posterior"), surgeon_cleared_hip=True
    )
    blocked = ci.blocked_techniques(ci.classify(answers, today=MONDAY))
    assert all(ex.allowed(e, blocked) is None for e in ex.LIBRARY)
    assert ex.allowed(ex.BY_CODE["figure_4_stretch"], set()) is None


def test_find_knows_only_the_library() -> None:
    assert ex.find("bridge") is ex.BY_CODE["bridge"]
    assert ex.find("headstand") is None


# -- dosage in words ------------------------------------------------------------------------


def test_dosage_in_words() -> None:
    assert ex.dosage_in_words(Dosage(30, 3)) == "Hold 30 seconds, 3 times, once a day"
    assert (
        ex.dosage_in_words(Dosage(5, 5), Kind.MUSCLE_ENERGY)
        == "Push for 5 seconds, 5 times, once a day"
    )
    assert (
        ex.dosage_in_words(Dosage(None, 10, 3, 2, 4), Kind.STRENGTHENING)
        == "3 sets of 10, twice a day, 4 days a week"
    )
    assert (
        ex.dosage_in_words(Dosage(1, 1, 1, 3, 1))
        == "Hold 1 second, once, 3 times a day, 1 day a week"
    )
    assert ex.BY_CODE["bridge"].dosage_words == "3 sets of 10, once a day, 4 days a week"


@pytest.mark.parametrize("bad", [{"hold_seconds": 0, "reps": 3}, {"hold_seconds": 30, "reps": 0}])
def test_a_dosage_out_of_range_is_refused(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        Dosage(**bad)  # type: ignore[arg-type]


# -- adherence: hand-worked examples ---------------------------------------------------------


def test_a_daily_stretch_done_five_days_of_seven_is_71_percent() -> None:
    daily = Schedule(times_per_day=1, days_per_week=7, starts_on=MONDAY)
    weeks = ex.weekly_adherence(daily, [day(n) for n in range(5)], today=day(6))
    assert [(w.monday, w.percent) for w in weeks] == [(MONDAY, 71)]  # 5/7 = 71.4%


def test_a_first_week_started_on_thursday_is_pro_rated() -> None:
    daily = Schedule(1, 7, starts_on=day(3))  # Thursday: 4 days due in that week
    assert percents(ex.weekly_adherence(daily, [day(3), day(4), day(5)], today=day(6))) == [75]
    assert percents(ex.weekly_adherence(daily, [day(n) for n in range(3, 7)], today=day(6))) == [
        100
    ]


def test_four_days_a_week_may_be_any_four_days_and_more_does_not_pass_100() -> None:
    schedule = Schedule(1, 4, starts_on=MONDAY)
    assert percents(ex.weekly_adherence(schedule, [day(0), day(6)], today=day(6))) == [50]
    assert percents(ex.weekly_adherence(schedule, [day(n) for n in range(7)], today=day(6))) == [
        100
    ]


def test_extra_ticks_on_one_day_count_only_up_to_its_sessions() -> None:
    twice = Schedule(2, 7, starts_on=MONDAY)
    ticks = [day(0)] * 5  # five ticks on Monday: only two sessions are due that day
    (week,) = ex.weekly_adherence(twice, ticks, today=day(6))
    assert (week.done, week.due, week.percent) == (2, 14, 14)


def test_the_current_week_counts_up_to_today_and_the_past_weeks_in_full() -> None:
    daily = Schedule(1, 7, starts_on=MONDAY)
    ticks = [day(n) for n in range(7)] + [day(7), day(8)]  # all of week 1; Mon, Tue of week 2
    weeks = ex.weekly_adherence(daily, ticks, today=day(9))  # Wednesday of week 2
    assert [(w.monday, w.due, w.percent) for w in weeks] == [(day(0), 7, 100), (day(7), 3, 66)]


def test_a_stopped_exercise_is_due_until_the_day_before_it_stopped() -> None:
    daily = Schedule(1, 7, starts_on=MONDAY, stops_on=day(9))  # stopped on Wednesday, week 2
    ticks = [day(7), day(8), day(9), day(10)]  # Thursday's tick came after it stopped
    weeks = ex.weekly_adherence(daily, ticks, today=day(20))
    assert [(w.monday, w.due, w.percent) for w in weeks] == [(day(0), 7, 0), (day(7), 2, 100)]


def test_an_exercise_stopped_on_the_day_it_started_owes_nothing() -> None:
    schedule = Schedule(1, 7, starts_on=day(2), stops_on=day(2))
    assert ex.weekly_adherence(schedule, [day(2)], today=day(6)) == []


def test_overall_adherence_does_not_let_one_exercise_hide_another() -> None:
    stretch = ex.weekly_adherence(Schedule(1, 7, MONDAY), [day(n) for n in range(7)], today=day(6))
    strength = ex.weekly_adherence(Schedule(1, 4, MONDAY), [], today=day(6))
    (week,) = ex.overall_adherence([stretch, strength])
    assert (week.done, week.due, week.percent) == (7, 11, 63)  # 7 of 7, 0 of 4
    assert ex.overall_adherence([]) == []


# -- adherence: properties ------------------------------------------------------------------

schedules = st.builds(
    Schedule,
    times_per_day=st.integers(1, 5),
    days_per_week=st.integers(1, 7),
    starts_on=st.integers(0, 20).map(day),
    stops_on=st.none() | st.integers(0, 50).map(day),
)
tick_lists = st.lists(st.integers(-3, 50).map(day), max_size=80)
todays = st.integers(0, 50).map(day)


@given(schedules, tick_lists, todays)
def test_adherence_is_always_between_0_and_100(schedule, ticks, today) -> None:
    for week in ex.weekly_adherence(schedule, ticks, today=today):
        assert 0 <= week.percent <= 100
        assert week.monday.weekday() == 0
        assert 0 <= week.done <= week.due


@given(schedules, todays)
def test_no_ticks_is_zero_every_week(schedule, today) -> None:
    assert all(w.percent == 0 for w in ex.weekly_adherence(schedule, [], today=today))


@given(schedules, tick_lists, st.integers(-3, 50).map(day), todays)
def test_another_tick_never_lowers_adherence(schedule, ticks, extra, today) -> None:
    before = ex.weekly_adherence(schedule, ticks, today=today)
    after = ex.weekly_adherence(schedule, [*ticks, extra], today=today)
    assert [w.monday for w in before] == [w.monday for w in after]
    assert all(b.percent <= a.percent for b, a in zip(before, after, strict=True))


@given(schedules, todays)
def test_every_session_done_is_100_every_week(schedule, today) -> None:
    days = [day(n) for n in range(51)] * schedule.times_per_day
    assert all(w.percent == 100 for w in ex.weekly_adherence(schedule, days, today=today))


@given(st.lists(st.tuples(schedules, tick_lists), min_size=1, max_size=4), todays)
def test_overall_lies_between_the_worst_and_best_exercise(items, today) -> None:
    per = [ex.weekly_adherence(s, t, today=today) for s, t in items]
    for week in ex.overall_adherence(per):
        that_week = [w.percent for weeks in per for w in weeks if w.monday == week.monday]
        assert min(that_week) <= week.percent <= max(that_week)

"""The plan of care's pure rules: defaults, progress and the review's advice."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.care.plans import rules as plans
from easeplan.care.plans.rules import NextStep, Progress, suggest_next_step

pytestmark = pytest.mark.once


@pytest.mark.parametrize(
    ("visits", "weeks", "days"),
    [(5, 4, 7), (4, 2, 5), (6, 6, 8), (4, 6, 14), (1, 4, 7), (2, 1, 7)],
)
def test_visits_are_spread_evenly_over_the_weeks(visits: int, weeks: int, days: int) -> None:
    assert plans.frequency_days(visits, weeks) == days


@given(st.integers(1, 20), st.integers(1, 26))
def test_the_spread_never_runs_much_past_the_plan(visits: int, weeks: int) -> None:
    days = plans.frequency_days(visits, weeks)
    assert days >= 1
    if visits - 1 > weeks * 7:  # more visits than days: the form refuses such a plan
        return
    # Rounding may add at most half a day per gap.
    assert days * (visits - 1) <= weeks * 7 + (visits - 1) / 2 + 0.5


def test_the_review_falls_at_the_end_of_the_weeks() -> None:
    assert plans.review_date(dt.date(2026, 11, 2), 4) == dt.date(2026, 11, 30)


def test_goals_are_one_per_line_without_blanks_or_repeats() -> None:
    lines = "  Sit through a film \n\nrun 5 km\nSit  through a film\nRun 5 km\n"
    assert plans.clean_goals(lines) == ["Sit through a film", "run 5 km"]


@pytest.mark.parametrize(
    ("attended", "booked", "label", "unbooked"),
    [
        (0, 0, "visit 1 of 5", 5),
        (1, 2, "visit 2 of 5", 2),
        (4, 1, "visit 5 of 5", 0),
        (5, 0, "all 5 visits done", 0),
    ],
)
def test_progress_says_which_visit_comes_next(
    attended: int, booked: int, label: str, unbooked: int
) -> None:
    progress = Progress(planned=5, attended=attended, booked=booked)
    assert progress.label == label
    assert progress.unbooked == unbooked


@given(st.integers(1, 20), st.integers(0, 25), st.integers(0, 25))
def test_progress_stays_within_the_plan(planned: int, attended: int, booked: int) -> None:
    progress = Progress(planned=planned, attended=attended, booked=booked)
    assert 1 <= progress.current <= planned
    assert 0 <= progress.unbooked <= planned
    assert progress.finished == (attended >= planned)


@pytest.mark.parametrize(
    ("baseline", "latest", "meaningful"),
    [
        (7, 5, True),  # 2 points
        (7, 6, False),  # 1 point, 14%
        (3, 2, True),  # 1 point but 33%
        (10, 8, True),
        (10, 9, False),
        (5, 5, False),
        (4, 6, False),  # worse
        (0, 0, False),
    ],
)
def test_a_meaningful_pain_change_is_2_points_or_30_percent(
    baseline: int, latest: int, meaningful: bool
) -> None:
    assert plans.meaningful_pain_change(baseline, latest) is meaningful


@given(st.integers(0, 10), st.integers(0, 10))
def test_getting_worse_is_never_a_meaningful_improvement(baseline: int, latest: int) -> None:
    if latest >= baseline:
        assert not plans.meaningful_pain_change(baseline, latest)


def test_the_review_suggests_discharge_when_goals_are_met() -> None:
    advice = suggest_next_step(visits_done=2, baseline_pain=7, latest_pain=6, goals_met=True)
    assert advice.step is NextStep.DISCHARGE


def test_the_review_suggests_discharge_when_pain_fell_meaningfully_and_is_low() -> None:
    advice = suggest_next_step(visits_done=5, baseline_pain=7, latest_pain=2)
    assert advice.step is NextStep.DISCHARGE
    assert "from 7 to 2" in advice.reason


def test_the_review_suggests_a_doctor_after_several_visits_with_little_change() -> None:
    advice = suggest_next_step(visits_done=4, baseline_pain=7, latest_pain=6)
    assert advice.step is NextStep.REFER
    assert "4 visits" in advice.reason


def test_the_review_suggests_continuing_when_it_is_too_early_to_tell() -> None:
    early = suggest_next_step(visits_done=2, baseline_pain=7, latest_pain=7)
    assert early.step is NextStep.CONTINUE
    assert suggest_next_step(visits_done=5, baseline_pain=None, latest_pain=3).step is (
        NextStep.CONTINUE
    )


@given(st.integers(0, 20), st.integers(0, 10), st.integers(0, 10))
def test_the_review_never_suggests_discharge_without_a_meaningful_change_or_met_goals(
    visits: int, baseline: int, latest: int
) -> None:
    advice = suggest_next_step(visits_done=visits, baseline_pain=baseline, latest_pain=latest)
    if advice.step is NextStep.DISCHARGE:
        assert plans.meaningful_pain_change(baseline, latest)
    if advice.step is NextStep.REFER:
        assert not plans.meaningful_pain_change(baseline, latest)
        assert visits >= plans.VISITS_BEFORE_REFERRING


@pytest.mark.parametrize(
    ("done", "due", "percent"), [(0, 0, None), (0, 7, 0), (5, 7, 71), (7, 7, 100), (9, 7, 100)]
)
def test_adherence_is_a_whole_percent_of_what_was_due(done: int, due: int, percent: int) -> None:
    assert plans.adherence_percent(done, due) == percent

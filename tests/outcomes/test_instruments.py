"""The outcome instruments: hand-worked scores and verdicts for each, and their properties."""

from __future__ import annotations

from fractions import Fraction
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.outcomes import instruments, measures
from easeplan.outcomes.instruments import (
    Direction,
    Instrument,
    Interpretation,
    Item,
    Score,
    Trend,
    change,
    describe,
    display,
    score,
)
from easeplan.outcomes.measures import (
    GROC,
    INSTRUMENTS,
    MOOD,
    NPRS,
    RMDQ_24,
    SLEEP,
    for_plan,
    psfs_for,
    psfs_like_for_like,
)

pytestmark = pytest.mark.once

SITTING = INSTRUMENTS["nprs-sitting"]
GOALS = ["Sit through a film", "Run 5 km", "Pick up my daughter"]


def scored(instrument: Instrument, answers: dict[str, int | bool | None]) -> Score:
    result = score(instrument, answers)
    assert result is not None
    return result


def single(instrument: Instrument, value: int) -> Score:
    return scored(instrument, {instrument.items[0].code: value})


def rmdq(yes: int) -> Score:
    """An RMDQ-24 with the first `yes` sentences answered yes and the others no."""
    return scored(RMDQ_24, {f"q{n}": n <= yes for n in range(1, 25)})


# --- NPRS ---------------------------------------------------------------------------


def test_there_is_one_nprs_per_measure() -> None:
    assert [i.code for i in NPRS] == [
        "nprs-now",
        "nprs-worst-24h",
        "nprs-sitting",
        "nprs-bending",
        "nprs-squatting",
        "nprs-running",
        "nprs-stairs",
    ]


@pytest.mark.parametrize("instrument", NPRS, ids=lambda i: i.code)
def test_each_nprs_scores_the_number_given_and_keeps_its_version(instrument: Instrument) -> None:
    # One item, 0–10: the score is the number chosen.
    result = single(instrument, 7)
    assert result == Score(instrument.code, "2026-11", Fraction(7), 1, ((instrument.code, 7),))
    assert instrument.direction is Direction.HIGHER_IS_WORSE
    assert (instrument.lowest, instrument.highest) == (0, 10)
    assert "Farrar 2001" in instrument.meaningful_change
    assert "Ostelo 2008" in instrument.meaningful_change


@pytest.mark.parametrize(
    ("before", "after", "direction", "meaningful"),
    [
        (7, 5, Trend.BETTER, True),  # down 2 ≥ 2 points
        (3, 2, Trend.BETTER, True),  # down 1 < 2 points, but 1 ≥ 30% × 3 = 0.9
        (7, 6, Trend.BETTER, False),  # down 1 < 2 points and 1 < 30% × 7 = 2.1
        (5, 4, Trend.BETTER, False),  # down 1 < 2 and 1 < 30% × 5 = 1.5
        (1, 0, Trend.BETTER, True),  # down 1 ≥ 30% × 1 = 0.3
        (10, 7, Trend.BETTER, True),  # down 3 ≥ 2 points (and = 30% × 10)
        (3, 5, Trend.WORSE, True),  # up 2 ≥ 2 points
        (2, 3, Trend.WORSE, False),  # up 1 < 2; 30% of the baseline counts only for a drop
        (5, 5, Trend.SAME, False),
    ],
)
def test_nprs_verdicts_follow_2_points_or_30_percent(
    before: int, after: int, direction: Trend, meaningful: bool
) -> None:
    found = change(SITTING, single(SITTING, before), single(SITTING, after))
    assert found.difference == after - before
    assert found.direction is direction
    assert found.meaningful is meaningful


def test_the_verdict_says_which_rule_made_it_meaningful() -> None:
    assert change(SITTING, single(SITTING, 7), single(SITTING, 5)).because == "at least 2 points"
    by_share = change(SITTING, single(SITTING, 3), single(SITTING, 2))
    assert by_share.because == "at least 30% of the first score"
    assert change(SITTING, single(SITTING, 7), single(SITTING, 6)).because == ""


@pytest.mark.parametrize(
    ("before", "after", "sentence"),
    [
        (7, 3, "Your sitting pain is down from 7 to 3 — that is a meaningful change."),
        (7, 6, "Your sitting pain is down from 7 to 6 — not yet a meaningful change."),
        (3, 6, "Your sitting pain is up from 3 to 6 — that is a meaningful change for the worse."),
        (3, 4, "Your sitting pain is up from 3 to 4 — a small change, less than a meaningful one."),
        (5, 5, "Your sitting pain is about the same (5 then 5)."),
    ],
)
def test_an_nprs_change_is_said_in_plain_words(before: int, after: int, sentence: str) -> None:
    found = change(SITTING, single(SITTING, before), single(SITTING, after))
    assert describe(found, "sitting pain") == sentence


def test_a_skipped_pain_rating_has_no_score() -> None:
    # A client who does not run leaves running blank: that is no score, not a 0.
    assert score(INSTRUMENTS["nprs-running"], {}) is None
    assert score(INSTRUMENTS["nprs-running"], {"nprs-running": None}) is None


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"nprs-sitting": 11}, "takes a number from 0 to 10, not 11"),
        ({"nprs-sitting": -1}, "takes a number from 0 to 10, not -1"),
        ({"nprs-sitting": True}, "takes a whole number, not True"),
        ({"nprs-sitting": 2.5}, "takes a whole number, not 2.5"),
        ({"nprs-sitting": 3, "nprs-bending": 4}, "has no item 'nprs-bending'"),
    ],
)
def test_bad_answers_are_refused_with_a_clear_message(
    answers: dict[str, int | bool | None], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        score(SITTING, answers)


# --- Sleep and mood: trend only -----------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "before", "after", "direction", "sentence"),
    [
        (
            SLEEP,
            6,
            3,
            Trend.BETTER,
            "Your sleep is better (6 then 3).",
        ),  # 3 − 6 = −3: less disturbed
        (SLEEP, 5, 5, Trend.SAME, "Your sleep is about the same (5 then 5)."),
        (MOOD, 2, 7, Trend.WORSE, "Your mood is worse (2 then 7)."),  # 7 − 2 = +5: more affected
        (MOOD, 9, 1, Trend.BETTER, "Your mood is better (9 then 1)."),  # even 8 points: a trend
    ],
)
def test_sleep_and_mood_show_the_trend_and_are_never_called_meaningful(
    instrument: Instrument, before: int, after: int, direction: Trend, sentence: str
) -> None:
    found = change(instrument, single(instrument, before), single(instrument, after))
    assert found.direction is direction
    assert found.meaningful is None
    assert describe(found, instrument.code) == sentence
    assert instrument.interpretation is Interpretation.TREND


def test_sleep_and_mood_score_the_number_given() -> None:
    assert single(SLEEP, 6).value == 6
    assert single(MOOD, 0).value == 0
    assert score(SLEEP, {"sleep": None}) is None
    with pytest.raises(ValueError, match="from 0 to 10"):
        score(MOOD, {"mood": 12})


# --- GROC ---------------------------------------------------------------------------


def test_the_groc_has_fifteen_labelled_answers_from_minus_7_to_plus_7() -> None:
    item = GROC.items[0]
    assert (item.min, item.max) == (-7, 7)
    assert len(item.labels) == 15
    assert item.label_for(-7) == "A very great deal worse"
    assert item.label_for(0) == "About the same"
    assert item.label_for(7) == "A very great deal better"
    assert "Kamper" in GROC.attribution


@pytest.mark.parametrize(
    ("rating", "sentence"),
    [
        (4, "You rated your overall change as +4 (moderately better)."),
        (0, "You rated your overall change as 0 (about the same)."),
        (-2, "You rated your overall change as -2 (a little bit worse)."),
    ],
)
def test_the_groc_is_reported_as_given_without_a_verdict(rating: int, sentence: str) -> None:
    found = change(GROC, single(GROC, 0), single(GROC, rating))
    assert found.latest.value == rating
    assert found.meaningful is None
    assert describe(found, "overall change") == sentence


def test_the_groc_refuses_ratings_off_its_scale() -> None:
    with pytest.raises(ValueError, match="from -7 to 7, not 8"):
        score(GROC, {"groc": 8})


# --- PSFS ---------------------------------------------------------------------------


def psfs_score(instrument: Instrument, *ratings: int | None) -> Score:
    answers = {item.code: r for item, r in zip(instrument.items, ratings, strict=True)}
    return scored(instrument, answers)


def test_the_psfs_has_one_item_per_goal_with_attribution() -> None:
    psfs = psfs_for(GOALS)
    assert [(i.code, i.text) for i in psfs.items] == [
        ("sit-through-a-film", "Sit through a film"),
        ("run-5-km", "Run 5 km"),
        ("pick-up-my-daughter", "Pick up my daughter"),
    ]
    assert psfs.direction is Direction.HIGHER_IS_BETTER
    assert "Stratford" in psfs.attribution
    assert "minimal detectable change" in psfs.meaningful_change


def test_the_psfs_score_is_the_mean_of_the_activities() -> None:
    psfs = psfs_for(GOALS)
    # (3 + 5 + 4) / 3 = 12 / 3 = 4
    assert psfs_score(psfs, 3, 5, 4).value == 4
    # (3 + 5 + 5) / 3 = 13 / 3 = 4.333…, shown as 4.3; kept exact
    thirteen_thirds = psfs_score(psfs, 3, 5, 5)
    assert thirteen_thirds.value == Fraction(13, 3)
    assert display(psfs, thirteen_thirds.value) == "4.3"
    assert display(psfs, Fraction(4)) == "4.0"
    # (3 + 3 + 3 + 4) / 4 = 13 / 4 = 3.25: a half is rounded up for display, 3.3
    four = psfs_for([*GOALS, "Climb the stairs at work"])
    assert psfs_score(four, 3, 3, 3, 4).value == Fraction(13, 4)
    assert display(four, Fraction(13, 4)) == "3.3"


@pytest.mark.parametrize(
    ("goals", "ratings", "value"),
    [
        # 5 activities: at least 3 answered. (2 + 4 + 6) / 3 = 4
        (5, (2, 4, 6, None, None), Fraction(4)),
        (5, (2, 4, None, None, None), None),
        # 4 activities: at least 2. (3 + 6) / 2 = 4.5
        (4, (3, None, 6, None), Fraction(9, 2)),
        (4, (3, None, None, None), None),
        # 3 activities: at least 2. (1 + 2) / 2 = 1.5
        (3, (1, 2, None), Fraction(3, 2)),
        (3, (None, 2, None), None),
        # 2 activities: at least 1. 7 / 1 = 7
        (2, (None, 7), Fraction(7)),
        (2, (None, None), None),
        # 1 activity: it must be answered.
        (1, (5,), Fraction(5)),
        (1, (None,), None),
    ],
)
def test_the_psfs_scores_when_at_least_half_the_activities_are_answered(
    goals: int, ratings: tuple[int | None, ...], value: Fraction | None
) -> None:
    psfs = psfs_for([f"Activity {n}" for n in range(goals)])
    result = score(psfs, {item.code: r for item, r in zip(psfs.items, ratings, strict=True)})
    assert (result.value if result else None) == value
    if result:
        assert result.answered == sum(r is not None for r in ratings)


def test_psfs_verdicts_2_points_on_the_mean_or_3_on_one_activity() -> None:
    psfs = psfs_for(GOALS)
    five = psfs_for([*GOALS, "Garden", "Cycle to work"])

    # Mean 3 → 5 (+2 ≥ 2), each activity only +2: meaningful by the mean.
    by_mean = change(psfs, psfs_score(psfs, 2, 3, 4), psfs_score(psfs, 4, 5, 6))
    assert (by_mean.difference, by_mean.meaningful) == (Fraction(2), True)
    assert by_mean.because == "at least 2 points"
    assert describe(by_mean, "activity score") == (
        "Your activity score is up from 3.0 to 5.0 — that is a meaningful change."
    )

    # Mean 3 → 4 (+1 < 2), but "Sit through a film" 2 → 5 (+3 ≥ 3): meaningful.
    by_item = change(psfs, psfs_score(psfs, 2, 3, 4), psfs_score(psfs, 5, 3, 4))
    assert (by_item.difference, by_item.meaningful) == (Fraction(1), True)
    assert by_item.because == "at least 3 points on “Sit through a film”"

    # Mean 0.5 → 2.4: baseline (0 + 0 + 1 + 1) / 4 = 0.5 with one activity unanswered,
    # latest (2 + 2 + 3 + 3 + 2) / 5 = 12 / 5 = 2.4; +1.9 < 2, and every activity moved
    # +2 at most: not meaningful.
    short = change(five, psfs_score(five, 0, 0, 1, 1, None), psfs_score(five, 2, 2, 3, 3, 2))
    assert short.difference == Fraction(19, 10)
    assert (short.direction, short.meaningful) == (Trend.BETTER, False)

    # Mean 5 → 3 (−2): a meaningful change for the worse.
    down = change(psfs, psfs_score(psfs, 4, 5, 6), psfs_score(psfs, 2, 3, 4))
    assert (down.direction, down.meaningful, down.meaningful_improvement) == (
        Trend.WORSE,
        True,
        False,
    )

    # Mean 3 → (5 + 1 + 2) / 3 = 8/3 (−1/3), though "Sit through a film" rose 2 → 5 (+3):
    # it moved against the overall change (the others fell 2), so not meaningful.
    mixed = change(psfs, psfs_score(psfs, 2, 3, 4), psfs_score(psfs, 5, 1, 2))
    assert mixed.difference == Fraction(-1, 3)
    assert (mixed.direction, mixed.meaningful) == (Trend.WORSE, False)


def test_the_psfs_takes_1_to_5_named_activities() -> None:
    with pytest.raises(ValueError, match="1 to 5 activities; the plan has 0"):
        psfs_for([])
    with pytest.raises(ValueError, match="1 to 5 activities; the plan has 6"):
        psfs_for([f"Activity {n}" for n in range(6)])
    with pytest.raises(ValueError, match="one is blank"):
        psfs_for(["Run", "  "])


def test_a_psfs_of_fewer_than_3_activities_says_so() -> None:
    assert "fewer than the 3–5 activities" in psfs_for(["Run 5 km"]).scoring
    assert "fewer than" not in psfs_for(GOALS).scoring


# --- PSFS like for like --------------------------------------------------------------


def rated(activities: list[str], rating: int) -> list[tuple[str, int | None]]:
    return [(activity, rating) for activity in activities]


def test_entirely_different_activities_give_no_verdict() -> None:
    baseline = rated(["Sitting 30 min", "Running 5 km", "Stairs"], 2)
    latest = rated(["Driving 1 hour", "Gardening", "Cycling"], 5)

    # The means alone (2 → 5) would say "meaningful": there is nothing like for like.
    assert psfs_like_for_like([baseline, latest]) is None


def test_only_the_activities_rated_at_both_times_are_compared() -> None:
    baseline = [("Sitting 30 min", 2), ("Running 5 km", 2), ("Stairs", 2)]
    latest = [("sitting  30 MIN", 3), ("Stairs", 3), ("Gardening", 9)]

    found = psfs_like_for_like([baseline, latest])

    assert found is not None
    assert [item.text for item in found.instrument.items] == ["sitting 30 MIN", "Stairs"]
    # (2 + 2) / 2 = 2 → (3 + 3) / 2 = 3: +1, and no activity moved 3: not meaningful,
    # though the mean of every latest rating (15 / 3 = 5) is 3 above the first mean.
    assert (found.baseline.value, found.latest.value) == (2, 3)
    assert (found.direction, found.meaningful) == (Trend.BETTER, False)


def test_an_activity_added_later_has_its_own_baseline() -> None:
    start = [("Sit through a film", 2), ("Run 5 km", 4)]
    second = [("Sit through a film", 3), ("Run 5 km", 4), ("Garden", 1)]
    latest = [("Sit through a film", 3), ("Run 5 km", 4), ("Garden", 4)]

    found = psfs_like_for_like([start, second, latest])

    assert found is not None
    # Film 2 → 3, run 4 → 4, garden (from its own first rating) 1 → 4: +3 on one activity.
    assert found.baseline.value == Fraction(7, 3) and found.latest.value == Fraction(11, 3)
    assert (found.meaningful, found.because) == (True, "at least 3 points on “Garden”")


def test_an_activity_skipped_at_the_start_takes_its_first_rating() -> None:
    start = [("Sit through a film", 2), ("Run 5 km", None)]
    second = [("Sit through a film", 2), ("Run 5 km", 6)]
    latest = [("Sit through a film", 2), ("Run 5 km", 3)]

    found = psfs_like_for_like([start, second, latest])

    assert found is not None
    assert (found.baseline.value, found.latest.value) == (4, Fraction(5, 2))


def test_one_response_or_an_unrated_latest_activity_gives_no_verdict() -> None:
    assert psfs_like_for_like([]) is None
    assert psfs_like_for_like([[("Run 5 km", 2)]]) is None
    assert psfs_like_for_like([[("Run 5 km", 2)], [("Run 5 km", None), ("Garden", 7)]]) is None


ACTIVITIES = ["Sit 1 hour", "Run 5 km", "Stairs", "Garden", "Drive to work", "Lift my son"]
ACTIVITY = st.sampled_from(ACTIVITIES)
RATING = st.integers(0, 10)


@st.composite
def psfs_history(draw: st.DrawFn) -> list[list[tuple[str, int | None]]]:
    """2–4 responses, each of 1–5 distinct activities (some unrated, none all unrated)."""
    history = []
    for _ in range(draw(st.integers(2, 4))):
        names = draw(st.lists(ACTIVITY, min_size=1, max_size=5, unique=True))
        ratings = draw(st.lists(RATING | st.none(), min_size=len(names), max_size=len(names)))
        history.append(list(zip(names, ratings, strict=True)))
    return history


def summary(found: object) -> object:
    if found is None:
        return None
    assert isinstance(found, instruments.Change)
    texts = sorted(item.text for item in found.instrument.items)
    return (texts, found.baseline.value, found.latest.value, found.meaningful, found.direction)


@given(psfs_history(), st.randoms())
def test_the_order_of_the_activities_changes_nothing(history, random) -> None:  # type: ignore[no-untyped-def]
    shuffled = [random.sample(response, len(response)) for response in history]

    assert summary(psfs_like_for_like(shuffled)) == summary(psfs_like_for_like(history))


@given(psfs_history(), st.data())
def test_activities_never_rated_before_never_change_the_verdict(history, data) -> None:  # type: ignore[no-untyped-def]
    *earlier, latest = history
    before = {activity for response in earlier for activity, _ in response}
    asked = {name for name, _ in latest}
    new = [a for a in ACTIVITIES if a not in before and a not in asked][: 5 - len(latest)]
    added = [(name, data.draw(RATING)) for name in new]

    assert summary(psfs_like_for_like([*earlier, latest + added])) == summary(
        psfs_like_for_like(history)
    )


@given(
    st.lists(ACTIVITY, min_size=1, max_size=5, unique=True),
    st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=5),
    RATING,
    RATING,
)
def test_no_shared_activity_never_gives_a_verdict(  # type: ignore[no-untyped-def]
    baseline, follow_up, first, last
) -> None:
    unrelated = [f"New: {text}" for text in follow_up]

    assert psfs_like_for_like([rated(baseline, first), rated(unrelated, last)]) is None


@given(psfs_history())
def test_the_verdict_is_the_instruments_verdict_on_the_shared_activities(history) -> None:  # type: ignore[no-untyped-def]
    found = psfs_like_for_like(history)
    *earlier, latest = history
    firsts: dict[str, int] = {}
    for response in earlier:
        for name, rating in response:
            if rating is not None:
                firsts.setdefault(name, rating)
    shared = [(name, firsts[name], r) for name, r in latest if r is not None and name in firsts]

    if not shared:
        assert found is None
        return
    assert found is not None
    assert found.baseline.value == Fraction(sum(b for _, b, _ in shared), len(shared))
    assert found.latest.value == Fraction(sum(a for _, _, a in shared), len(shared))
    way = (found.difference > 0) - (found.difference < 0)
    one_moved = any((a - b) * way >= 3 for _, b, a in shared)
    assert found.meaningful is (way != 0 and (abs(found.difference) >= 2 or one_moved))


def test_psfs_item_codes_follow_the_activity_not_its_place() -> None:
    forward = psfs_for(GOALS)
    backward = psfs_for(GOALS[::-1])
    assert {i.code for i in forward.items} == {i.code for i in backward.items}
    # Activities that make the same code are told apart.
    assert [i.code for i in psfs_for(["Sit: 1 hour", "sit 1 hour!"]).items] == [
        "sit-1-hour",
        "sit-1-hour-2",
    ]


# --- RMDQ-24 ------------------------------------------------------------------------


def test_the_rmdq_has_the_24_published_sentences_with_attribution() -> None:
    assert len(RMDQ_24.items) == 24
    assert RMDQ_24.items[0].text == "I stay at home most of the time because of my back."
    assert RMDQ_24.items[17].text == "I sleep less well because of my back."
    assert RMDQ_24.items[23].text == "I stay in bed most of the time because of my back."
    assert all(item.yes_no for item in RMDQ_24.items)
    assert "Roland M, Morris R" in RMDQ_24.attribution
    assert "Spine 1983;8:141" in RMDQ_24.attribution
    assert "Fairbank" in RMDQ_24.attribution
    assert (RMDQ_24.lowest, RMDQ_24.highest) == (0, 24)


def test_the_rmdq_score_is_the_number_of_yes_answers() -> None:
    # 12 sentences yes, 12 no: 12.
    assert rmdq(12).value == 12
    assert (rmdq(0).value, rmdq(24).value) == (Fraction(0), Fraction(24))
    # 0/1 are taken as no/yes too: q1 and q3 yes, the rest no = 2.
    answers: dict[str, int | bool | None] = {f"q{n}": 0 for n in range(1, 25)}
    answers |= {"q1": 1, "q3": True}
    assert scored(RMDQ_24, answers).value == 2


def test_an_incomplete_rmdq_is_not_scored() -> None:
    answers: dict[str, int | bool | None] = {f"q{n}": True for n in range(1, 24)}  # 23 answers
    assert score(RMDQ_24, answers) is None
    assert score(RMDQ_24, answers | {"q24": None}) is None
    assert scored(RMDQ_24, answers | {"q24": False}).value == 23


def test_the_rmdq_refuses_anything_but_yes_or_no() -> None:
    with pytest.raises(ValueError, match="takes yes or no"):
        score(RMDQ_24, {"q1": 2})
    with pytest.raises(ValueError, match="has no item 'q25'"):
        score(RMDQ_24, {"q25": True})


@pytest.mark.parametrize(
    ("before", "after", "direction", "meaningful"),
    [
        (12, 7, Trend.BETTER, True),  # down 5 ≥ 5 points
        (12, 8, Trend.BETTER, True),  # down 4 < 5 points, but 4 ≥ 30% × 12 = 3.6
        (12, 9, Trend.BETTER, False),  # down 3 < 5 points and 3 < 3.6
        (10, 7, Trend.BETTER, True),  # down 3 = 30% × 10 exactly (a float would say 3.0000…04)
        (10, 8, Trend.BETTER, False),  # down 2 < 3
        (20, 16, Trend.BETTER, False),  # down 4 < 5 and 4 < 30% × 20 = 6
        (20, 14, Trend.BETTER, True),  # down 6 ≥ 5
        (8, 12, Trend.WORSE, False),  # up 4 < 5; 30% of the baseline counts only for a drop
        (7, 12, Trend.WORSE, True),  # up 5 ≥ 5
        (6, 6, Trend.SAME, False),
    ],
)
def test_rmdq_verdicts_follow_5_points_or_30_percent(
    before: int, after: int, direction: Trend, meaningful: bool
) -> None:
    found = change(RMDQ_24, rmdq(before), rmdq(after))
    assert (found.direction, found.meaningful) == (direction, meaningful)


# --- Comparing, the registry and the plan's set --------------------------------------


def test_scores_of_another_instrument_or_version_are_not_compared() -> None:
    bending = single(INSTRUMENTS["nprs-bending"], 5)
    with pytest.raises(ValueError, match="baseline score is of nprs-bending"):
        change(SITTING, bending, single(SITTING, 3))
    old = Score("nprs-sitting", "2020-01", Fraction(5), 1, (("nprs-sitting", 5),))
    with pytest.raises(ValueError, match="latest score is of nprs-sitting version 2020-01"):
        change(SITTING, single(SITTING, 3), old)


def test_every_instrument_states_its_rules_and_sources() -> None:
    for instrument in [*INSTRUMENTS.values(), psfs_for(GOALS)]:
        assert instrument.version == "2026-11"
        assert instrument.scoring
        assert instrument.missing_items
        assert instrument.meaningful_change
        if instrument.change_rule is not None:
            assert instrument.change_rule.source in instrument.meaningful_change


def test_a_plan_measures_pain_goals_sleep_mood_and_change() -> None:
    codes = [i.code for i in for_plan("piriformis", GOALS)]
    assert codes == [*(i.code for i in NPRS), "psfs", "sleep", "mood", "groc"]
    assert [i.code for i in for_plan("low_back", [])][-3:] == ["mood", "rmdq-24", "groc"]
    assert "psfs" not in [i.code for i in for_plan("hip", [])]


# --- Properties ---------------------------------------------------------------------

goal_text = st.text(alphabet="abcdefgh 12", min_size=1, max_size=12).filter(str.strip)
any_instrument = st.one_of(
    st.sampled_from(list(INSTRUMENTS.values())),
    st.lists(goal_text, min_size=1, max_size=5).map(psfs_for),
)


def answer(item: Item) -> st.SearchStrategy[int | bool]:
    return st.booleans() if item.yes_no else st.integers(item.min, item.max)


def answers_for(instrument: Instrument) -> st.SearchStrategy[dict[str, int | bool | None]]:
    """Any answers, each item possibly left blank."""
    return st.fixed_dictionaries({item.code: st.none() | answer(item) for item in instrument.items})


@st.composite
def scorable_answers(draw: st.DrawFn, instrument: Instrument) -> dict[str, int | bool | None]:
    """Answers with no more items left blank than the missing-item rule allows."""
    answers: dict[str, int | bool | None] = {
        item.code: draw(answer(item)) for item in instrument.items
    }
    blank = len(instrument.items) - instrument.min_answered
    for code in draw(st.sets(st.sampled_from(list(answers)), max_size=blank)):
        answers[code] = None
    return answers


@st.composite
def response(draw: st.DrawFn) -> tuple[Instrument, dict[str, int | bool | None]]:
    instrument = draw(any_instrument)
    return instrument, draw(answers_for(instrument) | scorable_answers(instrument))


@st.composite
def two_scores(draw: st.DrawFn) -> tuple[Instrument, Score, Score]:
    instrument = draw(any_instrument)
    first = score(instrument, draw(scorable_answers(instrument)))
    second = score(instrument, draw(scorable_answers(instrument)))
    assert first is not None and second is not None
    return instrument, first, second


@given(response())
def test_a_score_stays_within_the_instruments_range(
    drawn: tuple[Instrument, dict[str, int | bool | None]],
) -> None:
    instrument, answers = drawn
    result = score(instrument, answers)
    answered = sum(a is not None for a in answers.values())
    assert (result is None) == (answered < instrument.min_answered)
    if result is not None:
        assert instrument.lowest <= result.value <= instrument.highest
        assert result.answered == answered
        assert (result.code, result.version) == (instrument.code, instrument.version)


@given(response(), st.data())
def test_answering_one_more_item_never_makes_a_response_unscorable(
    drawn: tuple[Instrument, dict[str, int | bool | None]], data: st.DataObject
) -> None:
    instrument, answers = drawn
    missing = [item for item in instrument.items if answers[item.code] is None]
    if score(instrument, answers) is None or not missing:
        return
    item = data.draw(st.sampled_from(missing))
    value = data.draw(answer(item))
    assert score(instrument, answers | {item.code: value}) is not None


@given(two_scores())
def test_swapping_baseline_and_latest_flips_better_and_worse(
    drawn: tuple[Instrument, Score, Score],
) -> None:
    instrument, first, second = drawn
    forward, backward = change(instrument, first, second), change(instrument, second, first)
    flipped = {Trend.BETTER: Trend.WORSE, Trend.WORSE: Trend.BETTER, Trend.SAME: Trend.SAME}
    assert backward.direction is flipped[forward.direction]
    assert backward.difference == -forward.difference


@given(two_scores())
def test_the_direction_follows_the_instruments_direction(
    drawn: tuple[Instrument, Score, Score],
) -> None:
    instrument, first, second = drawn
    found = change(instrument, first, second)
    rose = second.value > first.value
    if second.value == first.value:
        assert found.direction is Trend.SAME
    elif instrument.direction is Direction.HIGHER_IS_BETTER:
        assert found.direction is (Trend.BETTER if rose else Trend.WORSE)
    else:
        assert found.direction is (Trend.WORSE if rose else Trend.BETTER)


@given(two_scores())
def test_a_change_for_the_worse_is_never_a_meaningful_improvement(
    drawn: tuple[Instrument, Score, Score],
) -> None:
    instrument, first, second = drawn
    found = change(instrument, first, second)
    sentence = describe(found, "pain")
    if found.direction is not Trend.BETTER:
        assert not found.meaningful_improvement
        assert not sentence.endswith("that is a meaningful change.")
    if found.direction is Trend.SAME:
        assert not found.meaningful


@given(two_scores())
def test_only_instruments_with_a_threshold_give_a_verdict(
    drawn: tuple[Instrument, Score, Score],
) -> None:
    instrument, first, second = drawn
    found = change(instrument, first, second)
    has_threshold = instrument.interpretation is Interpretation.THRESHOLD
    assert (found.meaningful is None) != has_threshold
    if not has_threshold:
        assert "meaningful" not in describe(found, "sleep")


@given(two_scores())
def test_a_change_keeps_the_instruments_code_and_version(
    drawn: tuple[Instrument, Score, Score],
) -> None:
    instrument, first, second = drawn
    found = change(instrument, first, second)
    for kept in (found.baseline, found.latest):
        assert (kept.code, kept.version) == (instrument.code, instrument.version)
    assert found.instrument is instrument


@pytest.mark.parametrize("module", [instruments, measures])
def test_the_module_imports_no_django(module: ModuleType) -> None:
    import ast
    from pathlib import Path

    tree = ast.parse(Path(str(module.__file__)).read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("django") for name in imported)

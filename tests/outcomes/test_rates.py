"""The outcomes dashboard's arithmetic (easeplan.outcomes.rates): hand-worked examples and
properties over any plans."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from easeplan.outcomes import instruments as inst
from easeplan.outcomes import measures, rates
from easeplan.outcomes.rates import (
    ClosedPlan,
    Figures,
    FirstVisit,
    Month,
    OpenPlan,
    Rate,
    Scored,
    Who,
)

DANA, ILSE = Who("Dana Whitlockova", "d1"), Who("Ilse Brandvoort", "i1")
NOV, OCT = Month(2026, 11), Month(2026, 10)


# -- hand-worked examples --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(3, 4, "75%"), (1, 3, "33%"), (2, 3, "67%"), (1, 8, "13%"), (5, 8, "63%"), (0, 5, "0%")],
)
def test_percentages_are_whole_with_halves_rounded_up(part: int, whole: int, shown: str) -> None:
    assert Rate(part, whole).shown == shown


def test_nothing_to_count_is_a_dash_not_zero() -> None:
    assert (Rate().shown, Rate().value, Rate().percent) == ("—", None, None)


def test_a_rate_cannot_count_more_than_its_whole() -> None:
    with pytest.raises(ValueError, match="part ≤ whole"):
        Rate(5, 4)


def test_the_last_twelve_months_run_newest_first_across_the_new_year() -> None:
    months = rates.last_months(dt.date(2026, 2, 28))

    assert [m.iso for m in months[:3]] == ["2026-02", "2026-01", "2025-12"]
    assert (len(months), months[-1], months[0].label) == (12, Month(2025, 3), "February 2026")


def test_three_completed_and_one_abandoned_plan_make_75_percent() -> None:
    closed = [ClosedPlan(DANA, NOV, True, pain=True), ClosedPlan(DANA, NOV, True, pain=False)]
    closed += [ClosedPlan(ILSE, OCT, True), ClosedPlan(ILSE, OCT, False)]

    found = rates.figures_of(closed)

    assert (found.completion.shown, found.finished, found.abandoned) == ("75%", 3, 1)
    assert (found.pain, found.pain.shown) == (Rate(1, 2), "50%")  # 2 of 3 finished measured
    assert found.function.shown == "—"


def test_by_month_lists_every_month_and_by_therapist_every_colleague() -> None:
    closed = [ClosedPlan(DANA, NOV, True), ClosedPlan(DANA, Month(2020, 1), False)]
    visits = [FirstVisit(ILSE, OCT, True), FirstVisit(ILSE, OCT, False)]
    new = Who("Aino Newcombe", "a1")

    months = rates.by_month([NOV, OCT, Month(2026, 9)], closed, visits)
    therapists = rates.by_therapist(closed, visits, [OpenPlan(DANA)], [new])

    assert [(m.iso, f.completion, f.drop_off) for m, f in months] == [
        ("2026-11", Rate(1, 1), Rate()),
        ("2026-10", Rate(), Rate(1, 2)),
        ("2026-09", Rate(), Rate()),
    ]
    assert [(w.name, f.active, f.closed) for w, f in therapists] == [
        ("Aino Newcombe", 0, 0),
        ("Dana Whitlockova", 1, 2),
        ("Ilse Brandvoort", 0, 0),
    ]


def test_therapists_are_in_name_order_whatever_the_case_and_no_therapist_last() -> None:
    closed = [ClosedPlan(who, NOV, True) for who in (rates.NOBODY, Who("bea Zell", "b1"), DANA)]

    therapists = rates.by_therapist(closed, [], [], [Who("Aino Newcombe", "a1")])

    assert [w.name for w, _ in therapists] == [
        "Aino Newcombe",
        "bea Zell",
        "Dana Whitlockova",
        "No therapist named",
    ]


def test_an_abandoned_plan_has_no_measured_change() -> None:
    with pytest.raises(ValueError, match="completed or discharged"):
        ClosedPlan(DANA, NOV, False, pain=True)


@pytest.mark.parametrize(
    ("first", "last", "meaningful"),
    [(7, 3, True), (5, 4, False), (3, 2, True), (2, 4, False), (6, 6, False), (10, 8, True)],
)
def test_pain_uses_the_nprs_rule(first: int, last: int, meaningful: bool) -> None:
    # 3 → 2 is 33%: meaningful; 2 → 4 is worse, never an improvement.
    assert rates.improved("nprs-now", Scored(Decimal(first)), Scored(Decimal(last))) is meaningful


def test_the_psfs_is_judged_like_for_like() -> None:
    start = [("Sit", 2), ("Run", 5)]

    # The mean moves 1.5, sitting 3: meaningful by the one-activity rule.
    assert rates.psfs_improved([start, [("Sit", 5), ("Run", 5)]]) is True
    assert rates.psfs_improved([start, [("Sit", 4), ("Run", 4)]]) is False
    # Only sitting was rated at both times: 2 → 3, though the new activity is at 9.
    assert rates.psfs_improved([start, [("Sit", 3), ("Garden", 9)]]) is False


def test_entirely_new_activities_give_no_psfs_verdict() -> None:
    baseline = [("Sitting 30 min", 2), ("Running 5 km", 2), ("Stairs", 2)]
    latest = [("Driving 1 hour", 5), ("Gardening", 5), ("Cycling", 5)]

    assert rates.psfs_improved([baseline, latest]) is None


def test_function_is_the_psfs_when_it_has_a_verdict_else_the_rmdq() -> None:
    psfs = [[("Sit", 3)], [("Sit", 4)]]
    apart = [[("Sit", 3)], [("Garden", 9)]]
    rmdq = {"rmdq-24": (Scored(Decimal(10)), Scored(Decimal(5)))}

    assert rates.plan_change(rmdq, rates.FUNCTION_MEASURES, psfs) is False
    assert rates.plan_change(rmdq, rates.FUNCTION_MEASURES, apart) is True
    assert rates.plan_change(rmdq, rates.FUNCTION_MEASURES) is True
    assert rates.plan_change({}, rates.FUNCTION_MEASURES, apart) is None
    assert rates.plan_change({}, rates.FUNCTION_MEASURES) is None


def test_the_export_has_a_header_then_months_then_therapists() -> None:
    fig = Figures(active=2, paused=1, completion=Rate(3, 4), drop_off=Rate(1, 3))
    rows = rates.export_rows([(NOV, fig)], [(Who("=cmd|' /C calc'!A0", "x"), fig)])

    assert rows[0][:3] == ["group", "month or therapist", "active plans now"]
    assert rows[1][:8] == ["month", "2026-11", "", "", "4", "3", "1", "75"]
    assert rows[1][-3:] == ["3", "1", "33"]
    assert rows[1][10] == ""  # pain: 0 of 0, no percentage
    assert rows[2][:4] == ["therapist", "'=cmd|' /C calc'!A0", "2", "1"]
    assert all(len(row) == len(rows[0]) for row in rows)


@pytest.mark.parametrize("name", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_name_a_spreadsheet_would_run_is_quoted(name: str) -> None:
    rows = rates.export_rows([], [(Who(name, "x"), Figures())])
    assert rows[1][1] == f"'{name}"


def test_an_ordinary_name_is_left_alone() -> None:
    rows = rates.export_rows([], [(Who("Zoë O'Hara-Ngata", "x"), Figures())])
    assert rows[1][1] == "Zoë O'Hara-Ngata"


# -- properties ------------------------------------------------------------------------------

months = st.builds(Month, st.integers(2024, 2026), st.integers(1, 12))
who = st.sampled_from([DANA, ILSE, Who("Aino Newcombe", "a1"), rates.NOBODY])
verdict = st.sampled_from([None, True, False])


@st.composite
def closed_plans(draw: st.DrawFn) -> ClosedPlan:
    finished = draw(st.booleans())
    if not finished:
        return ClosedPlan(draw(who), draw(months), False)
    return ClosedPlan(draw(who), draw(months), True, draw(verdict), draw(verdict))


first_visits = st.builds(FirstVisit, who, months, st.booleans())
open_plans = st.builds(OpenPlan, who, st.booleans())
facts = st.tuples(st.lists(closed_plans()), st.lists(first_visits), st.lists(open_plans))


def rates_of(fig: Figures) -> list[Rate]:
    return [fig.completion, fig.pain, fig.function, fig.drop_off]


@given(facts)
def test_rates_are_0_to_100_or_a_dash(found: tuple[list, list, list]) -> None:  # type: ignore[type-arg]
    for fig in (rates.figures_of(*found), *(f for _, f in rates.by_therapist(*found))):
        for rate in rates_of(fig):
            assert (rate.percent is None) == (rate.whole == 0)
            assert rate.percent is None or 0 <= rate.percent <= 100
            assert rate.shown == "—" or rate.shown == f"{rate.percent}%"


@given(facts)
def test_grouping_loses_no_plan_and_the_denominators_add_up(
    found: tuple[list, list, list],  # type: ignore[type-arg]
) -> None:
    closed, visits, now = found
    whole = rates.figures_of(closed, visits, now)
    every_month = sorted({p.month for p in closed} | {v.month for v in visits})
    by_month = [f for _, f in rates.by_month(every_month, closed, visits)]
    by_therapist = [f for _, f in rates.by_therapist(closed, visits, now)]

    for groups in (by_month, by_therapist):
        for n, rate in enumerate(rates_of(whole)):
            assert sum((rates_of(f)[n] for f in groups), Rate()) == rate
    assert sum(f.active + f.paused for f in by_therapist) == len(now)
    assert whole.closed == len(closed) and whole.drop_off.whole == len(visits)


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_a_percentage_is_within_half_a_point(part: int, extra: int) -> None:
    whole = part + extra
    found = Rate(part, whole).percent
    assert found is not None
    assert abs(Fraction(found) - Fraction(100 * part, whole)) <= Fraction(1, 2)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)), st.integers(1, 40))
def test_the_last_months_are_consecutive_and_end_today(today: dt.date, count: int) -> None:
    found = rates.last_months(today, count)
    assert found[0] == rates.month_of(today) and len(set(found)) == count
    assert all(a.previous() == b for a, b in itertools.pairwise(found))


@given(st.integers(0, 10), st.integers(0, 10))
def test_a_pain_improvement_needs_the_pain_to_go_down(first: int, last: int) -> None:
    found = rates.improved("nprs-now", Scored(Decimal(first)), Scored(Decimal(last)))
    assert found == (last < first and (first - last >= 2 or (first - last) * 10 >= 3 * first))


def stored(value: Fraction) -> Decimal:
    """A score as the database keeps it (easeplan.outcomes.checkins.services.exact): 3 decimals,
    halves up."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.001"), rounding="ROUND_HALF_UP"
    )


@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from(["Sit", "Run", "Stairs", "Garden"]), st.integers(0, 10)),
            min_size=1,
            max_size=4,
            unique_by=lambda pair: pair[0],
        ),
        max_size=4,
    )
)
def test_the_psfs_verdict_is_the_instruments_like_for_like_verdict(
    responses: list[list[tuple[str, int]]],
) -> None:
    found = measures.psfs_like_for_like(responses)

    expected = None if found is None else found.meaningful_improvement
    assert rates.psfs_improved(responses) is expected


@given(st.sampled_from(["nprs-now", "rmdq-24"]), st.data())
def test_pain_and_rmdq_verdicts_from_stored_scores_are_the_instruments(
    code: str, data: st.DataObject
) -> None:
    kind = measures.INSTRUMENTS[code]
    answers = [
        {item.code: data.draw(st.integers(item.min, item.max)) for item in kind.items}
        for _ in range(2)
    ]
    scores = [inst.score(kind, given) for given in answers]
    assert scores[0] is not None and scores[1] is not None

    expected = inst.change(kind, scores[0], scores[1]).meaningful_improvement
    found = rates.improved(code, Scored(stored(scores[0].value)), Scored(stored(scores[1].value)))
    assert found is expected

"""The site's rules over plain values: opening hours from working hours, pages on show."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from easeplan.site.conditions import ALWAYS_SHOWN, CONDITIONS, on_show
from easeplan.site.rules import merged, opening_hours, shown

times = st.integers(min_value=0, max_value=24 * 4 - 1).map(lambda q: dt.time(q // 4, (q % 4) * 15))
rows = st.lists(st.tuples(st.integers(0, 6), times, times), max_size=30)


def minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def covered(spans) -> set[int]:  # type: ignore[no-untyped-def]
    """The minutes of the day that `spans` cover."""
    return {m for starts, ends in spans for m in range(minutes(starts), minutes(ends))}


@given(rows)
def test_opening_hours_cover_exactly_the_time_someone_works(hours) -> None:  # type: ignore[no-untyped-def]
    result = opening_hours(hours)
    for day in range(7):
        worked = [(s, e) for d, s, e in hours if d == day and e > s]
        assert covered(result.get(day, [])) == covered(worked)
        assert (day in result) == bool(worked)


@given(rows)
def test_opening_hours_are_sorted_apart_and_never_empty(hours) -> None:  # type: ignore[no-untyped-def]
    result = opening_hours(hours)
    assert list(result) == sorted(result)
    for spans in result.values():
        assert all(starts < ends for starts, ends in spans)
        # Merged: each interval ends strictly before the next starts (touching ones join).
        assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))


@given(st.lists(st.tuples(times, times).filter(lambda s: s[0] < s[1]), max_size=20))
def test_merging_twice_changes_nothing(spans) -> None:  # type: ignore[no-untyped-def]
    assert merged(merged(spans)) == merged(spans)


def test_a_break_stays_and_touching_shifts_join() -> None:
    t = dt.time
    hours = [
        (0, t(9), t(13)),
        (0, t(14), t(18)),  # one therapist's lunch break
        (0, t(13), t(14)),  # covered by a colleague
        (2, t(10), t(12)),
        (2, t(15), t(16)),
        (2, t(11), t(12)),
    ]
    assert opening_hours(hours) == {
        0: [(t(9), t(18))],
        2: [(t(10), t(12)), (t(15), t(16))],
    }


slugs = st.lists(st.sampled_from([c.slug for c in CONDITIONS] + ["gout"]), unique=True)


@given(slugs)
def test_pages_on_show_keep_their_order_and_the_piriformis_page(hidden) -> None:  # type: ignore[no-untyped-def]
    pages = on_show(hidden)
    order = [c.slug for c in CONDITIONS]
    assert [c.slug for c in pages] == [s for s in order if s in {c.slug for c in pages}]
    assert set(ALWAYS_SHOWN) <= {c.slug for c in pages}
    assert {c.slug for c in pages} == set(order) - (set(hidden) - set(ALWAYS_SHOWN))


def test_nothing_hidden_shows_every_page() -> None:
    assert shown(["a", "b"], [], []) == ["a", "b"]
    assert on_show([]) == list(CONDITIONS)

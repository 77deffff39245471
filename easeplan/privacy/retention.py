"""How long a practice keeps an erased client's clinical record (pure, no Django).

The record is kept for the practice's retention period after the client's last visit
(Practice.record_retention_years), or after the day of erasure when there was no visit.
"""

from __future__ import annotations

import datetime as dt


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` moved `years` calendar years on. 29 February lands on 1 March in a common
    year: a retention period is a minimum, so rounding up never purges a record early."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return dt.date(day.year + years, 3, 1)


def kept_until(last_visit: dt.date | None, today: dt.date, years: int) -> dt.date:
    """The last day the clinical record is kept: `years` after the last visit that took
    place, or after `today` when there was none."""
    if years < 1:
        raise ValueError("A retention period is at least one year.")
    return add_years(last_visit or today, years)

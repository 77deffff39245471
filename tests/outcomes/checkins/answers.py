"""A check-in as the client's phone posts it, at a fixed time, shared by the page tests."""

from __future__ import annotations

import datetime as dt

NOW = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC)  # 12:00 in London
FORM = {
    "nprs-now__nprs-now": "5",
    "nprs-worst-24h__nprs-worst-24h": "7",
    "nprs-sitting__nprs-sitting": "6",
    "nprs-running__nprs-running": "skip",
    "psfs__sit-through-a-film": "4",
    "psfs__run-5-km": "skip",
    "sleep__sleep": "4",
    "mood__mood": "3",
}

"""What the page benchmarks share: Django on a throwaway SQLite database, and the timing
of one page (median of many requests, with the queries of one). Not a benchmark itself;
`make bench` skips files starting with an underscore."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def start_django() -> str:
    """Set Django up on a new, empty SQLite database in a temporary folder; its path."""
    sys.path.insert(0, str(ROOT))
    folder = tempfile.mkdtemp(prefix="easeplan-bench-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "easeplan.settings",
            "EASEPLAN_VAR_DIR": folder,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        }
    )
    import django

    django.setup()
    return folder


def remove(folder: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def time_page(browser: Any, url: str, rounds: int, warm_up: int = 10) -> tuple[float, int]:
    """Median milliseconds per request after a warm-up, and the queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warm_up):  # warm caches and templates
        browser.get(url)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = browser.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        browser.get(url)
    return statistics.median(samples) * 1000, len(queries)

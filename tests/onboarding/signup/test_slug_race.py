"""Two therapists finishing at the same moment with the same address, on PostgreSQL.

Separate connections in separate threads, released at once, through the real pages:
one practice gets the address, the other therapist is led back to choose another.
"""

from __future__ import annotations

import dataclasses
import threading

import pytest
from django.db import connection
from django.test import Client as HttpClient

from easeplan.accounts.models import User
from easeplan.practice.models import Practice

from ...conftest import page_text
from ..helpers import team_form, url
from .helpers import HARBOUR, apex, walk_to

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_two_finishes_with_one_slug_make_one_practice_and_a_message() -> None:
    other = dataclasses.replace(HARBOUR, email="jory@harbour.example.org", full_name="Jory Penhale")
    browsers: list[HttpClient] = []
    for person in (HARBOUR, other):
        browser = apex()
        walk_to(browser, person, "hours")
        browsers.append(browser)
    barrier = threading.Barrier(2)
    answers: list[object] = []
    lock = threading.Lock()

    def finish(browser: HttpClient) -> None:
        try:
            barrier.wait(timeout=60)
            try:
                outcome: object = browser.post(url("team"), team_form([]))
            except Exception as error:  # a crash is what the test looks for
                outcome = error
            with lock:
                answers.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=finish, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(getattr(a, "url", repr(a)) for a in answers) == ["/setup/practice/", "/staff/"]
    assert Practice.objects.filter(slug="harbour").count() == 1
    assert User.objects.filter(email__in=[HARBOUR.email, other.email]).count() == 1
    # The other therapist is back on the practice page, told why.
    pages = [page_text(b.get(url("practice"))) for b in browsers]
    assert sum("“harbour” is taken" in p for p in pages) == 1

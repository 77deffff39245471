"""The setup link: printed by the server, single use, and only for 24 hours."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient

from easeplan.onboarding.models import SetupToken, digest

from ..conftest import page_text
from .helpers import url

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 28, 22, 0, tzinfo=dt.UTC)  # the night the UK's clocks go forward


def printed_link() -> str:
    out = StringIO()
    call_command("setup_link", stdout=out)
    lines = [line.strip() for line in out.getvalue().splitlines() if "/setup/link/" in line]
    assert len(lines) == 1, out.getvalue()
    return lines[0].removeprefix("http://127.0.0.1:8000")


def test_the_printed_link_opens_the_wizard_once() -> None:
    path = printed_link()
    browser = HttpClient()
    assert "Begin" in page_text(browser.get(path))
    begun = browser.post(path)
    assert begun.url == url("practice")
    assert browser.get(url("practice")).status_code == 200
    replay = HttpClient().post(path)
    assert replay.status_code == 410
    assert "This setup link has been used already" in page_text(replay)
    assert "python manage.py setup_link" in page_text(replay)
    assert "has been used" in page_text(HttpClient().get(path))


def test_only_the_digest_of_the_token_is_stored() -> None:
    path = printed_link()
    secret = path.rstrip("/").rsplit("/", 1)[1]
    token = SetupToken.objects.get()
    assert token.digest == digest(secret)
    assert secret not in token.digest


def test_the_link_expires_after_24_hours_across_a_clock_change() -> None:
    with time_machine.travel(START, tick=False):
        path = printed_link()
    with time_machine.travel(START + dt.timedelta(hours=23, minutes=59), tick=False):
        assert HttpClient().get(path).status_code == 200
    with time_machine.travel(START + dt.timedelta(hours=24), tick=False):
        answer = HttpClient().post(path)
        assert answer.status_code == 410
        assert "This setup link expired on 29 March 2026 at 22:00 UTC" in page_text(answer)
        assert SetupToken.objects.get().used_at is None


@pytest.mark.parametrize("tampered", ["x", "a" * 5000, "%E2%80%AE", "%3Cscript%3E"])
def test_a_tampered_link_gets_a_plain_page(tampered: str) -> None:
    printed_link()
    answer = HttpClient().post(f"/setup/link/{tampered}/")
    assert answer.status_code == 410
    assert "This setup link is not one we issued" in page_text(answer)


def test_a_new_link_replaces_the_unused_one() -> None:
    first = printed_link()
    second = printed_link()
    assert "not one we issued, or a newer one replaced it" in page_text(HttpClient().get(first))
    assert HttpClient().get(second).status_code == 200


def test_once_a_practice_exists_no_link_is_printed_and_old_ones_refuse(world) -> None:
    with pytest.raises(CommandError, match="has a practice already"):
        call_command("setup_link", stdout=StringIO())
    out = StringIO()
    call_command("setup_link", "--if-empty", stdout=out)
    assert out.getvalue() == ""


def test_a_link_printed_before_the_practice_was_made_refuses_after(db) -> None:
    path = printed_link()
    from ..factories import PracticeFactory

    PracticeFactory()
    answer = HttpClient().post(path)
    assert answer.status_code == 410
    assert "set up already" in page_text(answer)

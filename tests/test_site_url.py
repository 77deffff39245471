"""Links in emails point at the server that sends them (SITE_URL, set by `make run`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from .conftest import World
from .factories import WorkingHoursFactory, a_free_time, confirm_url

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make") or "/usr/bin/make"
LINK = re.compile(r"https?://[^\s\"'<>]+")


def make_run(tmp_path: Path, **env: str) -> list[str]:
    """Run `make run` with a stand-in Python that records SITE_URL for each command."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "site-url.log"
    fake = venv / "bin" / "python"
    fake.write_text(f'#!/bin/sh\necho "$SITE_URL" >> {log}\n')
    fake.chmod(0o755)
    (venv / ".installed").touch()  # newer than pyproject.toml: no install step
    base = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    subprocess.run(
        [MAKE, "--no-print-directory", "run", f"VENV={venv}"],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        timeout=60,
        check=False,  # the run target ends its own process group (make included) on exit
        start_new_session=True,
    )
    return log.read_text().split()


@pytest.mark.once
def test_make_run_points_email_links_at_its_own_port(tmp_path: Path) -> None:
    seen = make_run(tmp_path, PORT="8811")
    assert seen and set(seen) == {"http://127.0.0.1:8811"}


@pytest.mark.once
def test_a_site_url_given_to_make_run_wins(tmp_path: Path) -> None:
    seen = make_run(tmp_path, PORT="8811", SITE_URL="https://clinic.example.org")
    assert set(seen) == {"https://clinic.example.org"}


@pytest.mark.django_db
def test_every_link_in_a_booking_email_uses_site_url(
    client, world: World, django_capture_on_commit_callbacks
) -> None:
    for weekday in range(7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    start = a_free_time(world, service)
    details = {
        "first_name": "Robin",
        "last_name": "Fair",
        "email": "robin@example.org",
        "phone": "0117 496 0123",
    }
    with (
        override_settings(SITE_URL="http://127.0.0.1:8811"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(confirm_url(service, world.therapist, start), details)
    assert response.status_code == 302, response.content.decode()[-3000:]
    (email,) = mail.outbox
    html = str(email.alternatives[0][0])
    links = LINK.findall(email.body) + LINK.findall(html)
    assert links, "the confirmation has links"
    assert all(link.startswith("http://127.0.0.1:8811/") for link in links), links

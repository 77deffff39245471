"""The client's progress page in French: the sentences about change, the measures' names,
the chart and table labels; the verdicts are the same as in English."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse

from ...conftest import World
from ...factories import AppointmentFactory, PlanOfCareFactory
from ...in_french import NBSP, reading_in_french
from ..progress_helpers import check_in, pain

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
WEEK = dt.timedelta(days=7)


def a_course(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    """Three weekly check-ins, sitting pain 7 → 3 and sleep 8 → 4, and two visits."""
    for weeks, sitting, sleep in ((3, 7, 8), (2, 5, 6), (1, 3, 4)):
        check_in(plan, NOW - weeks * WEEK, pain(sitting) | {"sleep": {"sleep": sleep}})
    for weeks in (3, 2):
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            plan=plan,
            starts_at=NOW - weeks * WEEK + dt.timedelta(hours=2),
        )


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_client_reads_their_progress_in_french(world: World) -> None:
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )
    a_course(world, plan)
    with reading_in_french(world.client_user) as browser:
        page = html.unescape(
            browser.get(reverse("progress:mine", args=[plan.code])).content.decode()
        )
    assert "<h1>Vos progrès</h1>" in page
    assert (
        "Votre douleur en position assise est en baisse, de 7 à 3 — "
        "c'est un changement cliniquement pertinent."
    ) in page
    assert "Votre sommeil évolue favorablement (8 puis 4)." in page
    assert 'aria-label="Votre douleur en position assise par date"' in page
    assert '<option value="chart-nprs-sitting">Être assis</option>' in page
    assert f"Visites (en pointillés sur les graphiques){NBSP}:" in page
    assert "30 %" not in page and f"30{NBSP}%" in page
    for english in (
        "Your progress",
        "is down from",
        "meaningful change",
        "Your sitting pain by date",
        "Since your first check-in",
        "Over time",
        "dashed lines",
    ):
        assert english not in page


def test_the_client_page_before_any_check_in_reads_in_french(world: World) -> None:
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )
    with reading_in_french(world.client_user) as browser:
        page = html.unescape(
            browser.get(reverse("progress:mine", args=[plan.code])).content.decode()
        )
    assert "Après votre premier questionnaire, vous verrez ici vos progrès" in page
    assert "After your first check-in" not in page

"""The progress pages: the therapist's (every instrument, verdicts) and the client's own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from easeplan.accounts.models import AuditEvent

from ...conftest import World, page_text, signed_in
from ...factories import AppointmentFactory, PlanOfCareFactory, UserFactory
from ..progress_helpers import check_in, pain

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
WEEK = dt.timedelta(days=7)
CHART_JS = "vendor/chartjs-4.6.1/chart.umd.min.js"


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(world: World):  # type: ignore[no-untyped-def]
    return PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )


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


# -- the therapist's page --------------------------------------------------------------------


def test_the_therapist_sees_every_measure_with_its_verdict(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    a_course(world, plan)

    page = signed_in(world.therapist_user).get(reverse("progress:plan", args=[plan.code]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Pain when sitting (NPRS)" in text
    assert "7 → 3: meaningful improvement (at least 2 points)." in text
    assert "8 → 4: better (trend only, no validated threshold)." in text
    assert 'aria-describedby="chart-nprs-sitting-table"' in text
    assert 'id="chart-nprs-sitting-table"' in text
    assert 'id="chart-nprs-sitting-data" type="application/json"' in text


def test_the_therapist_is_told_when_the_psfs_has_no_activity_in_common(world: World) -> None:
    plan = PlanOfCareFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        goals=["Sitting 30 min", "Running 5 km", "Stairs"],
    )
    check_in(plan, NOW - 2 * WEEK, {"psfs": {"sitting-30-min": 2, "running-5-km": 2, "stairs": 2}})
    plan.goals = ["Driving 1 hour", "Gardening", "Cycling"]
    plan.save(update_fields=["goals"])
    check_in(plan, NOW - WEEK, {"psfs": {"driving-1-hour": 5, "gardening": 5, "cycling": 5}})

    staff = page_text(
        signed_in(world.therapist_user).get(reverse("progress:plan", args=[plan.code]))
    )
    mine = page_text(
        signed_in(world.client_user, mfa=False).get(reverse("progress:mine", args=[plan.code]))
    )

    assert "meaningful" not in staff.split("How it is scored")[0]
    assert "No verdict: no activity was rated both at the start and at the latest check-in" in staff
    assert "compared like for like: only the activities rated at both times" in staff
    assert "there is no change to compare yet" in mine
    assert "activities score is up" not in mine


def test_the_staff_page_is_audited(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    a_course(world, plan)

    signed_in(world.therapist_user).get(reverse("progress:plan", args=[plan.code]))

    event = AuditEvent.objects.get(action="outcomes.progress.viewed")
    assert event.actor == world.therapist_user
    assert event.object_id == plan.code
    assert event.data["instruments"] == ["nprs-sitting", "sleep"]


def test_another_practices_plan_answers_404(world: World) -> None:
    foreign = PlanOfCareFactory(practice=world.other_practice, client=world.other_client)

    page = signed_in(world.therapist_user).get(reverse("progress:plan", args=[foreign.code]))

    assert page.status_code == 404
    assert not AuditEvent.objects.filter(action="outcomes.progress.viewed").exists()


def test_the_staff_page_says_when_there_are_no_check_ins_yet(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    page = signed_in(world.owner).get(reverse("progress:plan", args=[plan.code]))

    assert "No check-ins in this plan yet." in page.content.decode()


def test_the_plan_page_links_to_progress(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    page = signed_in(world.therapist_user).get(reverse("plans:detail", args=[plan.code]))

    assert reverse("progress:plan", args=[plan.code]) in page.content.decode()


@pytest.mark.parametrize("check_ins", [1, 10])
def test_the_staff_page_runs_a_constant_number_of_queries(  # type: ignore[no-untyped-def]
    world: World, plan, check_ins: int, django_assert_max_num_queries
) -> None:
    for n in range(check_ins):
        answers = pain(n % 11, now=4) | {"sleep": {"sleep": 3}, "mood": {"mood": 2}}
        check_in(plan, NOW - (n + 1) * dt.timedelta(days=2), answers)
    browser = signed_in(world.therapist_user)
    browser.get(reverse("progress:plan", args=[plan.code]))  # warm the session

    with django_assert_max_num_queries(7):
        page = browser.get(reverse("progress:plan", args=[plan.code]))

    assert page.status_code == 200


# -- the client's page ----------------------------------------------------------------------


def test_the_client_reads_their_progress_in_plain_words(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    a_course(world, plan)

    page = signed_in(world.client_user, mfa=False).get(reverse("progress:mine", args=[plan.code]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Your sitting pain is down from 7 to 3 — that is a meaningful change." in text
    assert "Your sleep is better (8 then 4)." in text
    assert text.index("Since your first check-in") < text.index('id="chart-nprs-sitting-table"')
    assert 'role="img"' in text and 'aria-describedby="chart-nprs-sitting-table"' in text
    assert 'tabindex="0" role="region" aria-label="Your sitting pain by date"' in text


def test_the_client_picks_one_measure_at_a_time_and_reads_dates_in_the_practices_locale(
    world: World, plan
) -> None:  # type: ignore[no-untyped-def]
    a_course(world, plan)

    text = (
        signed_in(world.client_user, mfa=False)
        .get(reverse("progress:mine", args=[plan.code]))
        .content.decode()
    )

    picker = text.split('<select id="measure-picker"')[1].split("</select>")[0]
    assert '<option value="chart-nprs-sitting">Sitting</option>' in picker
    assert '<option value="chart-sleep">' in picker
    assert text.count("data-measure>") == picker.count("<option")  # a section per measure
    assert "data-measure-picker hidden" in text  # without script every measure shows
    assert 'data-locale="en-gb"' in text
    first = progress_dates(text)[0]
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", first)  # en-gb: day/month/year


def test_the_client_sees_the_visits_marked(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    a_course(world, plan)

    page = signed_in(world.client_user, mfa=False).get(reverse("progress:mine", args=[plan.code]))

    assert "Visits (marked on the charts as dashed lines): 30 Oct, 6 Nov." in page.content.decode()


def test_the_client_page_is_kind_before_the_first_check_in(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    page = signed_in(world.client_user, mfa=False).get(reverse("progress:mine", args=[plan.code]))

    assert "After your first check-in you'll see your progress here" in page.content.decode()
    assert 'role="img"' not in page.content.decode()


def test_after_one_check_in_the_client_is_thanked_not_listed_at(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    check_in(plan, NOW - WEEK, pain(7, 6))
    text = page_text(
        signed_in(world.client_user, mfa=False).get(reverse("progress:mine", args=[plan.code]))
    )
    assert "Thank you for your first check-in." in text
    assert "at your first check-in." not in text  # no list of lone first scores


def test_another_clients_plan_answers_404(world: World) -> None:
    world.another_client.user = UserFactory()
    world.another_client.save(update_fields=["user"])
    theirs = PlanOfCareFactory(practice=world.practice, client=world.another_client)
    check_in(theirs, NOW - WEEK, pain(6))

    page = signed_in(world.client_user, mfa=False).get(reverse("progress:mine", args=[theirs.code]))

    assert page.status_code == 404


def test_signing_in_is_needed(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client as Browser

    page = Browser().get(reverse("progress:mine", args=[plan.code]))

    assert page.status_code == 302
    assert "login" in page["Location"]


def test_the_client_plan_page_links_to_progress(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    page = signed_in(world.client_user, mfa=False).get(reverse("plans:mine", args=[plan.code]))

    assert reverse("progress:mine", args=[plan.code]) in page.content.decode()


@pytest.mark.parametrize("check_ins", [1, 10])
def test_the_client_page_runs_a_constant_number_of_queries(  # type: ignore[no-untyped-def]
    world: World, plan, check_ins: int, django_assert_max_num_queries
) -> None:
    for n in range(check_ins):
        answers = pain(n % 11, now=4) | {"sleep": {"sleep": 3}, "mood": {"mood": 2}}
        check_in(plan, NOW - (n + 1) * dt.timedelta(days=2), answers)
    browser = signed_in(world.client_user, mfa=False)
    browser.get(reverse("progress:mine", args=[plan.code]))

    with django_assert_max_num_queries(7):
        page = browser.get(reverse("progress:mine", args=[plan.code]))

    assert page.status_code == 200


# -- the chart library ------------------------------------------------------------------------


def test_chart_js_is_vendored_with_its_licence_and_served_from_static(world: World, plan) -> None:  # type: ignore[no-untyped-def]
    folder = Path(settings.BASE_DIR) / "static" / "vendor" / "chartjs-4.6.1"
    assert (folder / "chart.umd.min.js").stat().st_size > 100_000
    assert "MIT" in (folder / "LICENSE.md").read_text()
    check_in(plan, NOW - WEEK, pain(6))

    text = (
        signed_in(world.client_user, mfa=False)
        .get(reverse("progress:mine", args=[plan.code]))
        .content.decode()
    )

    assert f'src="{settings.STATIC_URL}{CHART_JS}"' in text
    assert f'src="{settings.STATIC_URL}js/progress.js"' in text
    assert "cdn" not in text.lower()


def progress_dates(page: str) -> list[str]:
    """The dates in the first column of the client's score tables."""
    return re.findall(r"<tr><td>([^<]+)</td>", page)

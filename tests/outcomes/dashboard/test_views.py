"""The owner's outcomes dashboard page and its CSV export."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from easeplan.accounts.models import AuditEvent

from ...conftest import World, give_totp, page_text, signed_in
from ...factories import TherapistFactory
from .test_services import DAY, NOW, a_busy_practice, a_course, a_plan, closed, visit

pytestmark = pytest.mark.django_db

PAGE, CSV = reverse("insights:dashboard"), reverse("insights:csv")


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def owner(world: World):  # type: ignore[no-untyped-def]
    give_totp(world.owner)
    return signed_in(world.owner)


def a_known_practice(world: World) -> None:
    """4 plans closed in November (3 finished, 1 abandoned), pain 7 → 3 and 5 → 4, and one
    client who came once 20 days ago and booked nothing."""
    a_course(world.practice, world.therapist, NOW - 3 * DAY, pain=(7, 3))
    a_course(world.practice, world.therapist, NOW - 3 * DAY, pain=(5, 4))
    closed(world.practice, "discharged", NOW - 2 * DAY, world.therapist)
    closed(world.practice, "abandoned", NOW - 2 * DAY, world.therapist)
    a_plan(world.practice, world.therapist, status="paused")
    visit(a_plan(world.practice, world.therapist), NOW - 20 * DAY)


def test_the_owner_sees_the_headline_figures_and_what_they_mean(world: World, owner) -> None:  # type: ignore[no-untyped-def]
    a_known_practice(world)

    response = owner.get(PAGE)

    text = page_text(response)
    assert response.status_code == 200
    assert "75%" in text and "3 of 4 closed plans completed or discharged" in text
    assert "50%" in text and "1 of 2 improved; 2 of 3 measured" in text
    assert '<span class="stat">1</span> active plan now<br><small>1 paused' in text
    assert "100%" in text and "1 of 1 plan stopped after the first visit" in text
    assert "December 2025 to November 2026" in text
    assert "What the figures mean" in text and "at least 14 days ago" in text
    assert '<a href="/staff/outcomes/" aria-current="page">Outcomes</a>' in text


def test_months_and_therapists_have_their_own_rows(world: World, owner) -> None:  # type: ignore[no-untyped-def]
    a_known_practice(world)
    TherapistFactory(practice=world.practice, display_name="Ilse Brandvoort")

    text = page_text(owner.get(PAGE))

    caption = '<caption id="months-caption" class="table-caption">'
    assert caption + "Outcomes by month, newest first</caption>" in text
    assert text.index("November 2026") < text.index("October 2026") < text.index("January 2026")
    assert '<th scope="row">Dana Whitlockova</th>' in text
    assert '<th scope="row">Ilse Brandvoort</th>' in text  # no plans yet: dashes
    assert text.count("—") >= 4


def test_an_empty_practice_shows_dashes_not_zero_percent(world: World, owner) -> None:  # type: ignore[no-untyped-def]
    text = page_text(owner.get(PAGE))

    assert '<span class="stat">0%' not in text and "0 of 0" not in text
    assert '<span class="stat">—</span> completion rate' in text


def test_other_practices_plans_never_show(world: World, owner) -> None:  # type: ignore[no-untyped-def]
    theirs = TherapistFactory(practice=world.other_practice, display_name="Olaf Tennant")
    for status in ("completed", "abandoned"):
        closed(world.other_practice, status, NOW - 3 * DAY, theirs)

    text = page_text(owner.get(PAGE))

    assert "Olaf Tennant" not in text and "50%" not in text


@pytest.mark.parametrize("url", [PAGE, CSV])
def test_therapists_and_the_front_desk_get_404(world: World, url: str) -> None:
    for user in (world.therapist_user, world.front_desk):
        give_totp(user)
        assert signed_in(user).get(url).status_code == 404


def test_only_owners_see_the_outcomes_link(world: World) -> None:
    give_totp(world.therapist_user)
    text = page_text(signed_in(world.therapist_user).get(reverse("practice:team")))
    assert "Outcomes" not in text


def test_the_page_is_get_only(owner) -> None:  # type: ignore[no-untyped-def]
    assert owner.post(PAGE).status_code == 405


def test_the_csv_has_a_row_per_month_and_per_therapist(world: World, owner) -> None:  # type: ignore[no-untyped-def]
    a_known_practice(world)

    response = owner.get(CSV)

    assert response["Content-Type"].startswith("text/csv")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="outcomes-riverside-2026-11-20.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    months = [row for row in rows if row["group"] == "month"]
    therapists = {row["month or therapist"]: row for row in rows if row["group"] == "therapist"}
    assert [row["month or therapist"] for row in months][:2] == ["2026-11", "2026-10"]
    assert len(months) == 12
    november, october = months[0], months[1]
    assert (november["plans closed"], november["completion rate %"]) == ("4", "75")
    assert (november["pain measured"], november["pain meaningful change %"]) == ("2", "50")
    assert november["function meaningful change %"] == ""
    assert (october["dropped off after the first visit"], october["drop-off %"]) == ("1", "100")
    dana = therapists["Dana Whitlockova"]
    assert (dana["active plans now"], dana["paused plans now"], dana["abandoned"]) == (
        "1",
        "1",
        "1",
    )


def test_the_csv_opens_in_a_spreadsheet_with_accented_names_intact(world: World, owner) -> None:  # type: ignore[no-untyped-def]
    # Excel reads a CSV without a byte-order mark in the computer's legacy code page:
    # "Zoë Ångström" would show as "ZoÃ« Ã…ngstrÃ¶m".
    TherapistFactory(practice=world.practice, display_name="Zoë Ångström")

    content = owner.get(CSV).content

    assert content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "group"
    assert ["therapist", "Zoë Ångström"] in [row[:2] for row in rows]


def test_the_export_is_audited(world: World, owner) -> None:  # type: ignore[no-untyped-def]
    owner.get(CSV)

    event = AuditEvent.objects.get(action="outcomes.dashboard.exported")
    assert (event.actor, event.practice) == (world.owner, world.practice)


@pytest.mark.parametrize(("url", "queries"), [(PAGE, 8), (CSV, 9)])
@pytest.mark.parametrize("plans", [1, 6])
def test_queries_stay_the_same_however_many_plans(
    world: World,
    owner,  # type: ignore[no-untyped-def]
    url: str,
    queries: int,
    plans: int,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    a_busy_practice(world, plans)

    # The session, user and membership, the dashboard's five queries (the CSV: + audit).
    with django_assert_max_num_queries(queries):
        response = owner.get(url)

    assert response.status_code == 200
    assert "100" in response.content.decode()


def test_a_year_later_the_plans_have_left_the_period(world: World) -> None:
    closed(world.practice, "abandoned", NOW - 3 * DAY, world.therapist)
    give_totp(world.owner)

    with time_machine.travel(dt.datetime(2027, 11, 2, tzinfo=dt.UTC), tick=False):
        text = page_text(signed_in(world.owner).get(PAGE))

    assert "November 2026" not in text and "December 2026 to November 2027" in text

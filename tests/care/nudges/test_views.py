"""The nudge email's links (book in one click, stop reminders), the client's reminder
setting, and what clinicians see: the plan page's drift callout and the dashboard list."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from easeplan.accounts.models import AuditEvent
from easeplan.booking import services
from easeplan.booking.models import Appointment
from easeplan.care.models import Nudge, PlanOfCare
from easeplan.care.nudges import services as nudges

from ...conftest import World, signed_in
from ...factories import ClientFactory, PlanOfCareFactory
from .test_services import THU_10, TUE_1, WED_9, plan_visit, run_at, weekly_plan

pytestmark = pytest.mark.django_db

LATER_WED_9 = WED_9 + dt.timedelta(hours=1)


@pytest.fixture
def plan(world: World) -> PlanOfCare:
    return weekly_plan(world)


@pytest.fixture
def nudge(world: World, plan: PlanOfCare) -> Nudge:
    """Ada missed Tuesday 8 December; the morning run proposed Thursday 10th at 10:00."""
    plan_visit(plan, TUE_1)
    plan_visit(plan, TUE_1 + dt.timedelta(days=7), "no_show")
    run_at(WED_9)
    mail.outbox.clear()
    return Nudge.objects.get()


def book_link(nudge: Nudge) -> str:
    """The link as emailed on the morning of Wednesday 9 December."""
    with time_machine.travel(WED_9, tick=False):
        return reverse("nudges:book", args=[nudges.book_token(nudge)])


def test_the_one_click_link_books_the_proposed_time_in_the_plan(
    client, world: World, nudge: Nudge
) -> None:
    url = book_link(nudge)
    with time_machine.travel(LATER_WED_9, tick=False):
        page = client.get(url).content.decode()
        assert "Book Thursday 10 December at 10:00?" in page
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(url)
        assert response.status_code == 302 and response["Location"] == url
        again = client.post(url)  # a second click books nothing more
        booked = client.get(url).content.decode()
    visit = Appointment.objects.get(status="booked")
    assert (visit.starts_at, visit.plan, visit.client) == (THU_10, nudge.plan, world.client)
    assert again.status_code == 302
    assert "You're booked" in booked and "Thursday 10 December at 10:00" in booked
    assert "/book/visit/" in booked
    assert [m.to for m in mail.outbox] == [[world.client.email]]  # the confirmation
    assert AuditEvent.objects.filter(action="care.nudge.booked").count() == 1


def test_a_time_taken_meanwhile_offers_the_nearest_free_times(
    client, world: World, nudge: Nudge
) -> None:
    services.book_appointment(
        world.another_client,
        world.therapist,
        nudge.plan.service,
        THU_10,
        actor=None,
        now=WED_9,
    )
    url = book_link(nudge)
    with time_machine.travel(LATER_WED_9, tick=False):
        page = client.get(url).content.decode()
        refused = client.post(url)
        chosen = THU_10 + dt.timedelta(hours=2)
        response = client.post(url, {"start": chosen.isoformat()})
    assert "The time we suggested has been taken meanwhile" in page
    assert refused.status_code == 409
    assert "that time was just taken" in refused.content.decode()
    assert 'value="2026-12-10T11:15:00+00:00"' in refused.content.decode()
    assert response.status_code == 302
    mine = Appointment.objects.get(client=world.client, status="booked")
    assert (mine.starts_at, mine.plan) == (chosen, nudge.plan)


def test_a_made_up_time_is_refused_with_a_message(client, nudge: Nudge) -> None:
    with time_machine.travel(LATER_WED_9, tick=False):
        response = client.post(book_link(nudge), {"start": "next Thursday"})
    assert response.status_code == 400
    assert "Please choose a time from the list." in response.content.decode()
    assert not Appointment.objects.filter(status="booked").exists()


def test_a_tampered_or_expired_link_is_404(client, nudge: Nudge) -> None:
    token = book_link(nudge).split("/")[-2]
    with time_machine.travel(LATER_WED_9, tick=False):
        assert client.get(reverse("nudges:book", args=[token[:-2] + "xx"])).status_code == 404
        assert client.post(reverse("nudges:book", args=["nonsense"])).status_code == 404
    with time_machine.travel(WED_9 + dt.timedelta(days=15), tick=False):
        assert client.get(reverse("nudges:book", args=[token])).status_code == 404
    stop = nudges.stop_token(nudge.client)
    assert client.get(reverse("nudges:stop", args=[stop[:-2] + "xx"])).status_code == 404


def test_a_closed_plan_asks_the_client_to_get_in_touch(client, nudge: Nudge) -> None:
    PlanOfCare.objects.filter(pk=nudge.plan_id).update(status="abandoned")
    with time_machine.travel(LATER_WED_9, tick=False):
        page = client.get(book_link(nudge)).content.decode()
        response = client.post(book_link(nudge))
    assert "no longer active" in page
    assert response.status_code == 409
    assert not Appointment.objects.filter(status="booked").exists()


def test_the_opt_out_link_stops_reminders_and_can_undo_it(
    client, world: World, nudge: Nudge
) -> None:
    url = reverse("nudges:stop", args=[nudges.stop_token(world.client)])
    page = client.get(url).content.decode()
    assert "Stop reminders about my plan" in page
    assert client.post(url, {"on": "off"})["Location"] == url
    world.client.refresh_from_db()
    assert world.client.plan_nudges_off_at is not None
    assert "Turn plan reminders back on" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 400
    client.post(url, {"on": "on"})
    world.client.refresh_from_db()
    assert world.client.plan_nudges_off_at is None
    actions = AuditEvent.objects.filter(action__startswith="care.nudges.")
    assert list(actions.order_by("pk").values_list("action", flat=True)) == [
        "care.nudges.turned_off",
        "care.nudges.turned_on",
    ]


def test_a_signed_in_client_turns_reminders_off_for_their_own_record_only(world: World) -> None:
    browser = signed_in(world.client_user, mfa=False)
    url = reverse("nudges:settings")
    assert "Riverside Massage" in browser.get(url).content.decode()
    response = browser.post(url, {"client": world.client.code, "on": "off"})
    assert response["Location"] == url
    world.client.refresh_from_db()
    assert world.client.plan_nudges_off_at is not None
    someone_else = browser.post(url, {"client": world.another_client.code, "on": "off"})
    assert someone_else.status_code == 404
    world.another_client.refresh_from_db()
    assert world.another_client.plan_nudges_off_at is None


def test_the_reminder_setting_needs_signing_in(client, world: World) -> None:
    response = client.get(reverse("nudges:settings"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# -- what clinicians see ------------------------------------------------------------------


def test_the_plan_page_shows_why_the_client_is_drifting_and_the_nudges(
    world: World, nudge: Nudge
) -> None:
    with time_machine.travel(LATER_WED_9, tick=False):
        page = signed_in(world.therapist_user).get(reverse("plans:detail", args=[nudge.plan.code]))
    text = page.content.decode()
    assert "Drifting off the plan" in text
    assert "Missed the visit on Tue 8 Dec; not rebooked" in text
    assert "9 Dec 2026: missed a planned visit (Tue 8 Dec) — offered Thu 10 Dec 10:00" in text


def test_the_dashboard_lists_drifting_clients_for_clinicians(world: World, nudge: Nudge) -> None:
    with time_machine.travel(LATER_WED_9, tick=False):
        therapist = signed_in(world.therapist_user).get(reverse("practice:dashboard"))
        hidden = signed_in(world.therapist_user, mfa=False).get(reverse("practice:dashboard"))
        front_desk = signed_in(world.front_desk).get(reverse("practice:dashboard"))
    page = therapist.content.decode()
    assert "Clients drifting off their plan" in page
    assert "Ada Quillfeather" in page
    assert "Missed the visit on Tue 8 Dec; not rebooked" in page
    assert reverse("plans:detail", args=[nudge.plan.code]) in page
    assert "Emailed 9 Dec" in page
    assert "1 client drifting off their plan" in hidden.content.decode()
    assert "Quillfeather" not in hidden.content.decode()
    assert "drifting" not in front_desk.content.decode()


def test_the_dashboard_takes_the_same_queries_for_one_or_five_drifting_clients(
    world: World,
    plan: PlanOfCare,
    django_assert_max_num_queries,
) -> None:
    plan_visit(plan, TUE_1, "no_show")
    with time_machine.travel(WED_9, tick=False):
        browser = signed_in(world.owner)
        browser.get(reverse("practice:dashboard"))  # warm the session
        with django_assert_max_num_queries(40) as one:
            browser.get(reverse("practice:dashboard"))
        for hour in range(1, 5):
            other = PlanOfCareFactory(
                practice=world.practice,
                client=ClientFactory(practice=world.practice),
                starts_on=TUE_1.date(),
                service=plan.service,
                therapist=plan.therapist,
            )
            plan_visit(other, TUE_1 + dt.timedelta(hours=2 * hour), "no_show")
        with django_assert_max_num_queries(len(one.captured_queries)):
            response = browser.get(reverse("practice:dashboard"))
    assert response.content.decode().count("Missed the visit on Tue 1 Dec") == 5


def test_owners_see_plans_by_status_and_recent_abandonments(world: World) -> None:
    for status in ("active", "completed", "discharged"):
        PlanOfCareFactory(practice=world.practice, status=status, condition="hip")
    with time_machine.travel(WED_9, tick=False):
        PlanOfCareFactory(
            practice=world.practice,
            status="abandoned",
            status_changed_at=WED_9 - dt.timedelta(days=30),
        )
        PlanOfCareFactory(
            practice=world.practice,
            status="abandoned",
            status_changed_at=WED_9 - dt.timedelta(days=120),
        )
        PlanOfCareFactory(practice=world.other_practice, status="abandoned")
        owner = signed_in(world.owner).get(reverse("practice:dashboard")).content.decode()
        therapist = signed_in(world.therapist_user).get(reverse("practice:dashboard"))
    assert nudges.plan_statistics(world.practice, WED_9) == {
        "active": 1,
        "completed": 1,
        "discharged": 1,
        "abandoned": 2,
        "abandoned_recently": 1,
    }
    assert "Plans of care" in owner and "(1 in the last 90 days)" in owner
    assert "in the last 90 days" not in therapist.content.decode()


def test_a_red_flag_closes_the_one_click_link_too(client, world: World, nudge: Nudge) -> None:
    from easeplan.screening.holds import services as holds

    holds.raise_hold(world.client, holds.Source.INTAKE, ["bladder_bowel_control"], actor=None)
    url = book_link(nudge)
    with time_machine.travel(LATER_WED_9, tick=False):
        page = client.get(url).content.decode()
        response = client.post(url)
    assert "Go to an emergency department today" in page
    assert "Book Thursday 10 December at 10:00?" not in page
    assert response.status_code == 409
    assert not Appointment.objects.filter(status="booked").exists()

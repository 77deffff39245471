"""What staff see of a red-flag hold: the dashboard list, the client page and its clearing
form, and booking a held client at the desk only after ticking that the flag was seen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.screening.holds import services as holds
from easeplan.screening.rules import self_check as rules

from ...conftest import World, give_totp, signed_in
from ...conftest import page_text as text
from ...factories import ClientFactory, WorkingHoursFactory, a_free_time

pytestmark = pytest.mark.django_db


def hold(client, flags=("bladder_bowel_control",), source=holds.Source.INTAKE):  # type: ignore[no-untyped-def]
    return holds.raise_hold(client, source, list(flags), actor=None)


def clinician(world: World):  # type: ignore[no-untyped-def]
    give_totp(world.therapist_user)
    return signed_in(world.therapist_user)


def test_the_dashboard_lists_held_clients_for_clinicians_with_the_clearing_link(
    world: World,
) -> None:
    hold(world.client)
    page = text(clinician(world).get(reverse("practice:dashboard")))
    assert "Held by a red flag" in page
    assert world.client.full_name in page
    assert f"{reverse('practice:client', args=[world.client.code])}#red-flag-hold" in page
    assert world.another_client.full_name not in page
    front_desk = signed_in(world.front_desk)
    assert "Held by a red flag" not in text(front_desk.get(reverse("practice:dashboard")))


def test_the_dashboard_list_runs_a_constant_number_of_queries(
    world: World, django_assert_max_num_queries
) -> None:
    browser = clinician(world)
    hold(world.client)
    with django_assert_max_num_queries(12) as one:
        browser.get(reverse("practice:dashboard"))
    for _ in range(15):
        held = ClientFactory(practice=world.practice)
        hold(held)
        hold(held, ["cancer_history"], holds.Source.CHECKIN)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = text(browser.get(reverse("practice:dashboard")))
    assert page.count("#red-flag-hold") == 16


def test_a_clinician_clears_the_hold_with_a_note_on_the_client_page(world: World) -> None:
    hold(world.client)
    browser = clinician(world)
    url = reverse("practice:client", args=[world.client.code])
    page = text(browser.get(url))
    assert "Online booking is paused for Ada Quillfeather" in page
    assert "loss of bladder or bowel control" in page
    response = browser.post(reverse("holds:clear", args=[world.client.code]), {"note": ""})
    assert response.status_code == 302
    assert "Please write a note" in text(browser.get(url))
    assert holds.stop_for(client=world.client) is not None
    browser.post(reverse("holds:clear", args=[world.client.code]), {"note": "GP: no cauda equina."})
    page = text(browser.get(url))
    assert "Ada Quillfeather can book online again" in page
    assert "Online booking is open" in page
    today = timezone.localdate().strftime("%-d %b %Y")
    assert f"cleared {today}" in page and "GP: no cauda equina." in page
    assert holds.stop_for(client=world.client) is None
    event = AuditEvent.objects.get(action="screening.red_flag_hold.cleared")
    assert event.actor == world.therapist_user


def test_the_front_desk_sees_the_hold_but_cannot_clear_it(world: World) -> None:
    hold(world.client)
    give_totp(world.front_desk)
    browser = signed_in(world.front_desk)
    page = text(browser.get(reverse("practice:client", args=[world.client.code])))
    assert "Online booking is paused for Ada Quillfeather" in page
    assert "bladder" not in page.lower()  # the reasons are for clinicians
    assert "Clear the red flag" not in page
    response = browser.post(reverse("holds:clear", args=[world.client.code]), {"note": "x"})
    assert response.status_code == 404
    assert holds.stop_for(client=world.client) is not None


def test_another_practice_cannot_clear_our_clients_hold(world: World) -> None:
    hold(world.client)
    give_totp(world.other_owner)
    response = signed_in(world.other_owner).post(
        reverse("holds:clear", args=[world.client.code]), {"note": "not mine"}
    )
    assert response.status_code == 404
    assert holds.stop_for(client=world.client) is not None


def test_staff_booking_a_held_client_shows_the_flag_and_needs_an_acknowledgement(
    world: World,
) -> None:
    for weekday in range(0, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    hold(world.client)
    browser = clinician(world)
    url = reverse("visits:new")
    page = text(browser.get(url, {"client": world.client.code}))
    assert "Red flag: online booking is paused for Ada Quillfeather" in page
    assert "I have seen Ada Quillfeather's red flag" in page
    start = timezone.localtime(a_free_time(world, service)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "client": world.client.code,
        "service": service.code,
        "therapist": world.therapist.code,
        "start": start,
    }
    refused = browser.post(url, data)
    assert "tick to confirm you have seen it" in text(refused)
    assert not Appointment.objects.exists()
    response = browser.post(url, data | {"acknowledge_red_flag": "on"})
    assert response.status_code == 302
    visit = Appointment.objects.get()
    assert visit.client == world.client
    assert AuditEvent.objects.filter(
        action="screening.red_flag_hold.acknowledged", object_id=visit.code
    ).exists()


def test_staff_booking_a_client_without_a_hold_asks_nothing(world: World) -> None:
    page = text(clinician(world).get(reverse("visits:new"), {"client": world.client.code}))
    assert "I have seen" not in page


def test_the_calendar_marks_a_held_clients_visit_to_postpone(world: World) -> None:
    from ...factories import AppointmentFactory

    visit = AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        starts_at=timezone.now() + timezone.timedelta(hours=1),
    )
    hold(world.client, ["cancer_history"], holds.Source.CHECKIN)
    day = timezone.localtime(visit.starts_at).date().isoformat()
    page = text(
        clinician(world).get(
            reverse("practice:calendar"), {"day": day, "therapist": world.therapist.code}
        )
    )
    assert "badge-postpone" in page
    assert rules.BY_CODE["cancer_history"].reason in page

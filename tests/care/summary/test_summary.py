"""What the therapist sees before a visit: calendar markers, warnings, pre-visit summaries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.care.models import Consent, Intake
from easeplan.screening.models import Assessment, SelfCheck

from ...conftest import World, signed_in
from ...factories import AppointmentFactory, ClientFactory

COMPLETE = {
    "date_of_birth": "1980-02-03",
    "emergency_contact_name": "Sam",
    "emergency_contact_phone": "0123",
    "areas": ["buttock"],
    "aggravators": ["sitting"],
    "activities": ["running"],
    "goals": "Run 10 km without buttock pain",
}


def intake(client, submitted: bool = True, **answers) -> Intake:
    return Intake.objects.create(
        practice=client.practice,
        client=client,
        version="intake/2026-11",
        answers={**COMPLETE, **answers} if submitted else {},
        submitted_at=timezone.now() if submitted else None,
    )


def tomorrow_visit(w: World, client=None, hour: int = 10):
    start = timezone.localtime(timezone.now()).replace(hour=hour, minute=0, second=0, microsecond=0)
    start += dt.timedelta(days=1)
    return AppointmentFactory(
        practice=w.practice,
        therapist=w.therapist,
        client=client or w.client,
        service=w.practice.services.get(),
        starts_at=start,
    )


def calendar_day(browser, visit) -> str:
    day = timezone.localtime(visit.starts_at, visit.practice.zone).date().isoformat()
    response = browser.get(reverse("practice:calendar"), {"day": day})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def as_therapist(world: World):
    return signed_in(world.therapist_user)


def test_the_calendar_marks_a_client_whose_intake_is_not_completed(world, as_therapist) -> None:
    visit = tomorrow_visit(world)
    assert "intake not completed" in calendar_day(as_therapist, visit)
    intake(world.client)
    html = calendar_day(as_therapist, visit)
    assert "intake not completed" not in html
    assert "badge-postpone" not in html and "badge-caution" not in html


def test_the_calendar_marks_postpone_and_cautions(world, as_therapist) -> None:
    intake(world.client, conditions=["suspected_dvt"])
    intake(world.another_client, anticoagulants=True)
    visit = tomorrow_visit(world)
    tomorrow_visit(world, world.another_client, hour=13)
    html = calendar_day(as_therapist, visit)
    assert html.count('class="badge badge-postpone"') == 1
    assert html.count('class="badge badge-caution"') == 1


def test_a_red_flag_from_the_booking_self_check_postpones_before_any_intake(
    world, as_therapist
) -> None:
    SelfCheck.objects.create(
        practice=world.practice,
        client=world.client,
        version="self-check/2026-11",
        answers={"areas": ["buttock"], "red_flags": ["fever_infection"]},
        outcome="urgent",
    )
    visit = tomorrow_visit(world)
    html = calendar_day(as_therapist, visit)
    assert "badge-postpone" in html and "intake not completed" in html


def test_whoever_opens_a_client_to_postpone_is_warned(world) -> None:
    intake(world.client, conditions=["fever_or_infection"])
    url = reverse("practice:client", args=[world.client.code])
    therapist_page = signed_in(world.therapist_user).get(url).content.decode()
    assert "Postpone treatment for Ada Quillfeather" in therapist_page
    assert "Fever or an infection" in therapist_page
    desk_page = signed_in(world.front_desk).get(url).content.decode()
    assert "Postpone treatment for Ada Quillfeather" in desk_page
    assert "Fever" not in desk_page  # the front desk is warned, not shown health details


def test_the_summary_shows_everything_the_therapist_needs(world, as_therapist) -> None:
    intake(
        world.client,
        anticoagulants=True,
        hip_replacement="right",
        hip_approach="posterior",
        hip_replaced_on="2026-09-01",
        varicose_vein_areas="left calf",
        emergency_contact_phone="",
    )
    Consent.objects.create(
        practice=world.practice,
        client=world.client,
        kind=Consent.Kind.GLUTEAL,
        version="gluteal/2026-11",
        text="...",
        choice="over_sheet",
        typed_name="Ada Quillfeather",
        revoked_at=timezone.now(),
    )
    Assessment.objects.create(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        assessed_on=timezone.localdate(),
        version="assessment/2026-11",
    )
    visit = tomorrow_visit(world)
    response = as_therapist.get(reverse("summaries:client", args=[world.client.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("visits:detail", args=[visit.code]) in html
    assert "Takes blood thinners" in html and "Batavia 2004" in html
    assert "Varicose veins at the left calf" in html
    assert "posterior approach" in html and "FAIR test" in html  # blocked, with the reason
    assert "Gluteal consent revoked" in html
    assert "Treatment:\n        <strong>not signed</strong>" in html
    assert "No assessment yet." not in html
    assert "Missing:</strong> emergency contact&#x27;s phone." in html
    assert "Run 10 km without buttock pain" in html
    assert AuditEvent.objects.filter(action="care.summary.viewed", object_id=world.client.code)


def test_the_summary_says_when_the_intake_is_missing(world, as_therapist) -> None:
    html = as_therapist.get(reverse("summaries:client", args=[world.client.code])).content.decode()
    assert "intake not completed" in html
    assert "No assessment yet." in html


def test_another_practices_client_has_no_summary(world, as_therapist) -> None:
    url = reverse("summaries:client", args=[world.other_client.code])
    assert as_therapist.get(url).status_code == 404


def test_the_day_lists_a_summary_per_booked_client_in_constant_queries(
    world, as_therapist, django_assert_max_num_queries
) -> None:
    first = tomorrow_visit(world)
    day = timezone.localtime(first.starts_at, world.practice.zone).date().isoformat()
    url = reverse("summaries:day")

    def summaries() -> str:
        response = as_therapist.get(url, {"day": day})
        assert response.status_code == 200
        return response.content.decode()

    with django_assert_max_num_queries(16) as one:
        assert summaries().count('<article class="summary"') == 1
    for hour in (12, 14, 16, 18):  # a visit and its buffer never overlap the next
        client = ClientFactory(practice=world.practice)
        intake(client, conditions=["osteoporosis"])
        tomorrow_visit(world, client, hour=hour)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = summaries()
    assert html.count('<article class="summary"') == 5
    assert html.count("Osteoporosis") == 4
    assert AuditEvent.objects.filter(action="care.summary.viewed").count() == 1 + 5


def test_whoever_books_or_opens_a_visit_of_a_client_to_postpone_is_warned(world) -> None:
    intake(world.client, conditions=["suspected_dvt"])
    visit = tomorrow_visit(world)
    for user in (world.therapist_user, world.front_desk):
        browser = signed_in(user)
        booking = browser.get(reverse("visits:new"), {"client": world.client.code})
        assert "Postpone treatment for Ada Quillfeather" in booking.content.decode()
        opened = browser.get(reverse("visits:detail", args=[visit.code]))
        assert "Postpone treatment for Ada Quillfeather" in opened.content.decode()
    calm = signed_in(world.therapist_user).get(
        reverse("visits:new"), {"client": world.another_client.code}
    )
    assert "Postpone treatment" not in calm.content.decode()


def test_booking_a_client_to_postpone_still_books_with_a_warning(world) -> None:
    from easeplan.booking.availability import free_times

    intake(world.client, conditions=["fever_or_infection"])
    now = timezone.now()
    service = world.practice.services.get()
    first = free_times(world.therapist, service, now, now + dt.timedelta(days=8), now=now)[0]
    start = timezone.localtime(first, world.practice.zone)
    response = signed_in(world.front_desk).post(
        reverse("visits:new"),
        {
            "client": world.client.code,
            "service": world.practice.services.get().code,
            "therapist": world.therapist.code,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Booked. The client has been emailed." in html
    assert "answers say to postpone treatment" in html

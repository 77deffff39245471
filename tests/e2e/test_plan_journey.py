"""A plan of care from first assessment to a missed visit, in the browser.

A therapist starts a 5-visit plan from an assessment, books the whole series in one step,
prescribes two stretches, and after the first visit writes and signs a note with regions
ticked on the body map. The client opens their plan on their phone and ticks off a
stretch. The second visit is missed: the daily run sends exactly one nudge, however often
it runs, and its one-click link books the proposed time.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from easeplan.booking.models import Appointment
from easeplan.care.consent import rules as consents
from easeplan.care.consent import services as consent_services
from easeplan.care.models import ExerciseLog, Nudge, PlanOfCare, SessionNote

from ..conftest import World, give_totp, totp_code
from ..factories import PASSWORD, AssessmentFactory, WorkingHoursFactory
from .conftest import fits_the_screen, log_in, too_wide
from .test_accessibility import serious

pytestmark = pytest.mark.e2e

FIGURE_4 = "Lying figure-4 stretch"


@pytest.fixture
def ready(world: World) -> None:
    """The therapist works every day; the client signed a gluteal consent."""
    for weekday in range(1, 7):  # Monday comes with the world
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    for kind in (consents.TREATMENT, consents.PRIVACY):
        consent_services.sign(
            world.client, kind, typed_name=world.client.full_name, actor=None, ip=None
        )
    consent_services.sign(
        world.client,
        consents.GLUTEAL,
        typed_name=world.client.full_name,
        choice=consents.OVER_SHEET,
        actor=None,
        ip=None,
    )


def therapist_signs_in(browser, live_server, world: World, secret: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, world.therapist_user.email, PASSWORD)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url("**/staff/")
    return page


def test_a_plan_from_assessment_to_series_note_programme_and_one_nudge(
    page, browser, live_server, world: World, ready: None
) -> None:
    assessment = AssessmentFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )
    secret = give_totp(world.therapist_user)
    staff = therapist_signs_in(browser, live_server, world, secret)

    # From the assessment, a 5-visit plan (the default) with the client's goals.
    staff.goto(f"/staff/assessments/{assessment.code}/")
    staff.get_by_role("link", name="Start a plan of care from this assessment").click()
    expect(staff.get_by_label("Number of visits")).to_have_value("5")
    staff.get_by_label("Goals in the client's own activities").fill(
        "Sit through a film\nRun 5 km without buttock pain"
    )
    staff.get_by_label("Pain at the start (0–10, optional)").fill("7")
    staff.get_by_role("button", name="Start the plan").click()
    expect(staff.get_by_text("Visit 1 of 5")).to_be_visible()
    plan = PlanOfCare.objects.get(client=world.client)
    assert plan.assessment == assessment and plan.status == "active"

    # The whole series in one step.
    staff.get_by_role("link", name="Book the remaining 5 visits").click()
    staff.get_by_role("button", name="Book the chosen visits").click()
    expect(staff.get_by_text("5 of 5 visits booked")).to_be_visible()
    visits = list(plan.visits.order_by("starts_at"))
    assert len(visits) == 5
    assert all(v.status == Appointment.Status.BOOKED for v in visits)
    assert fits_the_screen(staff), too_wide(staff)

    # Two stretches for home.
    for name in (FIGURE_4, "Seated glute stretch"):
        prescribe = staff.locator("details.programme-prescribe")
        if prescribe.get_attribute("open") is None:
            prescribe.get_by_text("Prescribe an exercise").click()
        staff.get_by_role("radio", name=re.compile(name)).check()
        staff.get_by_role("button", name="Set the dosage").click()
        staff.get_by_role("button", name=f"Prescribe {name.lower()}").click()
        expect(staff.get_by_role("link", name=name)).to_be_visible()
    assert plan.prescriptions.filter(stopped_at__isnull=True).count() == 2
    assert serious(staff) == []
    staff.context.close()

    first, second = visits[0], visits[1]
    with time_machine.travel(first.starts_at + dt.timedelta(minutes=70), tick=True):
        # After the first visit: the session's gluteal consent, then the note.
        staff = therapist_signs_in(browser, live_server, world, secret)
        staff.goto(f"/staff/visits/{first.code}/")
        staff.get_by_role("button", name="Client confirmed today").click()
        staff.get_by_role("link", name="Write the note").click()
        staff.get_by_label("Subjective").fill("Sitting pain 6/10 since the weekend run.")
        staff.get_by_label("Objective").fill("Tender left piriformis; FAIR positive left.")
        # Tap the shapes on the map (each is the label of its checkbox).
        staff.locator(".spot-region-back-piriformis-left").click()
        glutes = staff.locator(".spot-region-back-glutes-left")  # below the piriformis band
        box = glutes.bounding_box()
        glutes.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.85})
        expect(staff.locator("#region-back-piriformis-left")).to_be_checked()
        staff.get_by_role("button", name="Sign and lock").click()
        expect(staff.get_by_text(re.compile("Signed", re.IGNORECASE)).first).to_be_visible()
        note = SessionNote.objects.get(appointment=first)
        assert note.signed and note.gluteal_consent == "confirmed"
        assert "back:piriformis:left" in note.regions
        first.refresh_from_db()
        assert first.status == Appointment.Status.COMPLETED  # the signed note says it happened
        staff.context.close()

        # The client sees where they are and ticks off a stretch on their phone.
        log_in(page, world.client_user.email, PASSWORD)
        page.goto("/account/")
        page.get_by_role("link", name="Piriformis syndrome", exact=True).click()
        expect(page.get_by_text("Visit 2 of 5")).to_be_visible()
        card = page.locator("article.programme-card", has_text=FIGURE_4)
        card.get_by_role("button", name="Mark as done").click()
        expect(card.get_by_text("Done today ✓")).to_be_visible()
        assert ExerciseLog.objects.filter(prescription__exercise="figure_4_stretch").count() == 1
        assert fits_the_screen(page), too_wide(page)
        assert serious(page) == []

    with time_machine.travel(second.starts_at + dt.timedelta(minutes=70), tick=True):
        # The second visit is missed.
        staff = therapist_signs_in(browser, live_server, world, secret)
        staff.goto(f"/staff/visits/{second.code}/")
        staff.get_by_role("button", name="Did not attend").click()
        expect(staff.get_by_text("Did not attend").first).to_be_visible()
        staff.context.close()
        second.refresh_from_db()
        assert second.status == Appointment.Status.NO_SHOW
        mail.outbox.clear()
        call_command("keep_clients_on_plan")
    for hours in (2, 3):  # the run comes again: no second nudge
        with time_machine.travel(second.starts_at + dt.timedelta(hours=hours), tick=True):
            call_command("keep_clients_on_plan")
    nudges = [m for m in mail.outbox if m.to == [world.client.email]]
    assert len(nudges) == 1, [m.subject for m in mail.outbox]
    assert Nudge.objects.filter(client=world.client).count() == 1
    assert "You missed your visit" in nudges[0].body
    link = re.search(r"https?://\S+(/plan/next/\S+/)", nudges[0].body)
    assert link is not None

    # One click from the email books the proposed time, in the plan.
    with time_machine.travel(second.starts_at + dt.timedelta(hours=3, minutes=5), tick=True):
        page.goto(link.group(1))
        page.get_by_role("button", name=re.compile("Book this time")).click()
        expect(page.get_by_role("heading", name="You're booked")).to_be_visible()
    rebooked = plan.visits.get(starts_at=Nudge.objects.get().proposed_start)
    assert rebooked.status == Appointment.Status.BOOKED
    # The three later visits of the series, and the one booked from the nudge.
    assert plan.visits.filter(status=Appointment.Status.BOOKED).count() == 4

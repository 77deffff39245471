"""axe-core finds no serious or critical problems on the public pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from ..conftest import World, give_totp, totp_code
from ..factories import (
    PASSWORD,
    AppointmentFactory,
    AssessmentFactory,
    ContactMessageFactory,
    PlanOfCareFactory,
    ReferralFactory,
)
from .conftest import fits_the_screen, log_in

pytestmark = pytest.mark.e2e

PUBLIC = [
    "/",
    "/conditions/piriformis-syndrome/",
    "/conditions/low-back-pain/",
    "/conditions/hip-pain/",
    "/conditions/upper-leg-pain/",
    "/self-check/",
    "/contact/",
    "/contact/thanks/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/offline/",
]


def _why(node: dict) -> str:  # type: ignore[type-arg]
    return "; ".join(check.get("message", "") for check in node.get("any", []))


def serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    # Colours are checked at rest, not halfway through a button's transition.
    # A constructed stylesheet, as the page's Content-Security-Policy refuses inline <style>.
    page.evaluate(
        "() => { const sheet = new CSSStyleSheet();"
        " sheet.replaceSync('*, *::before, *::after { transition: none !important; }');"
        " document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }"
    )
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
        f"{', '.join(n['html'][:80] + ' ' + _why(n) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_have_no_serious_accessibility_problems(page, world: World, path) -> None:
    page.goto(path)
    assert serious(page) == []
    assert fits_the_screen(page)


def test_the_booking_steps_are_accessible(page, world: World) -> None:
    from ..factories import WorkingHoursFactory

    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    service = world.practice.services.get()
    page.goto(f"/book/?service={service.code}&therapist=any")
    assert serious(page) == []
    assert fits_the_screen(page)
    page.locator("a.time").first.click()
    page.get_by_role("button", name="Book this visit").click()  # with errors
    assert serious(page) == []
    assert fits_the_screen(page)


def test_the_contact_form_with_errors_is_accessible(page, world: World) -> None:
    page.goto("/contact/")
    page.get_by_role("button", name="Send message").click()
    assert page.get_by_text("Please tell us your name.").is_visible()
    assert serious(page) == []


def test_the_home_page_with_everything_on_is_accessible(page, world: World) -> None:
    from easeplan.site.models import PublicSite

    PublicSite.objects.create(
        practice=world.practice,
        intro="Two therapists by the river.\n\nParking at the back.",
        hidden_conditions=["hip-pain"],
        show_opening_hours=True,
    )
    page.goto("/")
    assert page.get_by_role("region", name="Opening hours").is_visible()
    assert serious(page) == []
    assert fits_the_screen(page)


def test_a_therapists_own_pages_are_accessible(page, world: World) -> None:
    log_in(page, world.therapist_user.email, PASSWORD)
    for path in ["/staff/me/profile/", "/staff/me/hours/", "/staff/me/time-off/"]:
        page.goto(path)
        assert serious(page) == [], path
        assert fits_the_screen(page), path
    page.goto("/staff/me/hours/")
    row = page.locator(".formset-row").nth(1)
    row.get_by_label("From").fill("12:00")
    row.get_by_label("Until").fill("10:00")
    page.get_by_role("button", name="Save my hours").click()
    assert page.get_by_text("The end time must be after the start time.").is_visible()
    assert serious(page) == []


def test_keyboard_users_can_skip_to_the_content(page, world: World) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_staff_pages_have_no_serious_accessibility_problems(page, world: World) -> None:
    message = ContactMessageFactory(practice=world.practice)
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client
    )
    assessment = AssessmentFactory(practice=world.practice, client=world.client)
    referral = ReferralFactory(practice=world.practice, assessment=assessment)
    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    visit.plan = plan
    visit.save(update_fields=["plan"])
    secret = give_totp(world.owner)
    log_in(page, world.owner.email, PASSWORD)
    assert serious(page) == []  # the code page
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url("**/staff/")
    for path in [
        "/staff/",
        "/staff/services/",
        "/staff/services/new/",
        "/staff/team/",
        f"/staff/therapists/{world.therapist.code}/",
        "/staff/practice/",
        "/staff/site/",
        "/staff/clients/",
        f"/staff/clients/{world.client.code}/",
        f"/staff/clients/{world.client.code}/intake/",
        f"/staff/clients/{world.client.code}/summary/",
        f"/staff/clients/{world.client.code}/assessments/new/",
        f"/staff/assessments/{assessment.code}/",
        f"/staff/assessments/{assessment.code}/referral/",
        f"/staff/referrals/{referral.code}/",
        f"/staff/visits/{visit.code}/",
        "/staff/summaries/",
        f"/staff/clients/{world.client.code}/plans/new/",
        f"/staff/plans/{plan.code}/",
        f"/staff/plans/{plan.code}/edit/",
        f"/staff/plans/{plan.code}/review/",
        f"/staff/plans/{plan.code}/progress/",
        f"/staff/plans/{plan.code}/report/",
        "/staff/outcomes/",
        "/staff/privacy/",
        f"/staff/plans/{plan.code}/book/",
        f"/staff/visits/{visit.code}/note/",
        "/staff/notes/due/",
        "/staff/exercises/",
        "/staff/inbox/",
        f"/staff/inbox/{message.code}/",
        "/account/",
        "/accounts/2fa/",
        "/accounts/2fa/webauthn/add/",  # asks for the password first
    ]:
        page.goto(path)
        assert serious(page) == [], path
        assert fits_the_screen(page), path


def test_client_pages_have_no_serious_accessibility_problems(page, world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    from easeplan.portal.models import Message

    from ..factories import PrescriptionFactory
    from ..outcomes.progress_helpers import check_in, pain

    plan = PlanOfCareFactory(practice=world.practice, client=world.client)
    AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        plan=plan,
        starts_at=timezone.now() + dt.timedelta(days=2),
    )
    PrescriptionFactory(plan=plan)
    for weeks, sitting in ((2, 7), (1, 4)):
        check_in(plan, timezone.now() - dt.timedelta(weeks=weeks), pain(sitting, sitting))
    message = Message.objects.create(
        practice=world.practice, client=world.client, subject="Your next visit", body="See you."
    )
    log_in(page, world.client_user.email, PASSWORD)
    for path in [
        "/account/",
        "/account/messages/",
        f"/account/messages/{message.code}/",
        f"/account/plans/{plan.code}/",
        f"/account/plans/{plan.code}/progress/",
        f"/account/plans/{plan.code}/report/",
        "/account/delete/",
    ]:
        page.goto(path)
        assert serious(page) == [], path
        assert fits_the_screen(page), path

"""Outcomes in the browser: the weekly check-in from its email link, the therapist's
progress report, and the owner's outcomes dashboard against the demo practice.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from easeplan.outcomes.models import CheckIn

from ..conftest import World
from ..factories import PASSWORD, PlanOfCareFactory
from ..outcomes.progress_helpers import check_in
from .conftest import fits_the_screen, log_in, too_wide

pytestmark = pytest.mark.e2e

# A week ago, before treatment: pain 7 now and sitting, activities hard, poor sleep.
BASELINE = {
    "nprs-now": {"nprs-now": 7},
    "nprs-sitting": {"nprs-sitting": 7},
    "psfs": {"sit-through-a-film": 3, "run-5-km": 2},
}


def answer_every_question(page, pain: int, activity: int) -> None:  # type: ignore[no-untyped-def]
    """Tick `pain` on every 0–10 pain scale, `activity` for each activity, 3 elsewhere."""
    for fieldset in page.locator("form.checkin fieldset").all():
        name = fieldset.locator("input[type=radio]").first.get_attribute("name") or ""
        value = pain if name.startswith("nprs") else activity if name.startswith("psfs") else 3
        fieldset.locator(f"label:has(input[value='{value}'])").click()


def test_a_client_answers_the_weekly_check_in_from_the_email_and_sees_the_change(
    page, world: World
) -> None:
    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )
    check_in(plan, timezone.now() - dt.timedelta(days=8), BASELINE)

    call_command("send_weekly_checkins", stdout=None)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [world.client.email]
    link = re.search(r"https?://\S+/checkin/\S+/", email.body)
    assert link is not None
    path = re.sub(r"^https?://[^/]+", "", link.group(0))

    # The link opens that one check-in, without a password, on a phone.
    page.goto(path)
    expect(page.get_by_role("heading", name="How has your week been?")).to_be_visible()
    expect(page.get_by_text(world.client.first_name, exact=False).first).to_be_visible()
    assert fits_the_screen(page), too_wide(page)
    answer_every_question(page, pain=3, activity=7)
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    assert CheckIn.objects.get(sent_at__isnull=False, plan=plan).completed_at is not None
    page.goto(path)  # single use: the link is spent
    expect(page.get_by_role("heading", name="How has your week been?")).to_have_count(0)

    # Signed in, the client's progress says it in words and the chart holds the new point.
    log_in(page, world.client_user.email, PASSWORD)
    page.goto(f"/account/plans/{plan.code}/progress/")
    expect(
        page.get_by_text("Your pain now is down from 7 to 3 — that is a meaningful change.")
    ).to_be_visible()
    expect(
        page.get_by_text("Your sitting pain is down from 7 to 3 — that is a meaningful change.")
    ).to_be_visible()
    # On the phone one measure's chart at a time, picked by name; the table scrolls in its box.
    expect(page.locator("canvas:visible")).to_have_count(1)
    page.get_by_label("Show").select_option(label="Pain now")
    expect(page.get_by_role("heading", name="Pain now")).to_be_visible()
    expect(page.get_by_role("heading", name="Sitting")).to_be_hidden()
    canvas = page.locator("canvas:visible")
    expect(canvas).to_have_count(1)
    drawn = canvas.evaluate(
        "c => Chart.getChart(c).data.datasets.map(d => [d.label, d.data.map(p => p.y)])"
    )
    assert drawn == [["Pain now", [7, 3]]]
    # Dates in the practice's locale (en-GB: the day before the month, "30 Oct").
    ticks = canvas.evaluate("c => Chart.getChart(c).scales.x.ticks.map(t => t.label)")
    assert ticks and all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", t) for t in ticks), ticks
    wrap = page.locator("[data-measure]:visible .table-wrap")
    assert wrap.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert fits_the_screen(page), too_wide(page)


def test_the_therapist_opens_the_progress_and_downloads_the_report(
    browser, live_server, world: World
) -> None:
    from pypdf import PdfReader

    from ..conftest import give_totp
    from .test_plan_journey import therapist_signs_in

    plan = PlanOfCareFactory(
        practice=world.practice, client=world.client, therapist=world.therapist
    )
    now = timezone.now()
    check_in(plan, now - dt.timedelta(days=21), BASELINE)
    check_in(
        plan,
        now - dt.timedelta(days=1),
        {
            "nprs-now": {"nprs-now": 2},
            "nprs-sitting": {"nprs-sitting": 3},
            "psfs": {"sit-through-a-film": 8, "run-5-km": 6},
        },
    )
    staff = therapist_signs_in(browser, live_server, world, give_totp(world.therapist_user))

    staff.goto(f"/staff/clients/{world.client.code}/")
    staff.get_by_role("link", name=re.compile("Piriformis")).first.click()
    staff.get_by_role("link", name=re.compile("^Progress: pain")).click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Progress")
    expect(staff.get_by_text("meaningful", exact=False).first).to_be_visible()

    staff.get_by_role("link", name="Progress report").click()
    summary = "Sitting pain from 7 to 3 over three weeks; keeps the stretches daily."
    staff.get_by_role("textbox", name="Therapist's summary").fill(summary)
    staff.get_by_role("button", name="Save the summary").click()
    expect(staff.get_by_text(summary).first).to_be_visible()

    with staff.expect_download() as download:
        staff.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.startswith("progress-report-quillfeather-")
    pdf = PdfReader(download.value.path())
    text = " ".join((p.extract_text() or "") for p in pdf.pages)
    text = " ".join(text.split())
    assert world.client.full_name in text
    assert "Piriformis" in text
    assert summary in text
    assert re.search(r"Pain now .*7.*2", text), text[:600]


def percent(part: int, whole: int) -> str:
    """A whole percentage, halves up, as the dashboard shows it; "—" for nothing to count."""
    if not whole:
        return "—"
    return f"{(200 * part + whole) // (2 * whole)}%"


def demo_figures(now: dt.datetime) -> dict[str, str]:
    """The demo practice's outcome figures, counted here plan by plan from the definitions
    on the dashboard page (not with the dashboard's own code)."""
    from easeplan.care.models import PlanOfCare
    from easeplan.outcomes import instruments, measures
    from easeplan.outcomes.models import Response

    plans = list(PlanOfCare.objects.prefetch_related("visits"))
    finished = [p for p in plans if p.status in ("completed", "discharged")]
    closed = finished + [p for p in plans if p.status == "abandoned"]

    def improved(plan: PlanOfCare, code: str) -> bool | None:
        instrument = measures.psfs_for(plan.goals) if code == "psfs" else measures.INSTRUMENTS[code]
        rows = Response.objects.filter(plan=plan, instrument=code).order_by("collected_at")
        scores = [instruments.score(instrument, r.answers) for r in rows]
        scored = [s for s in scores if s is not None]
        if len(scored) < 2:
            return None
        found = instruments.change(instrument, scored[0], scored[-1])
        return found.meaningful and found.direction is instruments.Trend.BETTER

    pain = [improved(p, "nprs-now") for p in finished]
    function = [improved(p, "psfs") for p in finished]
    first_visits, dropped = 0, 0
    for plan in plans:
        took_place = sorted(
            v.starts_at
            for v in plan.visits.all()
            if v.status not in ("cancelled", "no_show") and v.starts_at <= now
        )
        later = [v for v in plan.visits.all() if v.status == "booked" and v.starts_at > now]
        if plan.visits_planned < 2 or not took_place:
            continue
        if took_place[0] > now - dt.timedelta(days=14):
            continue
        first_visits += 1
        dropped += len(took_place) == 1 and not later and plan not in finished
    return {
        "active": str(sum(p.status == "active" for p in plans)),
        "completion": percent(len(finished), len(closed)),
        "pain": percent(sum(x is True for x in pain), sum(x is not None for x in pain)),
        "function": percent(sum(x is True for x in function), sum(x is not None for x in function)),
        "drop-off": percent(dropped, first_visits),
        "dropped": str(dropped),
    }


def test_the_owner_sees_the_demo_practice_outcomes(page) -> None:
    from easeplan.accounts.models import User
    from easeplan.demo.seed import DEMO_PASSWORD, seed_demo

    from ..conftest import give_totp, totp_code

    seed_demo()
    expected = demo_figures(timezone.now())
    assert expected["dropped"] == "3"  # the demo's three clients who came once
    owner = User.objects.get(email="owner@demo.easeplan.test")
    secret = give_totp(owner)
    log_in(page, owner.email, DEMO_PASSWORD)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url("**/staff/")

    page.get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", name="Practice outcomes")).to_be_visible()

    def figure(words: str) -> str:
        card = page.locator("article", has_text=words).first
        return card.locator(".stat").inner_text().strip()

    assert figure("active plan") == expected["active"]
    assert figure("completion rate") == expected["completion"]
    assert figure("meaningful change in pain") == expected["pain"]
    assert figure("meaningful change in function") == expected["function"]
    assert figure("drop-off after the first visit") == expected["drop-off"]
    expect(page.locator("article", has_text="drop-off after the first visit")).to_contain_text(
        f"{expected['dropped']} of "
    )
    assert fits_the_screen(page), too_wide(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")

"""The progress report as a PDF: headers, filename, what it says (read back with pypdf)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from easeplan.accounts.models import AuditEvent
from easeplan.care.models import PlanOfCare
from easeplan.outcomes.reports import pdf as report_pdf
from easeplan.outcomes.reports import services as report

from ...conftest import World, signed_in
from ...factories import PlanOfCareFactory
from ..progress_helpers import check_in
from .test_services import NOW, SUMMARY, WEEK, a_course, built
from .test_services import now as now  # the frozen clock (a fixture)
from .test_services import plan as plan  # a fixture

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    """Every page's text, with runs of white space made single spaces."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_therapist_downloads_the_report_as_a_pdf(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)

    answer = signed_in(world.therapist_user).get(reverse("reports:plan_pdf", args=[plan.code]))

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == (
        'attachment; filename="progress-report-quillfeather-2026-11-24.pdf"'
    )
    assert "no-store" in answer["Cache-Control"]
    assert answer.content.startswith(b"%PDF-")
    text = text_of(answer.content)
    for expected in (
        "Riverside Massage",
        "Progress report",
        "Ada Quillfeather",
        "9 Mar 1984",
        "Piriformis syndrome",
        "Dana Whitlockova",
        "Sit through a film",
        "2 of 5 planned visits took place",
        "Missed",
        "Pain when sitting (NPRS)",
        "7 (3 Nov 2026)",
        "3 (17 Nov 2026)",
        "−4",
        "Meaningful improvement",
        "Farrar 2001",
        "trend only",
        "Lying figure-4 stretch",
        "40%",
        "Ada sits through a film again.",
        "Page 1 of",
    ):
        assert expected in text, expected


def test_the_whole_summary_is_printed(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)

    text = text_of(report_pdf.render(built(plan)))

    assert SUMMARY in text


def test_the_download_is_audited(world: World, plan: PlanOfCare) -> None:
    signed_in(world.owner).get(reverse("reports:plan_pdf", args=[plan.code]))

    event = AuditEvent.objects.get(action="outcomes.report.downloaded")
    assert event.actor == world.owner
    assert event.object_id == plan.code


def test_pages_are_numbered_with_their_total(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)
    plan.summary = "A long summary. " * 120  # about 2,000 characters
    plan.save(update_fields=["summary"])

    reader = PdfReader(io.BytesIO(report_pdf.render(built(plan))))

    total = len(reader.pages)
    assert 1 <= total <= 3
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {total}" in page.extract_text()
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)  # A4


def test_unicode_names_render(world: World, plan: PlanOfCare) -> None:
    world.client.first_name, world.client.last_name = "Zoë", "Łukasiewicz"
    world.client.save(update_fields=["first_name", "last_name"])
    world.therapist.display_name = "Siân O’Connor"
    world.therapist.save(update_fields=["display_name"])
    plan.summary = "Better — sitting 7 → 3."
    plan.save(update_fields=["summary"])

    answer = signed_in(world.client_user, mfa=False).get(
        reverse("reports:mine_pdf", args=[plan.code])
    )

    text = text_of(answer.content)
    assert "Zoë Łukasiewicz" in text
    assert "Siân O’Connor" in text
    assert "Better — sitting 7 → 3." in text
    assert "Siân O’Connor, Riverside Massage" in text  # the written summary is signed
    assert answer["Content-Disposition"] == (
        'attachment; filename="progress-report-lukasiewicz-2026-11-24.pdf"'
    )


def test_metadata_and_bytes_are_deterministic(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)
    found = built(plan)

    first, again = report_pdf.render(found), report_pdf.render(found)

    assert first == again
    meta = PdfReader(io.BytesIO(first)).metadata
    assert meta.title == "Progress report: Ada Quillfeather, Piriformis syndrome"
    assert meta.author == "Riverside Massage"
    assert meta.creation_date == NOW


def test_the_pain_chart_is_drawn_with_its_key(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)

    text = text_of(report_pdf.render(built(plan)))

    assert "Pain over time (0 = no pain, 10 = worst)" in text
    assert "Pain when sitting (NPRS): 7 → 3" in text


def test_a_plan_with_nothing_yet_says_so(world: World, plan: PlanOfCare) -> None:
    text = text_of(report_pdf.render(built(plan)))

    assert "No visits booked in this plan." in text
    assert "No check-ins with outcome measures in this plan yet." in text
    assert "No home exercises were prescribed in this plan." in text
    assert "No summary written yet." in text
    assert "Dana Whitlockova, Riverside Massage" not in text  # nothing written, nothing signed
    assert "Pain over time" not in text


def test_the_client_downloads_only_their_own(world: World, plan: PlanOfCare) -> None:
    browser = signed_in(world.client_user, mfa=False)
    theirs = PlanOfCareFactory(practice=world.practice, client=world.another_client)

    mine = browser.get(reverse("reports:mine_pdf", args=[plan.code]))

    assert mine.status_code == 200
    assert "Ada Quillfeather" in text_of(mine.content)
    assert browser.get(reverse("reports:mine_pdf", args=[theirs.code])).status_code == 404


def test_the_font_is_vendored_with_its_licence() -> None:
    fonts = report_pdf.FONTS
    assert (fonts / "DejaVuSans.ttf").stat().st_size > 500_000
    assert (fonts / "DejaVuSans-Bold.ttf").stat().st_size > 500_000
    assert "Bitstream" in (fonts / "LICENSE").read_text()
    readme = (settings.BASE_DIR / "static" / "vendor" / "README.md").read_text()
    assert "dejavu-fonts-ttf" in readme


def test_the_filename_uses_the_practice_day(world: World, plan: PlanOfCare) -> None:
    """Past midnight in the practice's zone, the report is of its new day."""
    late = dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC)
    world.practice.time_zone = "Europe/Helsinki"  # UTC+2 in November
    world.practice.save(update_fields=["time_zone"])
    fresh = PlanOfCare.objects.select_related("client", "therapist", "practice").get(pk=plan.pk)

    assert report.filename(report.build(fresh, late)) == (
        "progress-report-quillfeather-2026-11-25.pdf"
    )


def test_the_pdf_gives_no_psfs_verdict_without_a_shared_activity(
    world: World, plan: PlanOfCare
) -> None:
    plan.goals = ["Sitting 30 min", "Running 5 km", "Stairs"]
    plan.save(update_fields=["goals"])
    check_in(plan, NOW - 3 * WEEK, {"psfs": {"sitting-30-min": 2, "running-5-km": 2, "stairs": 2}})
    plan.goals = ["Driving 1 hour", "Gardening", "Cycling"]
    plan.save(update_fields=["goals"])
    check_in(plan, NOW - 2 * WEEK, {"psfs": {"driving-1-hour": 5, "gardening": 5, "cycling": 5}})

    for browser, name in (
        (signed_in(world.therapist_user), "reports:plan_pdf"),
        (signed_in(world.client_user, mfa=False), "reports:mine_pdf"),
    ):
        response = browser.get(reverse(name, args=[plan.code]))
        assert response.status_code == 200, name
        text = text_of(response.content)
        assert "No verdict: no activity was rated both at the start" in text, name
        assert "eaningful improvement" not in text, name

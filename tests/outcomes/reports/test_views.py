"""The progress report pages: the staff's (with the summary form) and the client's own."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from easeplan.accounts.models import AuditEvent
from easeplan.care.models import PlanOfCare

from ...conftest import World, page_text, signed_in
from ...factories import (
    AppointmentFactory,
    ClientFactory,
    PlanOfCareFactory,
    SessionNoteFactory,
    UserFactory,
)
from ..progress_helpers import check_in, pain
from .test_services import NOW, SUMMARY, a_course
from .test_services import now as now  # the frozen clock (a fixture)
from .test_services import plan as plan  # a fixture

pytestmark = pytest.mark.django_db


def url(name: str, plan: PlanOfCare) -> str:
    return reverse(f"reports:{name}", args=[plan.code])


# -- the staff's page ------------------------------------------------------------------------


def test_the_therapist_sees_the_whole_report(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)

    page = signed_in(world.therapist_user).get(url("plan", plan))

    assert page.status_code == 200
    text = page_text(page)
    for expected in (
        "Riverside Massage",
        "01632 960123",
        "Ada Quillfeather",
        "9 Mar 1984",
        "Piriformis syndrome (active)",
        "Dana Whitlockova",
        "Sit through a film",
        "2 of 5 planned visits took place",
        "Missed",
        "Cancelled",
        "Pain when sitting (NPRS)",
        "7 <small>(3 Nov 2026)</small>",
        "3 <small>(17 Nov 2026)</small>",
        "−4",
        "Meaningful improvement (at least 2 points)",
        "Farrar 2001, Pain 94:149",
        "Better (trend only, no validated threshold)",
        "Lying figure-4 stretch",
        "40%",
        SUMMARY,
    ):
        assert expected in text, expected


def test_it_links_print_pdf_and_the_print_stylesheet(world: World, plan: PlanOfCare) -> None:
    text = page_text(signed_in(world.owner).get(url("plan", plan)))

    assert "data-print>Print</button>" in text and "js/print.js" in text
    assert f'href="{url("plan_pdf", plan)}" download>Download PDF</a>' in text
    assert "css/report.css" in text


def test_the_print_stylesheet_hides_the_site_and_prints_black_on_white() -> None:
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "report.css").read_text()
    printed = css[css.index("@media print") :]
    assert "header.site-header, nav" in printed and "display: none" in printed
    assert "color: #000" in printed and "background: #fff" in printed


def test_the_report_never_shows_the_soap_notes(world: World, plan: PlanOfCare) -> None:
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client, plan=plan
    )
    SessionNoteFactory(appointment=visit, plan_of_care=plan, subjective="Quarrel with the landlord")

    text = page_text(signed_in(world.therapist_user).get(url("plan", plan)))

    assert "Quarrel with the landlord" not in text
    assert "it does not contain clinical notes" in text


def test_opening_the_report_is_audited(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)

    signed_in(world.therapist_user).get(url("plan", plan))

    event = AuditEvent.objects.get(action="outcomes.report.viewed")
    assert event.actor == world.therapist_user
    assert event.object_id == plan.code
    assert event.data == {"measures": ["nprs-sitting", "sleep"], "visits": 5}


def test_the_front_desk_and_other_practices_get_404(world: World, plan: PlanOfCare) -> None:
    for user in (world.front_desk, world.other_owner):
        browser = signed_in(user)
        assert browser.get(url("plan", plan)).status_code == 404
        assert browser.get(url("plan_pdf", plan)).status_code == 404
        assert browser.post(url("summary", plan), {"summary": "x"}).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="outcomes.report").exists()


def test_the_plan_and_progress_pages_link_to_the_report(world: World, plan: PlanOfCare) -> None:
    browser = signed_in(world.therapist_user)

    for page in ("plans:detail", "progress:plan"):
        text = page_text(browser.get(reverse(page, args=[plan.code])))
        assert f'href="{url("plan", plan)}">Progress report</a>' in text


# -- the summary -----------------------------------------------------------------------------


def test_the_therapist_writes_the_summary(world: World, plan: PlanOfCare) -> None:
    browser = signed_in(world.therapist_user)

    answer = browser.post(url("summary", plan), {"summary": "  Goals met; discharged.  "})

    assert answer.status_code == 302
    assert answer["Location"] == url("plan", plan)
    plan.refresh_from_db()
    assert plan.summary == "Goals met; discharged."
    text = page_text(browser.get(url("plan", plan)))
    assert "Summary saved." in text
    assert "Goals met; discharged." in text
    event = AuditEvent.objects.get(action="outcomes.report.summary_saved")
    assert event.actor == world.therapist_user
    assert event.data == {"characters": 22, "cleared": False}


def test_a_summary_too_long_is_refused_and_nothing_is_saved(world: World, plan: PlanOfCare) -> None:
    plan.summary = "The old summary."
    plan.save(update_fields=["summary"])

    answer = signed_in(world.therapist_user).post(url("summary", plan), {"summary": "x" * 2001})

    assert answer.status_code == 400
    text = page_text(answer)
    assert "The summary can be up to 2,000 characters; this one has 2001." in text
    assert 'aria-invalid="true"' in text
    assert "x" * 2001 in text  # kept, to shorten
    plan.refresh_from_db()
    assert plan.summary == "The old summary."
    assert not AuditEvent.objects.filter(action="outcomes.report.summary_saved").exists()


def test_an_empty_summary_clears_it(world: World, plan: PlanOfCare) -> None:
    plan.summary = "The old summary."
    plan.save(update_fields=["summary"])
    browser = signed_in(world.owner)

    answer = browser.post(url("summary", plan), {})

    assert answer.status_code == 302
    plan.refresh_from_db()
    assert plan.summary == ""
    assert "Summary cleared." in page_text(browser.get(url("plan", plan)))


def test_the_summary_is_saved_only_by_post(world: World, plan: PlanOfCare) -> None:
    assert signed_in(world.owner).get(url("summary", plan)).status_code == 405


# -- the client's own report -----------------------------------------------------------------


def test_the_client_reads_their_own_report(world: World, plan: PlanOfCare) -> None:
    a_course(world, plan)
    browser = signed_in(world.client_user, mfa=False)

    page = browser.get(url("mine", plan))

    assert page.status_code == 200
    text = page_text(page)
    assert "Ada Quillfeather" in text
    assert "Meaningful improvement (at least 2 points)" in text
    assert SUMMARY in text
    assert f'href="{url("mine_pdf", plan)}" download>Download PDF</a>' in text
    assert "Write the summary" not in text
    assert not AuditEvent.objects.filter(action__startswith="outcomes.report").exists()


def test_the_client_progress_page_links_to_the_report(world: World, plan: PlanOfCare) -> None:
    check_in(plan, NOW - dt.timedelta(days=7), pain(6))

    text = page_text(
        signed_in(world.client_user, mfa=False).get(reverse("progress:mine", args=[plan.code]))
    )

    assert f'href="{url("mine", plan)}">Progress report</a>' in text


def test_another_clients_report_is_missing(world: World, plan: PlanOfCare) -> None:
    theirs = PlanOfCareFactory(practice=world.practice, client=world.another_client)
    elsewhere = PlanOfCareFactory(practice=world.other_practice, client=world.other_client)
    browser = signed_in(world.client_user, mfa=False)

    for other in (theirs, elsewhere):
        assert browser.get(url("mine", other)).status_code == 404
        assert browser.get(url("mine_pdf", other)).status_code == 404


def test_a_client_record_of_someone_else_stays_theirs(world: World) -> None:
    """The same person may be a client elsewhere; a plan of a record not linked to the
    signed-in person is not theirs, whatever the name."""
    stranger = UserFactory()
    record = ClientFactory(practice=world.practice, first_name="Ada", last_name="Quillfeather")
    plan = PlanOfCareFactory(practice=world.practice, client=record)

    assert signed_in(stranger, mfa=False).get(url("mine", plan)).status_code == 404


def test_the_client_must_sign_in(world: World, plan: PlanOfCare) -> None:
    from django.test import Client as Browser

    answer = Browser().get(url("mine", plan))

    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("account_login"))


# -- query counts ----------------------------------------------------------------------------


def _grow(world: World, plan: PlanOfCare, check_ins: int, visits: int) -> None:
    for n in range(check_ins):
        answers = pain(n % 11, now=4) | {"sleep": {"sleep": 3}, "mood": {"mood": 2}}
        check_in(plan, NOW - (n + 1) * dt.timedelta(days=2), answers)
    earlier = plan.visits.count()  # new visits go before those made already (PostgreSQL
    for n in range(earlier, earlier + visits):  # refuses one therapist's overlapping visits)
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            plan=plan,
            starts_at=NOW - (n + 1) * dt.timedelta(days=3),
        )


def _queries(browser, address: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as done:
        assert browser.get(address).status_code == 200
    return len(done)


@pytest.mark.parametrize("name", ["plan", "plan_pdf", "mine", "mine_pdf"])
def test_the_report_runs_a_constant_number_of_queries(  # type: ignore[no-untyped-def]
    world: World, plan: PlanOfCare, name: str, django_assert_max_num_queries
) -> None:
    """1 check-in and 1 visit, then 10 check-ins and 5 visits: no more queries."""
    user, mfa = (
        (world.client_user, False) if name.startswith("mine") else (world.therapist_user, True)
    )
    browser = signed_in(user, mfa=mfa)
    _grow(world, plan, 1, 1)
    browser.get(url(name, plan))  # warm the session
    small = _queries(browser, url(name, plan))
    _grow(world, plan, 9, 4)

    with django_assert_max_num_queries(small):
        answer = browser.get(url(name, plan))

    assert answer.status_code == 200
    assert small <= 12


def test_a_refused_summary_points_the_field_at_its_error_and_help(
    world: World, plan: PlanOfCare
) -> None:
    answer = signed_in(world.therapist_user).post(url("summary", plan), {"summary": "x" * 2001})
    html = answer.content.decode()
    field = re.search(r'<textarea name="summary"[^>]*>', html)
    assert field and 'id="id_summary"' in field.group(0) and 'maxlength="2000"' in field.group(0)
    assert 'aria-invalid="true"' in field.group(0)
    assert 'aria-describedby="id_summary_helptext id_summary_error"' in field.group(0)
    assert 'id="id_summary_error"' in html and 'id="id_summary_helptext"' in html
    assert '<label for="id_summary">' in html

"""The practice carries out a deletion request: what goes at once, what is kept, how long."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core import mail
from django.urls import reverse

from easeplan.accounts.models import AuditEvent, User
from easeplan.booking.availability import free_times
from easeplan.booking.models import Appointment, Reminder, WaitlistEntry
from easeplan.care.models import Consent, Intake, Nudge, PlanOfCare, SessionNote
from easeplan.outcomes.models import CheckIn, Response
from easeplan.portal.models import Message
from easeplan.privacy.models import DeletionRequest
from easeplan.screening.models import Assessment

from ..conftest import World, give_totp, page_text, signed_in
from ..factories import (
    PASSWORD,
    AppointmentFactory,
    ClientFactory,
    MembershipFactory,
    PracticeFactory,
)
from .records import full_record

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)  # a Monday
Carry = Callable[..., Any]


@pytest.fixture
def carry(world: World, django_capture_on_commit_callbacks) -> Carry:  # type: ignore[no-untyped-def]
    """Carry out `request` as the owner (box ticked unless `confirm` is False)."""
    give_totp(world.owner)

    def post(request: DeletionRequest, *, confirm: bool = True) -> Any:
        browser = signed_in(world.owner)
        data = {"confirm": "on"} if confirm else {}
        url = reverse("privacy:carry_out", args=[request.code])
        with django_capture_on_commit_callbacks(execute=True):
            return browser.post(url, data, follow=True)

    return post


def _asked(world: World) -> DeletionRequest:
    return DeletionRequest.objects.create(practice=world.practice, client=world.client)


@time_machine.travel(NOW, tick=False)
def test_everything_but_the_clinical_record_goes_at_once(world: World, carry: Carry) -> None:
    mine = full_record(world.client)
    response = carry(_asked(world))
    assert "Ada Quillfeather's account and contact details are deleted" in page_text(response)
    mine.future.refresh_from_db()
    assert mine.future.status == Appointment.Status.CANCELLED
    assert not Reminder.objects.filter(appointment=mine.future, voided_at__isnull=True).exists()
    assert not WaitlistEntry.objects.filter(pk=mine.waitlist.pk).exists()
    assert not Nudge.objects.filter(pk=mine.nudge.pk).exists()
    assert not Message.objects.filter(pk=mine.message.pk).exists()
    assert not CheckIn.objects.filter(pk=mine.open_checkin.pk).exists()
    client = world.client
    client.refresh_from_db()
    assert (client.email, client.phone, client.user) == (
        f"erased-{client.code}@invalid.example",
        "",
        None,
    )
    assert client.erased_at == NOW
    assert not User.objects.filter(pk=world.client_user.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_the_clinical_record_is_kept(world: World, carry: Carry) -> None:
    mine = full_record(world.client)
    carry(_asked(world))
    client = world.client
    client.refresh_from_db()
    assert client.full_name == "Ada Quillfeather"
    assert Appointment.objects.get(pk=mine.past.pk).status == "completed"
    assert SessionNote.objects.filter(pk__in=[mine.signed.pk, mine.draft.pk]).count() == 2
    plan = PlanOfCare.objects.get(pk=mine.plan.pk)  # kept, and closed: no visit can follow
    assert plan.status == "abandoned"
    assert plan.status_reason == "The client asked for their account to be deleted."
    assert Consent.objects.filter(pk=mine.consent.pk).exists()
    assert Assessment.objects.filter(pk=mine.assessment.pk).exists()
    assert Response.objects.filter(checkin=mine.done_checkin).exists()
    intake = Intake.objects.get(pk=mine.intake.pk)
    assert intake.answers == {"occupation": "Desk job"}
    assert intake.draft == {}  # the unsent draft is not part of the record


@time_machine.travel(NOW, tick=False)
def test_the_phone_and_emergency_contact_in_the_intake_go_too(world: World, carry: Carry) -> None:
    mine = full_record(world.client)
    contacts = {
        "phone": "0117 496 0123",
        "emergency_contact_name": "Ben Quillfeather",
        "emergency_contact_phone": "0117 496 0456",
        "emergency_contact_relation": "Brother",
    }
    Intake.objects.filter(pk=mine.intake.pk).update(
        answers={"occupation": "Desk job", "date_of_birth": "1980-04-02", **contacts}
    )
    carry(_asked(world))
    answers = Intake.objects.get(pk=mine.intake.pk).answers
    assert answers == {
        "occupation": "Desk job",
        "date_of_birth": "1980-04-02",  # part of the clinical record, kept
        **dict.fromkeys(contacts, ""),
    }
    for contact in contacts.values():
        assert contact not in str(answers)


@time_machine.travel(NOW, tick=False)
def test_the_record_is_kept_for_the_retention_period_after_the_last_visit(
    world: World, carry: Carry
) -> None:
    world.practice.record_retention_years = 10
    world.practice.save()
    full_record(world.client)  # last visit that took place: 10 days ago
    carry(_asked(world))
    world.client.refresh_from_db()
    assert world.client.records_kept_until == dt.date(2036, 2, 20)


@time_machine.travel(dt.datetime(2024, 3, 10, 12, 0, tzinfo=LONDON), tick=False)
def test_a_last_visit_on_29_february_is_kept_until_1_march(world: World, carry: Carry) -> None:
    world.practice.record_retention_years = 1
    world.practice.save()
    for day, status in ((29, "completed"), (1, "completed")):
        AppointmentFactory(
            practice=world.practice,
            therapist=world.therapist,
            client=world.client,
            starts_at=dt.datetime(2024, 2, day, 10, tzinfo=LONDON),
            status=status,
        )
    AppointmentFactory(  # missed: not a visit that took place
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        starts_at=dt.datetime(2024, 3, 4, 10, tzinfo=LONDON),
        status="no_show",
    )
    carry(_asked(world))
    world.client.refresh_from_db()
    assert world.client.records_kept_until == dt.date(2025, 3, 1)


@time_machine.travel(NOW, tick=False)
def test_without_visits_the_period_runs_from_today(world: World, carry: Carry) -> None:
    carry(_asked(world))
    world.client.refresh_from_db()
    assert world.client.records_kept_until == dt.date(2034, 3, 2)


@time_machine.travel(NOW, tick=False)
def test_the_login_no_longer_works(world: World, carry: Carry) -> None:
    browser = signed_in(world.client_user, mfa=False)
    assert browser.get(reverse("account_home")).status_code == 200
    assert authenticate(email=world.client_user.email, password=PASSWORD) is not None
    carry(_asked(world))
    assert authenticate(email=world.client_user.email, password=PASSWORD) is None
    assert browser.get(reverse("account_home")).status_code == 302  # signed out


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_future_visit_frees_its_time(world: World, carry: Carry) -> None:
    start = dt.datetime(2026, 3, 9, 10, 0, tzinfo=LONDON)  # next Monday, in working hours
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client, starts_at=start
    )
    window = (start, start + dt.timedelta(minutes=1))
    assert start not in free_times(world.therapist, visit.service, *window, now=NOW)
    carry(_asked(world))
    assert start in free_times(world.therapist, visit.service, *window, now=NOW)


@time_machine.travel(NOW, tick=False)
def test_after_erasure_no_visit_is_booked_and_no_plan_starts(world: World, carry: Carry) -> None:
    from easeplan.booking.services import BookingRefused, book_appointment
    from easeplan.care.plans import services as plan_services
    from easeplan.care.plans.services import PlanRefused

    mine = full_record(world.client)
    carry(_asked(world))
    client = world.client
    client.refresh_from_db()
    start = dt.datetime(2026, 3, 9, 10, 0, tzinfo=LONDON)
    service = world.practice.services.first()
    with pytest.raises(BookingRefused, match="deleted at their request"):
        book_appointment(client, world.therapist, service, start, actor=world.owner, staff=True)
    with pytest.raises(PlanRefused, match="deleted at their request"):
        plan_services.change_status(PlanOfCare.objects.get(pk=mine.plan.pk), "active")
    terms = plan_services.PlanTerms(
        condition="hip",
        condition_detail="",
        goals=["Walk the dog"],
        visits_planned=5,
        weeks=4,
        frequency_days=7,
        starts_on=NOW.date(),
        review_on=NOW.date() + dt.timedelta(weeks=4),
        glute_work_every_session=False,
        baseline_pain=5,
        therapist=world.therapist,
        service=service,
    )
    with pytest.raises(PlanRefused, match="deleted at their request"):
        plan_services.create_plan(client, terms, actor=world.owner)
    assert not Appointment.objects.filter(client=client, starts_at=start).exists()
    assert PlanOfCare.objects.filter(client=client).count() == 1
    assert PlanOfCare.objects.get(pk=mine.plan.pk).status == "abandoned"


@time_machine.travel(NOW, tick=False)
def test_the_client_is_told_at_their_old_address(world: World, carry: Carry) -> None:
    address = world.client.email
    full_record(world.client)
    carry(_asked(world))
    [email] = mail.outbox
    assert email.to == [address]
    assert email.reply_to == [world.practice.email]
    assert "Kept until 20 February 2034" in email.body
    assert "1 future visit (cancelled)" in email.body


@time_machine.travel(NOW, tick=False)
def test_a_login_with_records_elsewhere_is_only_unlinked(world: World, carry: Carry) -> None:
    elsewhere = ClientFactory(
        practice=PracticeFactory(), user=world.client_user, email=world.client_user.email
    )
    carry(_asked(world))
    world.client.refresh_from_db()
    assert world.client.user is None
    elsewhere.refresh_from_db()
    assert elsewhere.user == world.client_user
    assert authenticate(email=world.client_user.email, password=PASSWORD) is not None
    assert "you still have records at another practice" in mail.outbox[0].body


@time_machine.travel(NOW, tick=False)
def test_a_login_of_a_team_member_is_only_unlinked(world: World, carry: Carry) -> None:
    MembershipFactory(user=world.client_user, practice=world.other_practice)
    carry(_asked(world))
    assert User.objects.filter(pk=world.client_user.pk).exists()
    world.client.refresh_from_db()
    assert world.client.user is None


@time_machine.travel(NOW, tick=False)
def test_carrying_out_is_audited_without_personal_data(world: World, carry: Carry) -> None:
    full_record(world.client)
    request = _asked(world)
    carry(request)
    request.refresh_from_db()
    assert (request.status, request.handled_by, request.handled_at) == ("done", world.owner, NOW)
    event = AuditEvent.objects.get(action="privacy.deletion.carried_out")
    assert (event.actor, event.practice, event.object_id) == (
        world.owner,
        world.practice,
        request.code,
    )
    assert event.data["cancelled_visits"] == 1
    for personal in ("Ada", "Quillfeather", "@"):
        assert personal not in str(event.data)


def test_an_empty_post_deletes_nothing_and_says_why(world: World, carry: Carry) -> None:
    request = _asked(world)
    response = carry(request, confirm=False)
    assert response.redirect_chain[0][1] == 302
    assert "Nothing was deleted: tick the box to confirm" in page_text(response)
    request.refresh_from_db()
    assert request.status == "requested"
    world.client.refresh_from_db()
    assert world.client.erased_at is None


def test_a_handled_request_is_not_carried_out_again(world: World, carry: Carry) -> None:
    request = _asked(world)
    request.status = "withdrawn"
    request.save()
    response = carry(request)
    assert "This request was already handled." in page_text(response)
    world.client.refresh_from_db()
    assert world.client.erased_at is None
    assert not mail.outbox


def test_staff_see_requests_open_first_with_the_client_page_linked(world: World) -> None:
    DeletionRequest.objects.create(
        practice=world.practice, client=world.another_client, status="done"
    )
    _asked(world)
    DeletionRequest.objects.create(practice=world.other_practice, client=world.other_client)
    give_totp(world.front_desk)
    text = page_text(signed_in(world.front_desk).get(reverse("privacy:requests")))
    assert text.index("Ada Quillfeather") < text.index("Bram Vossbergen")
    assert reverse("practice:client", args=[world.client.code]) in text
    assert "Marlowicz" not in text
    assert "The practice owner carries it out." in text
    assert "Carry out" not in text


def test_the_owner_sees_the_carry_out_button(world: World) -> None:
    _asked(world)
    give_totp(world.owner)
    text = page_text(signed_in(world.owner).get(reverse("privacy:requests")))
    assert reverse("privacy:carry_out", args=[_asked_code(world)]) in text
    assert 'name="confirm"' in text


def _asked_code(world: World) -> str:
    return DeletionRequest.objects.get(client=world.client).code


def test_the_requests_page_makes_the_same_queries_for_many_requests(
    world: World, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    give_totp(world.owner)
    browser = signed_in(world.owner)
    url = reverse("privacy:requests")
    _asked(world)
    browser.get(url)
    with CaptureQueriesContext(connection) as one:
        assert browser.get(url).status_code == 200
    for _ in range(5):
        client = ClientFactory(practice=world.practice)
        DeletionRequest.objects.create(
            practice=world.practice, client=client, status="done", handled_by=world.owner
        )
    with django_assert_max_num_queries(len(one)):
        page = browser.get(url)
    assert page_text(page).count("Carried out") == 5


def test_the_dashboard_counts_open_requests(world: World) -> None:
    give_totp(world.therapist_user)
    browser = signed_in(world.therapist_user)
    assert "deletion request" not in page_text(browser.get(reverse("practice:dashboard")))
    _asked(world)
    text = page_text(browser.get(reverse("practice:dashboard")))
    assert f'<a href="{reverse("privacy:requests")}">deletion request</a>' in text


@time_machine.travel(NOW, tick=False)
def test_the_client_page_says_asked_then_erased(world: World, carry: Carry) -> None:
    give_totp(world.front_desk)
    browser = signed_in(world.front_desk)
    url = reverse("practice:client", args=[world.client.code])
    request = _asked(world)
    assert "Asked to be deleted on 2 Mar 2026" in page_text(browser.get(url))
    carry(request)
    text = page_text(browser.get(url))
    assert "Erased on 2 Mar 2026; clinical record kept until 2 Mar 2034" in text
    assert "mailto:" not in text and "No contact details (erased)" in text

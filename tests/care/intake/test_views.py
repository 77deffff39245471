"""The intake pages: drafts, submitting, the self-check carried over, and who may see what."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.booking.models import Appointment
from easeplan.care.intake import rules as intake
from easeplan.care.intake.services import keep_self_check, submit_intake
from easeplan.care.models import Intake
from easeplan.screening.models import SelfCheck
from easeplan.screening.rules import contraindications as ci
from easeplan.screening.rules import self_check as rules
from easeplan.screening.self_check.session import SESSION_KEY

from ...conftest import World, give_totp, signed_in
from ...conftest import page_text as text
from ...factories import WorkingHoursFactory, a_free_time, confirm_url
from .test_form import VALID

pytestmark = pytest.mark.django_db

SELF_CHECK = {
    "where": {"areas": ["buttock", "down_the_leg"], "both_sides": "one"},
    "worse": {"aggravators": ["sitting", "stairs"], "tender_deep_in_buttock": "on"},
    "story": {"onset": "activity", "duration": "weeks", "activities": ["running"]},
    "safety": {},
    "health": {},
}
# The same self-check as the session keeps it (cleaned values).
STEPS = {
    "where": {"areas": ["buttock", "down_the_leg"], "both_sides": False},
    "worse": {
        "aggravators": ["sitting", "stairs"],
        "tender_deep_in_buttock": True,
        "worse_when_hip_stretched": False,
    },
    "story": {"onset": "activity", "duration": "weeks", "activities": ["running"]},
    "safety": {"red_flags": []},
    "health": {"red_flags": []},
}
DETAILS = {
    "first_name": "Robin",
    "last_name": "Fairweather",
    "email": "robin@example.org",
    "phone": "0117 496 0123",
}


def client_url(client) -> str:  # type: ignore[no-untyped-def]
    return reverse("intake:client_intake", args=[client.code])


def staff_url(client) -> str:  # type: ignore[no-untyped-def]
    return reverse("intake:staff_intake", args=[client.code])


def submit(browser, url: str, data: dict, action: str = "submit"):  # type: ignore[no-untyped-def]
    return browser.post(url, {**data, "action": action})


@pytest.fixture
def me(world: World):  # type: ignore[no-untyped-def]
    return signed_in(world.client_user, mfa=False)


@pytest.fixture
def clinician(world: World):  # type: ignore[no-untyped-def]
    give_totp(world.therapist_user)
    return signed_in(world.therapist_user)


# -- the client's own page ----------------------------------------------------------------


def test_a_client_opens_their_empty_intake(world: World, me) -> None:
    response = me.get(client_url(world.client))
    assert response.status_code == 200
    page = text(response)
    assert "Your health questionnaire" in page
    assert "Not completed yet" in page
    assert "Do you take blood thinners" in page
    assert "Save and finish later" in page and "Submit intake" in page
    assert "<legend><h2>Contact</h2></legend>" in page


def test_someone_elses_intake_code_is_404(world: World, me) -> None:
    assert me.get(client_url(world.another_client)).status_code == 404
    assert me.get(client_url(world.other_client)).status_code == 404
    assert me.post(client_url(world.another_client), {"action": "draft"}).status_code == 404
    assert not Intake.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(world: World, client) -> None:
    response = client.get(client_url(world.client))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_draft_keeps_partial_and_invalid_input_and_shows_it_again(world: World, me) -> None:
    partial = {
        "date_of_birth": "31/02/19",
        "emergency_contact_name": "Sam Q",
        "areas": ["buttock"],
        "goals": "Sit through a whole film",
    }
    response = submit(me, client_url(world.client), partial, action="draft")
    assert response.status_code == 302
    saved = Intake.objects.get(client=world.client)
    assert saved.draft["date_of_birth"] == "31/02/19"
    assert saved.draft["areas"] == ["buttock"]
    assert saved.draft_saved_at is not None
    assert saved.answers == {} and not saved.completed
    page = text(me.get(response["Location"]))
    assert "nothing you typed is lost" in page
    assert 'value="31/02/19"' in page
    assert 'value="Sam Q"' in page
    assert 'value="buttock" id="id_areas_0" checked' in page
    assert "Sit through a whole film" in page
    assert "Draft saved" in page
    assert 'class="errorlist"' not in page  # a draft is not judged
    event = AuditEvent.objects.get(action="care.intake.draft_saved")
    assert "Sit through" not in str(event.data)


def test_htmx_autosave_saves_the_draft_and_answers_with_the_status_only(world: World, me) -> None:
    response = me.post(
        client_url(world.client),
        {"goals": "Cycle to work", "action": "draft"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert 'id="draft-status"' in response.content.decode()
    assert Intake.objects.get().draft["goals"] == "Cycle to work"


def test_a_submit_with_missing_items_saves_nothing_and_names_each_problem(world: World, me) -> None:
    response = submit(me, client_url(world.client), {"phone": "0123"})
    assert response.status_code == 400
    page = text(response)
    for message in (
        "Please enter your date of birth.",
        "Please give the name of someone we can call in an emergency.",
        "Please give your emergency contact's phone number.",
        "Please choose at least one place where you feel the pain.",
        "do you take blood thinners or aspirin daily?",
        "Please tell us your goals, in your own words.",
    ):
        assert page.count(message) == 2, message  # in the summary at the top and at the field
    assert 'href="#field-date_of_birth"' in page
    assert "Nothing has been submitted yet" in page
    assert 'value="0123"' in page
    assert not Intake.objects.exists()


def test_a_valid_submit_stores_the_answers_and_thanks_the_client(world: World, me) -> None:
    submit(me, client_url(world.client), {"goals": "x"}, action="draft")
    response = submit(me, client_url(world.client), {**VALID, "anticoagulants": "yes"})
    assert response.status_code == 302
    done = text(me.get(response["Location"]))
    assert "your therapist will read this before your visit" in done
    assert reverse("consents:client_consents", args=[world.client.code]) in done  # next step
    saved = Intake.objects.get(client=world.client)
    assert saved.completed and saved.submitted_by == world.client_user
    assert saved.version == intake.INTAKE_VERSION
    assert saved.draft == {} and saved.draft_saved_at is None
    assert saved.answers["anticoagulants"] is True
    assert saved.answers["date_of_birth"] == "1984-03-09"
    findings = ci.classify(
        intake.contraindication_answers(saved.answers), today=timezone.localdate()
    )
    assert "anticoagulants" in {f.code for f in findings}
    event = AuditEvent.objects.get(action="care.intake.submitted")
    assert event.data == {
        "on_behalf": False,
        "version": intake.INTAKE_VERSION,
        "resubmitted": False,
    }
    # Reopened, it shows the submitted answers and can be submitted again.
    page = text(me.get(client_url(world.client)))
    assert "Completed on" in page and "Run a half marathon" in page
    assert 'value="yes" id="id_anticoagulants_0" required checked' in page
    submit(me, client_url(world.client), {**VALID, "goals": "Sleep through the night"})
    saved.refresh_from_db()
    assert saved.answers["goals"] == "Sleep through the night"
    latest = AuditEvent.objects.filter(action="care.intake.submitted").order_by("pk").last()
    assert latest is not None and latest.data["resubmitted"] is True


@pytest.mark.parametrize(
    ("answers", "heading"),
    [
        ({"red_flags": ["bladder_bowel_control"]}, "Go to an emergency department today"),
        ({"red_flags": ["night_pain"]}, "See a doctor before your massage"),
        ({"areas": ["down_the_leg"], "both_sides": "both"}, "Go to an emergency department"),
    ],
)
def test_a_red_flag_in_the_intake_sends_to_a_doctor_without_booking(
    world: World, me, answers: dict, heading: str
) -> None:
    response = submit(me, client_url(world.client), {**VALID, **answers})
    page = text(me.get(response["Location"]))
    assert heading in page
    assert "will read this before your visit" not in page
    assert "/book/" not in page
    consents = reverse("consents:client_consents", args=[world.client.code])
    assert (consents in page) is ("emergency" not in heading)  # no errands before the ED


def test_the_age_flag_comes_from_the_date_of_birth_at_submit(world: World, me) -> None:
    page = text(me.get(client_url(world.client)))
    assert "Is the pain you came with (buttock, hip, leg or back) new" in page
    assert "are you under 20 or over 50" not in page  # not asked: the date of birth says
    response = submit(
        me, client_url(world.client), {**VALID, "date_of_birth": "1960-02-01", "new_pain": "yes"}
    )
    page = text(me.get(response["Location"]))
    assert "See a doctor before your massage" in page
    assert "New buttock, hip, leg or back pain under the age of 20 or over 50" in page
    assert "/book/" not in page
    assert "new_back_pain_age" in Intake.objects.get(client=world.client).answers["red_flags"]


def test_any_calf_sign_in_the_intake_asks_for_a_same_day_assessment(world: World, me) -> None:
    response = submit(me, client_url(world.client), {**VALID, "red_flags": ["hot_calf"]})
    page = text(me.get(response["Location"]))
    assert "A calf that is swollen, tender, warm or red" in page
    assert "Get a medical assessment today" in page
    assert "<h1>Get a medical assessment today, before any massage</h1>" in page
    assert "See a doctor before your massage" not in page
    assert "/book/" not in page


def test_a_calf_ticked_among_the_health_conditions_asks_for_a_same_day_assessment(
    world: World, me
) -> None:
    answers = {**VALID, "red_flags": [], "conditions": ["calf_swollen_hot_red"]}
    response = submit(me, client_url(world.client), answers)
    page = text(me.get(response["Location"]))
    assert "A calf that is swollen, tender, warm or red" in page
    assert "Get a medical assessment today" in page
    assert "will read this before your visit" not in page
    assert "/book/" not in page


def test_inflammatory_back_pain_in_the_intake_advises_the_gp_and_massage_goes_ahead(
    world: World, me
) -> None:
    answers = {
        **VALID,
        "started_before_45": "on",
        "inflammatory_signs": ["wakes_second_half_night", "alternating_buttock"],
    }
    response = submit(me, client_url(world.client), answers)
    page = text(me.get(response["Location"]))
    assert "will read this before your visit" in page  # not a red flag
    assert "axial spondyloarthritis" in page
    assert "Massage can go ahead" in page
    consents = reverse("consents:client_consents", args=[world.client.code])
    assert consents in page


# -- the self-check carried into the intake ------------------------------------------------


@pytest.fixture
def service(world: World):  # type: ignore[no-untyped-def]
    for weekday in range(1, 7):
        WorkingHoursFactory(therapist=world.therapist, weekday=weekday)
    return world.practice.services.get()


def a_confirm_url(world: World, service) -> str:  # type: ignore[no-untyped-def]
    return confirm_url(service, world.therapist, a_free_time(world, service))


def take_self_check(browser) -> None:  # type: ignore[no-untyped-def]
    for name, data in SELF_CHECK.items():
        response = browser.post(reverse("screening:step", args=[name]), data)
        assert response.status_code == 302, name
    assert "fit the pattern of piriformis pain" in text(browser.get(reverse("screening:result")))


def test_a_self_check_booked_through_the_site_is_kept_and_prefills_the_intake(
    world: World, client, service
) -> None:
    take_self_check(client)
    response = client.post(a_confirm_url(world, service), DETAILS)
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    appointment = Appointment.objects.get()
    check = SelfCheck.objects.get()
    assert check.client == appointment.client
    assert check.practice == world.practice
    assert check.version == rules.QUESTIONNAIRE_VERSION
    assert check.outcome == "fits_pattern"
    # the story step now also asks about inflammatory back pain (nothing ticked here)
    no_inflammatory = {"started_before_45": False, "inflammatory_signs": []}
    assert check.answers == intake.from_self_check(STEPS) | no_inflammatory
    # The new client signs in and opens their intake: the pain questions are answered.
    me = signed_in(appointment.client.user, mfa=False)
    page = text(me.get(client_url(appointment.client)))
    today = timezone.now().astimezone(world.practice.zone)
    assert f"From your self-check on {today:%-d %b %Y}" in page
    assert "<dt>Where do you feel it? Choose all that apply.</dt>" in page
    assert "<dd>Deep in the buttock, Down the back of the leg</dd>" in page
    assert "<summary>Edit these answers</summary>" in page
    assert 'value="buttock" id="id_areas_0" checked' in page
    assert 'value="running" id="id_activities_0" checked' in page
    assert 'value="+441174960123"' in page  # the phone given when booking, in E.164
    # Submitting without touching them keeps the carried answers.
    data = {k: v for k, v in VALID.items() if k not in intake.FROM_SELF_CHECK}
    for key, value in check.answers.items():
        if isinstance(value, bool):
            if key == "both_sides":
                data[key] = "both" if value else "one"
            elif value:
                data[key] = "on"
        else:
            data[key] = value
    response = submit(me, client_url(appointment.client), data)
    assert response.status_code == 302
    answers = Intake.objects.get(client=appointment.client).answers
    assert answers["areas"] == ["buttock", "down_the_leg"]
    assert answers["activities"] == ["running"]
    assert answers["tender_deep_in_buttock"] is True


def test_a_signed_in_client_booking_keeps_their_self_check(world: World, service) -> None:
    browser = signed_in(world.client_user, mfa=False)
    take_self_check(browser)
    assert browser.post(a_confirm_url(world, service)).status_code == 302
    check = SelfCheck.objects.get()
    assert check.client == world.client
    assert AuditEvent.objects.filter(action="screening.self_check.kept").count() == 1


def test_a_self_check_without_booking_stores_nothing(world: World, client, service) -> None:
    take_self_check(client)
    client.get(reverse("booking:book"))
    client.get(a_confirm_url(world, service))  # looking at the form books nothing
    assert not SelfCheck.objects.exists()
    assert not Appointment.objects.exists()
    assert SESSION_KEY in client.session  # still only in the visitor's session


def test_a_booking_without_a_self_check_keeps_none(world: World, client, service) -> None:
    assert client.post(a_confirm_url(world, service), DETAILS).status_code == 302
    assert not SelfCheck.objects.exists()


def test_an_unfinished_self_check_is_not_kept_but_leaves_the_session(
    world: World, client, service
) -> None:
    client.post(reverse("screening:step", args=["where"]), SELF_CHECK["where"])
    client.post(a_confirm_url(world, service), DETAILS)
    assert not SelfCheck.objects.exists()
    assert SESSION_KEY not in client.session


# -- the confirmation email ----------------------------------------------------------------


def test_the_confirmation_email_links_the_intake_until_it_is_completed(
    world: World, service, django_capture_on_commit_callbacks
) -> None:
    browser = signed_in(world.client_user, mfa=False)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(a_confirm_url(world, service))
    (email,) = mail.outbox
    link = re.search(rf"{re.escape(settings.SITE_URL)}/account/forms/[^/\s]+/", email.body)
    assert link is not None
    assert f'href="{link.group(0)}"' in email.alternatives[0][0]
    submit_intake(world.client, {"goals": "Run again"}, actor=world.client_user)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(a_confirm_url(world, service))
    assert len(mail.outbox) == 2
    assert "/account/forms/" not in mail.outbox[1].body
    assert "/account/forms/" not in mail.outbox[1].alternatives[0][0]


def test_the_email_link_opens_that_clients_forms_without_a_password(world: World) -> None:
    from easeplan.care.access import forms_url

    visitor = Browser()
    assert visitor.get(client_url(world.client)).status_code == 302  # to sign in
    response = visitor.get(forms_url(world.client).removeprefix(settings.SITE_URL))
    assert response.status_code == 302 and response["Location"] == client_url(world.client)
    assert visitor.get(client_url(world.client)).status_code == 200
    consents = reverse("consents:client_consents", args=[world.client.code])
    assert visitor.get(consents).status_code == 200
    # Nobody else's forms open in that session.
    assert visitor.get(client_url(world.another_client)).status_code == 302


def test_a_tampered_email_link_opens_nothing(world: World) -> None:
    from easeplan.care.access import forms_token

    visitor = Browser()
    token = forms_token(world.client)
    bad = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    assert visitor.get(reverse("intake:open", args=[bad])).status_code == 404
    assert visitor.get(client_url(world.client)).status_code == 302


# -- the staff page ------------------------------------------------------------------------


def test_a_clinician_reads_the_intake_and_the_view_is_audited(world: World, clinician) -> None:
    submit_intake(world.client, {"goals": "Run again", "areas": ["hip"]}, actor=world.client_user)
    response = clinician.get(staff_url(world.client))
    assert response.status_code == 200
    page = text(response)
    assert f"Intake: {world.client.full_name}" in page
    assert "Completed on" in page and "Run again" in page
    event = AuditEvent.objects.get(action="care.intake.viewed")
    assert event.actor == world.therapist_user
    assert event.object_id == world.client.code
    assert event.practice == world.practice
    clinician.get(staff_url(world.client))
    assert AuditEvent.objects.filter(action="care.intake.viewed").count() == 2


def test_the_front_desk_gets_404(world: World) -> None:
    give_totp(world.front_desk)
    browser = signed_in(world.front_desk)
    assert browser.get(staff_url(world.client)).status_code == 404
    assert browser.post(staff_url(world.client), {"action": "draft"}).status_code == 404
    assert not AuditEvent.objects.filter(action="care.intake.viewed").exists()


def test_another_practices_client_is_404_for_our_clinicians(world: World, clinician) -> None:
    assert clinician.get(staff_url(world.other_client)).status_code == 404
    unknown = reverse("intake:staff_intake", args=["nosuchcode"])
    assert clinician.get(unknown).status_code == 404


def test_a_clinician_fills_the_intake_on_the_clients_behalf(world: World, clinician) -> None:
    response = submit(clinician, staff_url(world.client), {**VALID, "red_flags": ["weight_loss"]})
    assert response.status_code == 302
    assert response["Location"] == staff_url(world.client)
    saved = Intake.objects.get(client=world.client)
    assert saved.submitted_by == world.therapist_user
    page = text(clinician.get(response["Location"]))
    assert f"Intake submitted for {world.client.full_name}" in page
    assert "weight loss without trying" in page
    event = AuditEvent.objects.get(action="care.intake.submitted")
    assert event.data["on_behalf"] is True


def test_the_client_page_shows_the_intake_state(world: World, clinician) -> None:
    client_page = reverse("practice:client", args=[world.client.code])
    page = text(clinician.get(client_page))
    assert "Not completed yet" in page and staff_url(world.client) in page
    submit(clinician, staff_url(world.client), {"goals": "x"}, action="draft")
    assert "Draft saved" in text(clinician.get(client_page))
    submit_intake(world.client, {"goals": "x"}, actor=world.client_user)
    assert "Completed on" in text(clinician.get(client_page))


def test_the_staff_intake_page_runs_a_constant_number_of_queries(
    world: World, clinician, django_assert_max_num_queries
) -> None:
    with CaptureQueriesContext(connection) as empty:
        assert clinician.get(staff_url(world.client)).status_code == 200
    counts = [len(empty)]  # read now: every request clears the log
    keep_self_check(world.client, STEPS, version=rules.QUESTIONNAIRE_VERSION)
    keep_self_check(world.client, STEPS, version=rules.QUESTIONNAIRE_VERSION)
    with CaptureQueriesContext(connection) as carried:
        clinician.get(staff_url(world.client))
    counts.append(len(carried))
    submit(clinician, staff_url(world.client), VALID)
    submit(clinician, staff_url(world.client), {"goals": "more"}, action="draft")
    with django_assert_max_num_queries(counts[0]):
        clinician.get(staff_url(world.client))
    assert counts[0] == counts[1] <= 12


def test_phones_are_checked_and_kept_in_e164(world: World, me) -> None:
    response = submit(
        me, client_url(world.client), {**VALID, "emergency_contact_phone": "0117 496 0123 4567"}
    )
    assert response.status_code == 400
    assert "This phone number is too long: please check every digit." in text(response)
    assert not Intake.objects.filter(submitted_at__isnull=False).exists()
    submit(me, client_url(world.client), {**VALID, "emergency_contact_phone": "020 7946 0958"})
    answers = Intake.objects.get().answers
    assert (answers["phone"], answers["emergency_contact_phone"]) == (
        "+441174960456",
        "+442079460958",
    )

"""The therapist records an assessment, reads its history and writes a referral letter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from easeplan.accounts.models import AuditEvent
from easeplan.care.models import Intake
from easeplan.screening.models import Assessment, Referral

from ...conftest import World, signed_in
from ...factories import AppointmentFactory, AssessmentFactory, ReferralFactory

pytestmark = pytest.mark.django_db

BLOCKED_FAIR = (
    "Blocked: hip replacement or repair through a posterior approach, "
    "not yet cleared by the surgeon"
)


def assessment_form(**extra: object) -> dict[str, object]:
    """A filled-in form: active piriformis positive on the right, three features."""
    data: dict[str, object] = {
        "assessed_on": timezone.localdate().isoformat(),
        "active_piriformis_result": "positive",
        "active_piriformis_side": "right",
        "seated_piriformis_stretch_result": "negative",
        "seated_piriformis_stretch_side": "right",
        "pace_result": "not_done",
        "features": ["buttock_pain", "worse_sitting", "piriformis_tension_pain"],
        "notes": "Runner; pain after 20 minutes sitting.",
    }
    return data | extra


def new_url(world: World) -> str:
    return reverse("assessments:new", args=[world.client.code])


def posterior_hip(world: World, **answers: object) -> Intake:
    return Intake.objects.create(
        practice=world.practice,
        client=world.client,
        answers={"hip_replacement": "right", "hip_approach": "posterior", **answers},
        submitted_at=timezone.now(),
    )


def test_recording_an_assessment_stores_results_and_shows_the_summary(world: World) -> None:
    browser = signed_in(world.therapist_user)
    response = browser.post(new_url(world), assessment_form())
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessments:detail", args=[assessment.code])
    assert assessment.results == {
        "active_piriformis": {"result": "positive", "side": "right"},
        "seated_piriformis_stretch": {"result": "negative", "side": "right"},
    }
    assert assessment.features == ["buttock_pain", "worse_sitting", "piriformis_tension_pain"]
    assert (assessment.practice, assessment.client) == (world.practice, world.client)
    assert assessment.therapist == world.therapist  # the signed-in therapist's profile
    assert assessment.version == "assessment/2026-11"
    assert assessment.created_by == world.therapist_user

    page = browser.get(response["Location"]).content.decode()
    assert (
        "3 of 4 defining features; seated-stretch or active-piriformis test positive: yes" in page
    )
    assert "Se 0.91, Sp 0.80" in page
    assert "Findings consistent with piriformis syndrome" in page
    assert "Active piriformis (right)" in page


def test_a_visit_can_be_linked(world: World) -> None:
    visit = AppointmentFactory(
        practice=world.practice, therapist=world.therapist, client=world.client
    )
    browser = signed_in(world.owner)  # the owner has no therapist profile
    response = browser.post(f"{new_url(world)}?visit={visit.code}", assessment_form())
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.appointment, assessment.therapist) == (visit, world.therapist)


def test_a_visit_of_another_client_is_404(world: World) -> None:
    visit = AppointmentFactory(practice=world.practice, client=world.another_client)
    browser = signed_in(world.therapist_user)
    assert browser.get(f"{new_url(world)}?visit={visit.code}").status_code == 404


def test_a_positive_test_needs_its_side(world: World) -> None:
    browser = signed_in(world.therapist_user)
    response = browser.post(new_url(world), assessment_form(active_piriformis_side=""))
    assert response.status_code == 400
    assert "Choose the painful side for Active piriformis." in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_form_says_why_a_test_is_blocked(world: World) -> None:
    posterior_hip(world)
    page = signed_in(world.therapist_user).get(new_url(world)).content.decode()
    assert BLOCKED_FAIR in page
    assert page.count(BLOCKED_FAIR) == 4  # FAIR, the seated stretch, Freiberg and Beatty


def test_a_blocked_test_result_is_refused_and_nothing_is_saved(world: World) -> None:
    posterior_hip(world)
    browser = signed_in(world.therapist_user)
    response = browser.post(
        new_url(world), assessment_form(FAIR_result="positive", FAIR_side="right")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "FAIR (flexion, adduction, internal rotation) can&#x27;t be recorded for this client. "
        f"{BLOCKED_FAIR}. Leave it as not done." in page
    )
    assert not Assessment.objects.exists()
    assert not AuditEvent.objects.filter(action="screening.assessment.recorded").exists()


def test_the_seated_stretch_is_refused_too_even_when_negative(world: World) -> None:
    posterior_hip(world)
    browser = signed_in(world.therapist_user)
    response = browser.post(new_url(world), assessment_form())  # seated stretch: negative
    assert response.status_code == 400
    assert "Seated piriformis stretch can&#x27;t be recorded" in response.content.decode()
    assert not Assessment.objects.exists()


def test_once_the_surgeon_clears_the_hip_fair_can_be_recorded(world: World) -> None:
    posterior_hip(world, surgeon_cleared_hip=True)
    browser = signed_in(world.therapist_user)
    assert BLOCKED_FAIR not in browser.get(new_url(world)).content.decode()
    response = browser.post(
        new_url(world), assessment_form(FAIR_result="positive", FAIR_side="right")
    )
    assert response.status_code == 302
    assert Assessment.objects.get().results["FAIR"] == {"result": "positive", "side": "right"}


def test_the_client_page_lists_assessments_newest_first(world: World) -> None:
    today = timezone.localdate()
    older = AssessmentFactory(
        practice=world.practice,
        client=world.client,
        therapist=world.therapist,
        assessed_on=today - dt.timedelta(days=14),
        features=["buttock_pain"],
    )
    newer = AssessmentFactory(
        practice=world.practice,
        client=world.client,
        assessed_on=today,
        results={},
        features=["buttock_pain", "worse_sitting", "sciatic_notch_tenderness"],
    )
    AssessmentFactory(practice=world.practice, client=world.another_client)
    page = signed_in(world.therapist_user).get(reverse("practice:client", args=[world.client.code]))
    text = page.content.decode()
    assert "Assessments" in text
    assert reverse("assessments:new", args=[world.client.code]) in text
    newer_url = reverse("assessments:detail", args=[newer.code])
    older_url = reverse("assessments:detail", args=[older.code])
    assert text.index(newer_url) < text.index(older_url)
    assert (
        "3 of 4 defining features; seated-stretch or active-piriformis test positive: not done"
        in text
    )
    assert (
        "1 of 4 defining features; seated-stretch or active-piriformis test positive: yes" in text
    )
    assert text.count("/staff/assessments/") == 2


def test_the_front_desk_does_not_see_assessments_on_the_client_page(world: World) -> None:
    AssessmentFactory(practice=world.practice, client=world.client)
    page = signed_in(world.front_desk).get(reverse("practice:client", args=[world.client.code]))
    assert page.status_code == 200
    assert "defining features" not in page.content.decode()


def test_the_client_page_makes_as_many_queries_for_5_assessments_as_for_1(
    world: World, django_assert_max_num_queries
) -> None:
    browser = signed_in(world.therapist_user)
    url = reverse("practice:client", args=[world.client.code])
    AssessmentFactory(practice=world.practice, client=world.client, therapist=world.therapist)
    browser.get(url)  # warm up sessions and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert browser.get(url).status_code == 200
    for _ in range(4):
        AssessmentFactory(practice=world.practice, client=world.client, therapist=world.therapist)
    with django_assert_max_num_queries(len(one)):
        page = browser.get(url)
    assert page.content.decode().count("/staff/assessments/") == 5


def test_viewing_an_assessment_is_audited(world: World) -> None:
    assessment = AssessmentFactory(practice=world.practice, client=world.client)
    browser = signed_in(world.owner)
    assert browser.get(reverse("assessments:detail", args=[assessment.code])).status_code == 200
    event = AuditEvent.objects.get(action="screening.assessment.viewed")
    assert (event.actor, event.object_id, event.practice) == (
        world.owner,
        assessment.code,
        world.practice,
    )


def test_recording_is_audited(world: World) -> None:
    signed_in(world.therapist_user).post(new_url(world), assessment_form())
    event = AuditEvent.objects.get(action="screening.assessment.recorded")
    assert event.object_id == Assessment.objects.get().code
    assert event.actor == world.therapist_user


def test_the_referral_form_offers_the_clients_email(world: World) -> None:
    assessment = AssessmentFactory(practice=world.practice, client=world.client)
    page = signed_in(world.therapist_user).get(
        reverse("assessments:referral", args=[assessment.code])
    )
    assert f'value="{world.client.email}"' in page.content.decode()


def test_a_referral_writes_the_letter_and_emails_it(
    world: World, django_capture_on_commit_callbacks
) -> None:
    world.client.date_of_birth = dt.date(1984, 3, 9)
    world.client.save(update_fields=["date_of_birth"])
    posterior_hip(world)
    browser = signed_in(world.therapist_user)
    browser.post(new_url(world), assessment_form(seated_piriformis_stretch_result="not_done"))
    assessment = Assessment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            reverse("assessments:referral", args=[assessment.code]),
            {"reason": "Pain down the leg for six weeks, not easing.", "email": "gp@example.org"},
        )
    referral = Referral.objects.get()
    assert response["Location"] == reverse("assessments:letter", args=[referral.code])
    assert (referral.assessment, referral.sent_to, referral.created_by) == (
        assessment,
        "gp@example.org",
        world.therapist_user,
    )

    (email,) = mail.outbox
    assert email.to == ["gp@example.org"]
    assert email.reply_to == [world.practice.email]
    assert "Ada Quillfeather" in email.subject
    body = email.body
    assert "Pain down the leg for six weeks, not easing." in body
    assert (
        "3 of 4 defining features; seated-stretch or active-piriformis test positive: yes" in body
    )
    assert "Se 0.91, Sp 0.80" in body
    assert "9 March 1984" in body
    assert "posterior approach" in body  # the contraindication
    assert "Dana Whitlockova" in body
    html = email.alternatives[0][0]
    assert "Ada Quillfeather" in html and "Se 0.91, Sp 0.80" in html

    letter = browser.get(response["Location"]).content.decode()
    assert "Ada Quillfeather" in letter
    assert "9 March 1984" in letter
    assert world.practice.name in letter
    assert "Pain down the leg for six weeks, not easing." in letter
    assert "Active piriformis (right)" in letter
    assert "Dana Whitlockova" in letter
    assert "data-print" in letter and "@media print" in letter
    assert "has piriformis syndrome" not in letter


def test_a_referral_without_an_address_is_printed_only(
    world: World, django_capture_on_commit_callbacks
) -> None:
    assessment = AssessmentFactory(practice=world.practice, client=world.client)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(world.owner).post(
            reverse("assessments:referral", args=[assessment.code]),
            {"reason": "Night pain.", "email": ""},
        )
    assert response.status_code == 302
    assert Referral.objects.get().sent_to == ""
    assert not mail.outbox


def test_a_referral_needs_a_reason(world: World) -> None:
    assessment = AssessmentFactory(practice=world.practice, client=world.client)
    response = signed_in(world.owner).post(
        reverse("assessments:referral", args=[assessment.code]), {"reason": "", "email": ""}
    )
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_referrals_and_letters_are_audited(world: World) -> None:
    assessment = AssessmentFactory(practice=world.practice, client=world.client)
    browser = signed_in(world.therapist_user)
    response = browser.post(
        reverse("assessments:referral", args=[assessment.code]), {"reason": "Night pain."}
    )
    referral = Referral.objects.get()
    sent = AuditEvent.objects.get(action="screening.referral.sent")
    assert (sent.object_id, sent.actor) == (referral.code, world.therapist_user)
    browser.get(response["Location"])
    assert AuditEvent.objects.filter(
        action="screening.referral.viewed", object_id=referral.code
    ).exists()


@pytest.mark.parametrize("name", ["detail", "referral"])
def test_another_practices_assessment_is_404(world: World, name: str) -> None:
    theirs = AssessmentFactory(practice=world.other_practice, client=world.other_client)
    browser = signed_in(world.owner)
    assert browser.get(reverse(f"assessments:{name}", args=[theirs.code])).status_code == 404
    assert browser.post(
        reverse(f"assessments:{name}", args=[theirs.code]), {"reason": "x"}
    ).status_code in (404, 405)
    assert not Referral.objects.exists()


def test_another_practices_letter_and_client_are_404(world: World) -> None:
    theirs = ReferralFactory(practice=world.other_practice)
    browser = signed_in(world.owner)
    assert browser.get(reverse("assessments:letter", args=[theirs.code])).status_code == 404
    response = browser.post(
        reverse("assessments:new", args=[world.other_client.code]), assessment_form()
    )
    assert response.status_code == 404
    assert not Assessment.objects.filter(client=world.other_client).exists()


def test_the_front_desk_gets_404_everywhere(world: World) -> None:
    assessment = AssessmentFactory(practice=world.practice, client=world.client)
    referral = ReferralFactory(practice=world.practice, assessment=assessment)
    browser = signed_in(world.front_desk)
    for url in (
        new_url(world),
        reverse("assessments:detail", args=[assessment.code]),
        reverse("assessments:referral", args=[assessment.code]),
        reverse("assessments:letter", args=[referral.code]),
    ):
        assert browser.get(url).status_code == 404
    assert browser.post(new_url(world), assessment_form()).status_code == 404
    assert Assessment.objects.count() == 1


def test_the_service_refuses_blocked_results_too(world: World) -> None:
    from easeplan.screening.assessments import services

    posterior_hip(world)
    with pytest.raises(services.AssessmentRefused, match="Freiberg can't be recorded"):
        services.record_assessment(
            world.client,
            results={"freiberg": {"result": "negative", "side": "left"}},
            features=[],
            notes="",
            assessed_on=timezone.localdate(),
            therapist=world.therapist,
            appointment=None,
            actor=world.therapist_user,
            today=timezone.localdate(),
        )
    assert not Assessment.objects.exists()


def test_a_referral_letter_is_emailed_once_however_often_the_task_runs(world: World) -> None:
    from easeplan.screening.tasks import send_referral_letter

    assessment = AssessmentFactory(practice=world.practice, client=world.client)
    referral = ReferralFactory(
        practice=world.practice, assessment=assessment, sent_to="gp@example.org"
    )
    send_referral_letter.call(referral.code)
    send_referral_letter.call(referral.code)  # a retried or duplicated job
    assert [m.to for m in mail.outbox] == [["gp@example.org"]]
    referral.refresh_from_db()
    assert referral.emailed_at is not None

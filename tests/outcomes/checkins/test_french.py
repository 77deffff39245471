"""Check-ins in French: the instruments' French wording, the RMDQ-24 kept in English with a
line saying why, and answers given in French stored and scored exactly as in English."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from easeplan.care.models import PlanOfCare
from easeplan.outcomes import measures
from easeplan.outcomes.checkins import emails, links
from easeplan.outcomes.checkins.forms import CheckInForm
from easeplan.outcomes.models import CheckIn, Response

from ...conftest import World
from ...conftest import page_text as text
from ...factories import AppointmentFactory, PlanOfCareFactory
from ...in_french import NBSP, french
from .answers import FORM, NOW

pytestmark = pytest.mark.django_db

RMDQ_LINE = (
    "Ce questionnaire n'existe pas encore dans une traduction validée que nous pouvons "
    f"proposer{NBSP}; il est présenté en anglais."
)


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def weekly_checkin(world: World, plan: PlanOfCare | None = None) -> CheckIn:
    if plan is None:
        people = {"practice": world.practice, "client": world.client, "therapist": world.therapist}
        plan = PlanOfCareFactory(**people)
        AppointmentFactory(**people, plan=plan, starts_at=NOW - dt.timedelta(days=5))
    return CheckIn.objects.create(
        practice=world.practice,
        client=world.client,
        plan=plan,
        kind="weekly",
        sent_at=NOW - dt.timedelta(days=1),
        expires_at=NOW + dt.timedelta(days=6),
    )


def url(checkin: CheckIn) -> str:
    return reverse("outcomes:weekly", args=[links.checkin_token(checkin)])


def stored(checkin: CheckIn) -> dict[str, tuple[object, ...]]:
    return {
        r.instrument: (r.version, r.answers, r.items, r.score, r.answered)
        for r in Response.objects.filter(checkin=checkin)
    }


def test_the_weekly_check_in_reads_in_french(world: World, client) -> None:
    with french(client):
        page = text(client.get(url(weekly_checkin(world))))
    assert f"Comment s'est passée votre semaine{NBSP}?" in page
    assert "Bonjour Ada. Un court questionnaire sur votre plan (Syndrome du piriforme)" in page
    assert f"Quelle est l'intensité de votre douleur en ce moment{NBSP}?" in page
    assert "0 = aucune douleur" in page and "10 = pire douleur imaginable" in page
    assert "Au cours de la dernière semaine, quelle a été l'intensité de votre douleur" in page
    assert "Je ne l'ai pas fait cette dernière semaine" in page
    assert "À quel point la douleur a-t-elle perturbé votre sommeil cette semaine" in page
    assert "Envoyer mes réponses" in page
    for english in (
        "How has your week been?",
        "How bad is your pain right now?",
        "Your pain",
        "Sleep and mood",
        "no pain",
        "Send my answers",
        "This link opens this one check-in only",
    ):
        assert english not in page


def test_french_answers_are_stored_and_scored_as_english_ones(world: World, client) -> None:
    answers = FORM | {"groc__groc": "-3"}
    in_english = weekly_checkin(world)
    in_french = weekly_checkin(world, in_english.plan)
    client.post(url(in_english), answers)
    with french(client):
        assert client.post(url(in_french), answers).status_code == 302
    assert stored(in_french) == stored(in_english)
    assert set(stored(in_french)) == {
        "nprs-now",
        "nprs-worst-24h",
        "nprs-sitting",
        "psfs",
        "sleep",
        "mood",
        "groc",
    }  # running was skipped: unanswered, not a 0, in both languages
    assert stored(in_french)["groc"][3] == -3
    assert stored(in_french)["nprs-now"][2] == {"nprs-now": "How bad is your pain right now?"}
    versions = {version for version, *_ in stored(in_french).values()}
    assert versions == {measures.GROC.version}  # instruments keep their version strings


def test_a_missing_answer_is_named_in_french(world: World, client) -> None:
    with french(client):
        page = text(client.post(url(weekly_checkin(world)), {"sleep__sleep": "4"}))
    assert "Il manque des réponses." in page
    assert (
        "Choisissez un nombre de 0 à 10 pour "
        f"«{NBSP}Quelle est l'intensité de votre douleur en ce moment{NBSP}?{NBSP}»."
    ) in page


def test_the_rmdq_stays_in_english_with_a_line_saying_so() -> None:
    instruments = measures.for_plan("low_back", ["Sit through a film"])
    with translation.override("fr"):  # the form is built in the language of the request
        form = CheckInForm(instruments=instruments)
        french_page = html.unescape(
            render_to_string("outcomes/checkins/partials/_form.html", {"form": form})
        )
    assert RMDQ_LINE in french_page
    assert "Votre dos aujourd'hui" in french_page
    assert "-7 Énormément moins bien" in french_page and "+7 Énormément mieux" in french_page
    assert "0 À peu près pareil" in french_page and "A very great deal" not in french_page
    for statement in measures.RMDQ_STATEMENTS:
        assert statement in french_page
    with translation.override("en"):
        form = CheckInForm(instruments=instruments)
        english_page = render_to_string("outcomes/checkins/partials/_form.html", {"form": form})
    assert "Ce questionnaire" not in english_page and "Your back today" in english_page


def test_the_weekly_check_in_email_reads_in_french(world: World) -> None:
    checkin = weekly_checkin(world)
    context = emails.email_context(checkin)
    with translation.override("fr"):
        subject = render_to_string("emails/weekly-checkin-subject.txt", context)
        body = render_to_string("emails/weekly-checkin-body.txt", context)
        html_body = render_to_string("emails/weekly-checkin-body.html", context)
    assert subject.strip() == f"Comment s'est passée votre semaine{NBSP}? — Riverside Massage"
    assert "Bonjour Ada," in body
    assert "Un court questionnaire sur votre plan de soins (Syndrome du piriforme)" in body
    assert "expire le lundi 9 novembre à 12:00" in body  # Django's French day and month names
    assert links.checkin_url(checkin) in body
    assert "Ne plus recevoir d'e-mails sur mon plan</a> (questionnaires et rappels)." in html_body
    for english in ("Hello", "How has your week been", "Thank you", "expires on", "Stop emails"):
        assert english not in body and english not in html_body


def test_the_weekly_check_in_email_is_sent_in_the_clients_language(world: World) -> None:
    from django.core import mail

    world.client_user.language = "fr"
    world.client_user.save(update_fields=["language"])
    checkin = weekly_checkin(world)

    emails.weekly_checkin(
        CheckIn.objects.select_related("client__user", "practice").get(pk=checkin.pk)
    )

    (email,) = mail.outbox
    assert email.subject == f"Comment s'est passée votre semaine{NBSP}? — Riverside Massage"
    assert "Bonjour Ada," in email.body

"""The nudge email in French: the same facts, in the client's words."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from easeplan.accounts.models import User
from easeplan.care.models import Nudge
from easeplan.care.nudges import emails
from easeplan.care.nudges import services as nudges

from ...conftest import World, page_text, signed_in
from ...in_french import french
from .test_services import TUE_1, WED_9, missed, plan, plan_visit, run_at  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
LATER = WED_9 + dt.timedelta(hours=1)


def test_the_nudge_email_reads_in_french(world: World, missed) -> None:  # noqa: F811
    run_at(WED_9)
    english = " ".join(mail.outbox[0].body.split())
    context = nudges.email_context(Nudge.objects.get(), WED_9)
    with translation.override("fr"):
        subject = render_to_string("emails/plan-nudge-subject.txt", context).strip()
        body = " ".join(render_to_string("emails/plan-nudge-body.txt", context).split())
        html_body = render_to_string("emails/plan-nudge-body.html", context)
    assert subject == "Vous nous avez manqué — Riverside Massage"
    assert "Bonjour Ada," in body
    assert "Vous n'avez pas pu venir à votre visite du mardi 8 décembre." in body
    assert "mesurer, visite après visite, si le massage vous aide." in body
    assert "Vous avez fait 1 des 5 visites de votre plan (Syndrome du piriforme)." in body
    assert "jeudi 10 décembre à 10:00 avec Dana Whitlockova est libre." in body
    assert "Réserver ce créneau</strong></a>" in html_body
    assert "You missed your visit on Tuesday 8 December." in english  # English unchanged
    for words in ("Hello", "You missed", "is free", "See you soon", "Stop reminders"):
        assert words not in body and words not in html_body


def test_the_daily_run_emails_a_french_practice_s_client_in_french(
    world: World,
    missed,  # noqa: F811
) -> None:
    world.practice.language = "fr"
    world.practice.save(update_fields=["language"])
    run_at(WED_9)
    (email,) = mail.outbox
    html_body = str(email.alternatives[0][0])  # type: ignore[index]
    assert email.subject == "Vous nous avez manqué — Riverside Massage"
    assert "Bonjour Ada," in email.body
    assert "jeudi 10 décembre à 10:00 avec Dana Whitlockova est libre." in " ".join(
        email.body.split()
    )
    assert "Ne plus recevoir de rappels sur votre plan" in html_body
    assert "Hello" not in email.body and "Stop reminders" not in html_body


def test_the_client_s_own_language_wins_over_the_practice_s(
    world: World,
    missed,  # noqa: F811
) -> None:
    User.objects.filter(pk=world.client_user.pk).update(language="fr")
    run_at(WED_9)
    assert mail.outbox[0].subject == "Vous nous avez manqué — Riverside Massage"
    User.objects.filter(pk=world.client_user.pk).update(language="en-gb")
    mail.outbox.clear()
    nudge = Nudge.objects.select_related("client__user", "practice").get()
    with translation.override("fr"):  # the language active in the task does not decide
        emails.plan_nudge(nudge, nudges.email_context(nudge, WED_9))
    assert mail.outbox[0].subject == "We missed you — Riverside Massage"


def test_the_one_click_page_and_the_stop_page_read_in_french(
    world: World,
    missed,  # noqa: F811
) -> None:
    run_at(WED_9)
    nudge = Nudge.objects.get()
    with time_machine.travel(WED_9, tick=False):
        book = reverse("nudges:book", args=[nudges.book_token(nudge)])
        stop = reverse("nudges:stop", args=[nudges.stop_token(world.client)])
    with time_machine.travel(LATER, tick=False), french(HttpClient()) as browser:
        page = page_text(browser.get(book))
        stopping = page_text(browser.get(stop))
        done = page_text(browser.post(stop, {"on": "off"}, follow=True))
    assert f"Réserver le jeudi 10 décembre à 10:00{NBSP}?" in page
    assert "Réserver cet horaire pour Ada" in page
    assert "Ou choisissez un autre horaire" in page
    assert "Book this time" not in page
    assert "Rappels concernant votre plan" in stopping
    assert "Ne plus recevoir de rappels sur mon plan" in stopping
    assert f"C'est fait{NBSP}: Riverside Massage ne vous enverra plus de rappels de plan." in done
    assert "Réactiver les rappels de plan" in done


def test_clinicians_read_why_a_client_is_drifting_in_french(
    world: World,
    missed,  # noqa: F811
) -> None:
    run_at(WED_9)
    plan_page = reverse("plans:detail", args=[Nudge.objects.get().plan.code])
    User.objects.filter(pk=world.therapist_user.pk).update(language="fr")
    with time_machine.travel(LATER, tick=False), french(signed_in(world.therapist_user)) as dana:
        dashboard = page_text(dana.get(reverse("practice:dashboard")))
        plan = page_text(dana.get(plan_page))
    assert "Clients qui s'éloignent de leur plan" in dashboard
    # the days as Django writes them in French ("D j M")
    assert f"Absent(e) à la séance du mar 8 Déc{NBSP}; pas de nouvelle réservation" in dashboard
    assert "Envoyé par e-mail le 9 Déc" in dashboard
    assert "S'éloigne du plan" in plan
    assert "Missed the visit" not in dashboard + plan


def test_a_french_practice_s_abandoned_plan_keeps_its_reason_in_french(
    world: World,
    plan,  # noqa: F811
) -> None:
    world.practice.language = "fr"
    world.practice.plan_abandoned_after_days = 21
    world.practice.save()
    plan_visit(plan, TUE_1)
    with time_machine.travel(dt.datetime(2026, 12, 22, 8, tzinfo=dt.UTC), tick=False):
        assert nudges.abandon_stale_plans() == 1
    plan.refresh_from_db()
    assert plan.status_reason == (
        "Aucune séance depuis 21 jours (dernière séance le 1 décembre 2026), et rien n'est réservé."
    )

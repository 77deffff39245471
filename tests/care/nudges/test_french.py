"""The nudge email in French: the same facts, in the client's words."""

from __future__ import annotations

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from easeplan.care.models import Nudge
from easeplan.care.nudges import services as nudges

from ...conftest import World
from .test_services import WED_9, missed, plan, run_at  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


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

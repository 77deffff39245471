"""The setup wizard for someone whose browser asks for French: countries named in French,
the script's words and every message of the steps in French."""

from __future__ import annotations

import json

import pytest
from django.test import Client as HttpClient

from ..conftest import page_text
from ..french import english_left_in
from ..in_french import NBSP
from .helpers import OWNER, PRACTICE, begin, url, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser() -> HttpClient:
    return HttpClient(HTTP_ACCEPT_LANGUAGE="fr")


def test_the_practice_page_names_countries_in_french(browser) -> None:
    begin(browser)
    answer = browser.get(url("practice"))
    page = page_text(answer)
    assert ">Royaume-Uni</option>" in page
    assert ">Allemagne</option>" in page
    words = answer.context["country_words"]
    assert json.dumps(words["zone"], ensure_ascii=False) == '"Le fuseau horaire du pays (%(zone)s)"'
    assert english_left_in(page) == []


def test_the_steps_say_what_is_wrong_in_french(browser) -> None:
    begin(browser)
    wrong = page_text(
        browser.post(url("practice"), {**PRACTICE, "cancellation_notice_hours": "400"})
    )
    assert (
        f"Un délai d’annulation est de 14 jours au plus (336 heures){NBSP}; 400 heures, c’est "
        "plus long."
    ) in wrong
    browser.post(url("practice"), PRACTICE)
    browser.post(url("owner"), OWNER)
    security = page_text(browser.get(url("security")))
    assert "Utiliser une clé d’accès" in security
    assert "Ou utilisez une application d’authentification" in security
    assert english_left_in(security) == []
    refused = page_text(browser.post(url("security"), {"code": "", "credential": ""}))
    assert "Configurez une clé d’accès, ou saisissez les 6 chiffres" in refused


def test_the_weekly_grid_names_the_days_in_french(browser) -> None:
    walk_to(browser, "services")
    answer = browser.get(url("hours"))
    page = page_text(answer)
    assert "<legend>Lundi</legend>" in page
    assert 'data-copied="Les horaires du lundi sont copiés du mardi au vendredi."' in page
    assert "Monday" not in page
    assert english_left_in(page) == []

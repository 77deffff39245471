"""Hosted sign-up in French: the pages in the visitor's language, and the link's email in
the language of the page the person asked from (there is no practice yet)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail

from ...conftest import page_text
from ...french import english_left_in, words
from .helpers import apex, ask_for_link

pytestmark = pytest.mark.django_db


def test_a_visitor_who_chose_french_signs_up_in_french() -> None:
    browser = apex()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    start = page_text(browser.get("/start/"))
    assert "Créez votre cabinet" in start
    assert "Envoyez-moi le lien" in start
    assert english_left_in(start) == []

    link = ask_for_link(browser, "morwenna@harbour.example.org")
    (email,) = mail.outbox
    assert email.subject == "Configurez votre cabinet sur easeplan"
    assert "il fonctionne une fois, pendant 24 heures" in email.body
    assert "Confirmez-la et configurez votre cabinet" in words(email.alternatives[0][0])
    assert english_left_in(email.body) == []

    sent = page_text(browser.get("/start/sent/"))
    assert "Consultez vos e-mails" in sent
    verify = page_text(browser.get(link))
    assert "Configurez votre cabinet" in verify and "Commencer" in verify
    assert english_left_in(verify) == []


def test_a_used_link_says_so_in_french() -> None:
    browser = apex()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    link = ask_for_link(browser, "morwenna@harbour.example.org")
    browser.post(link)

    again = page_text(apex().get(link, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Ce lien a déjà servi" in again or "Ce lien ne peut pas être utilisé" in again

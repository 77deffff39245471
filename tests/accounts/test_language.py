"""Which language a page is in: the person's own choice, else their cookie, else the practice's."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import translation

from easeplan.accounts import emails as account_emails
from easeplan.lib import emails
from easeplan.practice import emails as practice_emails

from ..conftest import World, page_text, signed_in

pytestmark = pytest.mark.django_db

HOME = reverse("site:contact")
SWITCH = reverse("set_language")


def footer_language(response) -> str:  # type: ignore[no-untyped-def]
    """The language the page is in, from its root element and its Content-Language."""
    text = page_text(response)
    lang = text.split('<html lang="', 1)[1].split('"', 1)[0]
    assert response["Content-Language"].startswith(lang)
    return lang


def test_a_visitor_sees_the_practice_default_and_english_is_unchanged(world: World) -> None:
    response = HttpClient().get(HOME)
    assert footer_language(response) == "en"
    assert "Massage therapists do not diagnose." in page_text(response)
    world.practice.language = "fr"
    world.practice.save()
    world.other_practice.language = "fr"
    world.other_practice.save()
    response = HttpClient().get(HOME)
    assert footer_language(response) == "fr"
    text = page_text(response)
    assert "Les massothérapeutes ne posent pas de diagnostic." in text
    assert "Aller au contenu" in text
    assert "Massage therapists do not diagnose." not in text


def test_a_visitor_picks_french_in_the_footer_and_keeps_it_in_a_cookie(world: World) -> None:
    browser = HttpClient()
    page = page_text(browser.get(HOME))
    assert f'<a href="{SWITCH}">Language: English</a>' in page
    chooser = page_text(browser.get(SWITCH, HTTP_REFERER=f"http://testserver{HOME}"))
    assert f'name="next" value="http://testserver{HOME}"' in chooser
    assert 'name="language" value="fr" lang="fr"' in chooser and ">Français</button>" in chooser
    response = browser.post(SWITCH, {"language": "fr", "next": HOME})
    assert response.status_code == 302 and response["Location"] == HOME
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    french = browser.get(HOME)
    assert footer_language(french) == "fr"
    assert "Se connecter" in page_text(french)
    assert f'<a href="{SWITCH}">Langue\u00a0: Français</a>' in page_text(french)
    browser.post(SWITCH, {"language": "en-gb", "next": HOME})
    assert "Log in" in page_text(browser.get(HOME))


def test_an_unknown_language_or_a_foreign_next_changes_nothing_harmful(world: World) -> None:
    browser = HttpClient()
    response = browser.post(SWITCH, {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")
    assert settings.LANGUAGE_COOKIE_NAME not in browser.cookies
    assert footer_language(browser.get(HOME)) == "en"
    chooser = browser.get(SWITCH, HTTP_REFERER="https://evil.example/")
    assert chooser.status_code == 200 and "evil.example" not in page_text(chooser)


def test_a_signed_in_persons_choice_is_kept_on_their_account(world: World) -> None:
    browser = signed_in(world.client_user)
    browser.post(SWITCH, {"language": "fr", "next": HOME})
    world.client_user.refresh_from_db()
    assert world.client_user.language == "fr"
    # On another device, without the cookie: the account's language wins over the practice's.
    elsewhere = signed_in(world.client_user)
    assert footer_language(elsewhere.get(HOME)) == "fr"
    # And over a cookie saying otherwise.
    elsewhere.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    assert footer_language(elsewhere.get(HOME)) == "fr"
    # Someone else on the same practice still sees its default.
    assert footer_language(signed_in(world.therapist_user).get(HOME)) == "en"


def test_the_owner_sets_the_practice_language_in_the_settings(world: World, as_owner) -> None:
    form = page_text(as_owner.get(reverse("practice:settings")))
    assert 'name="language"' in form
    data = {
        "name": "Riverside Massage",
        "tagline": "",
        "time_zone": "Europe/Paris",
        "country": "FR",
        "currency": "EUR",
        "language": "fr",
        "address": "1 rue de la Paix",
        "phone": "01 23 45 67 89",
        "email": "desk@example.org",
        "cancellation_notice_hours": "24",
        "min_booking_notice_hours": "2",
        "booking_horizon_days": "60",
        "reminder_hours_before": "24",
        "plan_abandoned_after_days": "42",
        "record_retention_years": "8",
    }
    assert as_owner.post(reverse("practice:settings"), data).status_code == 302
    world.practice.refresh_from_db()
    assert world.practice.language == "fr"
    wrong = as_owner.post(reverse("practice:settings"), {**data, "language": "klingon"})
    assert "Sélectionnez un choix valide" in page_text(wrong)  # the page is in French now
    world.practice.refresh_from_db()
    assert world.practice.language == "fr"


def test_an_email_is_rendered_in_the_recipients_language(world: World) -> None:
    assert emails.recipient_language("fr", "en-gb") == "fr"
    assert emails.recipient_language("", "fr") == "fr"
    assert emails.recipient_language("", "", None) == settings.LANGUAGE_CODE
    assert emails.recipient_language("klingon", "fr") == "fr"
    world.client_user.language = "fr"
    world.client_user.save()
    with translation.override("en-gb"):  # whoever's request sends it
        account_emails.failed_sign_ins(world.client_user, 7)
        assert translation.get_language() == "en-gb"
    french = mail.outbox[-1]
    assert french.subject == "Échecs de connexion à votre compte easeplan"
    assert "7 fois au cours de la dernière heure" in french.body
    html = french.alternatives[0][0]
    assert "choisissez un nouveau mot de passe</a>" in html
    assert "Someone has tried" not in french.body + html
    with translation.override("fr"):
        account_emails.failed_sign_ins(world.therapist_user, 7)
    english = mail.outbox[-1]
    assert english.subject == "Failed sign-ins to your easeplan account"
    assert "a wrong password 7 times in the last hour." in english.body


def test_a_new_team_member_is_told_in_the_practice_language(world: World) -> None:
    world.practice.language = "fr"
    world.practice.save()
    membership = world.therapist_user.memberships.get(practice=world.practice)
    practice_emails.staff_added(membership, "https://example.org/reset")
    message = mail.outbox[-1]
    assert (
        message.subject
        == "Vous faites maintenant partie de l’équipe de Riverside Massage sur easeplan"
    )
    assert "Choisissez votre mot de passe ici pour vous connecter\u00a0:" in message.body


def test_before_any_practice_the_browsers_language_decides(db) -> None:
    french = HttpClient(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").get(reverse("onboarding:start"))
    assert footer_language(french) == "fr"
    text = page_text(french)
    assert "Configurez votre cabinet" in text and "python manage.py setup_link" in text
    assert "Set up your practice" not in text
    english = HttpClient(HTTP_ACCEPT_LANGUAGE="de").get(reverse("onboarding:start"))
    assert "Set up your practice" in page_text(english)


def test_the_staff_area_speaks_the_members_language(world: World) -> None:
    world.owner.language = "fr"
    world.owner.save()
    text = page_text(signed_in(world.owner).get(reverse("practice:dashboard")))
    assert "Aujourd'hui" in text and "Prestations" in text and "Équipe et horaires" in text
    assert "Propriétaire" in text  # the footer's role
    english = page_text(signed_in(world.therapist_user).get(reverse("practice:dashboard")))
    assert "Team &amp; hours" in english or "Team & hours" in english

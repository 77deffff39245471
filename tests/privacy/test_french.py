"""Deleting an account in French: the client's page and the emails, in the reader's
language (the client's own, the practice's for the practice's inbox)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from easeplan.accounts.models import User
from easeplan.privacy.models import DeletionRequest

from ..conftest import World, give_totp, signed_in
from ..conftest import page_text as text
from ..factories import PASSWORD
from ..french import english_left_in
from ..in_french import NBSP, french, reading_in_french
from .records import full_record

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def test_a_client_who_reads_french_asks_for_deletion_in_french(
    world: World, django_capture_on_commit_callbacks
) -> None:
    world.practice.language = "fr"
    world.practice.save(update_fields=["language"])
    with reading_in_french(world.client_user) as browser:
        page = text(browser.get(reverse("privacy:delete")))
        assert "Supprimer votre compte" in page
        assert "Supprimé tout de suite" in page
        assert "Conservé un temps, puis supprimé" in page
        assert english_left_in(page) == []

        wrong = text(browser.post(reverse("privacy:delete"), {"password": "not it"}))
        assert "Ce n’est pas votre mot de passe actuel." in wrong

        with django_capture_on_commit_callbacks(execute=True):
            answer = browser.post(reverse("privacy:delete"), {"password": PASSWORD}, follow=True)
    assert "Votre demande est envoyée." in text(answer)
    (to_practice,) = mail.outbox  # the practice's inbox, in the practice's French
    assert to_practice.subject == (
        f"{world.client.full_name} a demandé la suppression de son compte"
    )
    assert "Voir les demandes de suppression" in to_practice.alternatives[0][0]


@time_machine.travel(NOW, tick=False)
def test_the_erasure_email_and_the_requests_page_read_in_french(
    world: World, django_capture_on_commit_callbacks
) -> None:
    User.objects.filter(pk=world.client_user.pk).update(language="fr")
    User.objects.filter(pk=world.owner.pk).update(language="fr")
    full_record(world.client)
    request = DeletionRequest.objects.create(practice=world.practice, client=world.client)
    give_totp(world.owner)
    with french(signed_in(world.owner)) as browser:
        listed = text(browser.get(reverse("privacy:requests")))
        assert "Demandes en cours (1)" in listed
        assert english_left_in(listed) == []
        with django_capture_on_commit_callbacks(execute=True):
            done = browser.post(
                reverse("privacy:carry_out", args=[request.code]), {"confirm": "on"}, follow=True
            )
    assert "Le dossier clinique est conservé jusqu’au 20 février 2034." in text(done)

    [email] = mail.outbox  # the client chose French: their email is in French
    assert email.subject == f"Votre compte chez {world.practice.name} est supprimé"
    assert f"Conservé jusqu’au 20 février 2034{NBSP}:" in email.body
    assert "1 séance à venir (annulée)" in email.body
    assert english_left_in(email.body) == []

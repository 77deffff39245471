"""Visitors send a message; it is stored for staff and emailed to the practice."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from easeplan.site.models import ContactMessage

from ..conftest import World, signed_in

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Jo Bloggs",
    "email": "jo@example.org",
    "phone": "",
    "topic": "booking",
    "message": "Deep pain in my right buttock when I sit at my desk.",
    "website": "",
}


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> None:
    cache.clear()


def test_a_message_is_stored_and_emailed_to_the_practice(
    client, world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("site:contact"), GOOD)
    assert response["Location"] == reverse("site:contact_thanks")
    stored = ContactMessage.objects.get()
    assert (stored.practice, stored.email, stored.topic) == (
        world.practice,
        "jo@example.org",
        "booking",
    )
    (email,) = mail.outbox
    assert email.to == [world.practice.email]
    assert email.reply_to == ["jo@example.org"]
    # Health details stay in easeplan: the email links to the inbox instead.
    assert "Deep pain in my right buttock" not in email.body
    assert f"/staff/inbox/{stored.code}/" in email.body
    assert stored.notified_at is not None
    assert "Jo Bloggs" in email.subject


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Please tell us your name."),
        ("email", "", "Please give an email address so we can reply."),
        ("email", "jo@", "That email address doesn"),
        ("message", "", "Please write a message."),
        ("message", "help", "at least 10 characters"),
        ("message", "x" * 5001, "under 5,000 characters"),
    ],
)
def test_field_errors_are_clear_and_nothing_is_sent(
    client, world: World, field, value, message
) -> None:
    response = client.post(reverse("site:contact"), {**GOOD, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ContactMessage.objects.exists()
    assert not mail.outbox


def test_a_bot_that_fills_the_honeypot_sees_thanks_but_nothing_is_kept(
    client, world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("site:contact"), {**GOOD, "website": "http://spam"})
    assert response["Location"] == reverse("site:contact_thanks")
    assert not ContactMessage.objects.exists()
    assert not mail.outbox


def test_too_many_messages_from_one_address_are_refused_politely(
    client, world: World, settings
) -> None:
    settings.EASEPLAN_CONTACT_RATE_PER_HOUR = 3
    for _ in range(3):
        assert client.post(reverse("site:contact"), GOOD).status_code == 302
    response = client.post(reverse("site:contact"), GOOD)
    assert response.status_code == 429
    assert "several messages in the last hour" in response.content.decode()
    assert ContactMessage.objects.count() == 3


def test_the_limit_counts_per_address_and_per_practice(client, world: World, settings) -> None:
    settings.EASEPLAN_CONTACT_RATE_PER_HOUR = 1
    settings.ALLOWED_HOSTS = ["testserver", "hilltop.example.org"]
    world.other_practice.domain = "hilltop.example.org"
    world.other_practice.save()
    url = reverse("site:contact")
    assert client.post(url, GOOD, REMOTE_ADDR="203.0.113.5").status_code == 302
    assert client.post(url, GOOD, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert client.post(url, GOOD, REMOTE_ADDR="203.0.113.6").status_code == 302  # someone else
    other_site = client.post(url, GOOD, REMOTE_ADDR="203.0.113.5", HTTP_HOST="hilltop.example.org")
    assert other_site.status_code == 302  # another practice's form


def test_behind_a_trusted_proxy_the_forwarded_address_counts(
    client, world: World, settings
) -> None:
    settings.EASEPLAN_CONTACT_RATE_PER_HOUR = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    url = reverse("site:contact")
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert client.post(url, GOOD, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 302
    assert client.post(url, GOOD, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 302
    assert client.post(url, GOOD, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 429


def test_the_topic_can_be_chosen_from_a_link(client, world: World) -> None:
    page = client.get(reverse("site:contact") + "?topic=booking").content.decode()
    assert '<option value="booking" selected>' in page


def test_staff_see_the_message_in_their_inbox_and_mark_it_handled(client, world: World) -> None:
    client.post(reverse("site:contact"), GOOD)
    message = ContactMessage.objects.get()
    staff = signed_in(world.front_desk)
    assert "Jo Bloggs" in staff.get(reverse("site:inbox")).content.decode()
    detail = staff.get(reverse("site:inbox_message", args=[message.code])).content.decode()
    assert "Deep pain in my right buttock" in detail
    staff.post(reverse("site:inbox_message", args=[message.code]), {"action": "handled"})
    message.refresh_from_db()
    assert message.handled_by == world.front_desk
    assert "Jo Bloggs" not in staff.get(reverse("site:inbox")).content.decode()
    assert "Jo Bloggs" in staff.get(reverse("site:inbox") + "?show=all").content.decode()


def test_another_practice_never_sees_the_message(client, world: World) -> None:
    client.post(reverse("site:contact"), GOOD)
    message = ContactMessage.objects.get()
    outsider = signed_in(world.other_owner)
    assert "Jo Bloggs" not in outsider.get(reverse("site:inbox")).content.decode()
    assert outsider.get(reverse("site:inbox_message", args=[message.code])).status_code == 404


def test_a_phone_is_checked_and_kept_in_e164(client, world: World) -> None:
    response = client.post(reverse("site:contact"), {**GOOD, "phone": "0117 49"})
    assert "This phone number is too short" in response.content.decode()
    assert not ContactMessage.objects.exists()
    client.post(reverse("site:contact"), {**GOOD, "phone": "0117 496 0123"})
    assert ContactMessage.objects.get().phone == "+441174960123"


def test_a_too_long_name_gets_a_message_not_a_cut(client, world: World) -> None:
    response = client.post(reverse("site:contact"), {**GOOD, "name": "J" * 121})
    assert "Please shorten this name to 120 characters or fewer (it has 121)." in (
        response.content.decode()
    )
    assert not ContactMessage.objects.exists()
    assert 'maxlength="120"' not in client.get(reverse("site:contact")).content.decode()

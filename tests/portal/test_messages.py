"""Messages from the practice: staff send from the client's page, the email only says a
message is waiting, the client reads it in their account and it is marked read."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from easeplan.accounts.models import AuditEvent
from easeplan.portal import services
from easeplan.portal.models import Message

from ..conftest import World, give_totp, page_text, signed_in
from ..factories import ClientFactory

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
SUBJECT = "Your sciatic stretch"
BODY = "Keep the figure-4 stretch gentle this week; the flare-up should settle."


@pytest.fixture(autouse=True)
def now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def staff(user):  # type: ignore[no-untyped-def]
    give_totp(user)
    return signed_in(user)


def send(browser, client, subject: str = SUBJECT, body: str = BODY):  # type: ignore[no-untyped-def]
    url = reverse("portal:send", args=[client.code])
    return browser.post(url, {"message-subject": subject, "message-body": body})


def client_page(browser, client) -> str:  # type: ignore[no-untyped-def]
    return page_text(browser.get(reverse("practice:client", args=[client.code])))


# -- sending -----------------------------------------------------------------------------------


def test_a_double_click_sends_one_message_and_one_email(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    browser = staff(world.therapist_user)
    with django_capture_on_commit_callbacks(execute=True):
        first, second = send(browser, world.client), send(browser, world.client)

    assert first.status_code == second.status_code == 302
    assert Message.objects.count() == 1 and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        send(browser, world.client, body="And one more thing: bring shorts.")
    assert Message.objects.count() == 2  # different words are a new message


def test_a_therapist_sends_a_message_and_the_email_holds_no_words(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    browser = staff(world.therapist_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(browser, world.client)

    assert response.status_code == 302
    # Back to the top of the client's page, where "Message sent" shows.
    assert response["Location"] == reverse("practice:client", args=[world.client.code])
    sent = Message.objects.get()
    assert (sent.subject, sent.body, sent.sender) == (SUBJECT, BODY, world.therapist_user)
    assert sent.practice == world.practice and sent.read_at is None
    (email,) = mail.outbox
    assert email.to == [world.client.email]
    assert email.subject == "A message from Riverside Massage"
    link = f"{settings.SITE_URL}{reverse('portal:message', args=[sent.code])}"
    html = email.alternatives[0][0]
    for content in (email.body, html):
        assert "Riverside Massage sent you a message." in content
        assert "sciatic" not in content and "flare-up" not in content
    assert f"Sign in to read it:\n{link}" in email.body and f'href="{link}"' in html
    text = client_page(browser, world.client)
    assert "Message sent. Ada gets an email saying a message is waiting." in text
    assert SUBJECT in text and "<strong>Not yet</strong>" in text  # not read yet
    event = AuditEvent.objects.get(action="portal.message.sent")
    assert event.actor == world.therapist_user and "sciatic" not in str(event.data)


def test_the_emailed_link_opens_the_message_after_signing_in(
    world: World, client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        send(staff(world.owner), world.client)
    link = mail.outbox[0].body.split("Sign in to read it:\n")[1].split()[0]
    path = link.removeprefix(settings.SITE_URL)
    assert path == reverse("portal:message", args=[Message.objects.get().code])

    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    page = page_text(signed_in(world.client_user, mfa=False).get(path))
    assert SUBJECT in page and BODY in page and "From Riverside Massage" in page


def test_the_front_desk_may_send_a_scheduling_message(world: World) -> None:
    response = send(staff(world.front_desk), world.client, "Parking", "The car park is shut.")
    assert response.status_code == 302
    assert Message.objects.get().sender == world.front_desk


def test_the_front_desk_sees_subjects_but_not_a_therapists_words(world: World) -> None:
    send(staff(world.therapist_user), world.client)
    send(staff(world.front_desk), world.client, "Parking", "The car park is shut.")
    desk = client_page(signed_in(world.front_desk), world.client)
    assert SUBJECT in desk and "flare-up" not in desk
    assert "The car park is shut." in desk  # their own message
    therapist = client_page(signed_in(world.therapist_user), world.client)
    assert "flare-up" in therapist and "The car park is shut." in therapist


@pytest.mark.parametrize(
    ("subject", "body", "says"),
    [
        ("", BODY, "Write a subject, for example “Your visit on Tuesday”."),
        (SUBJECT, "   ", "Write the message itself."),
        ("x" * 121, BODY, "Keep the subject to 120 characters."),
        (SUBJECT, "x" * 4001, "Keep the message to 4000 characters; send a second one for more."),
    ],
)
def test_bad_input_says_what_is_wrong_keeps_the_draft_and_sends_nothing(
    world: World, subject: str, body: str, says: str
) -> None:
    browser = staff(world.therapist_user)
    response = send(browser, world.client, subject, body)
    assert response.status_code == 302
    text = client_page(browser, world.client)
    assert "The message was not sent." in text and says in text
    assert not Message.objects.exists() and not mail.outbox
    if subject.strip():
        assert f'value="{subject}"' in text  # what was typed is still there
    assert "The message was not sent." not in client_page(browser, world.client)


def test_an_empty_post_goes_back_with_a_message(world: World) -> None:
    browser = staff(world.owner)
    response = browser.post(reverse("portal:send", args=[world.client.code]))
    assert response.status_code == 302
    assert "Write a subject" in client_page(browser, world.client)
    assert not Message.objects.exists()


def test_a_client_without_an_account_finds_the_message_when_they_sign_up(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    browser = staff(world.therapist_user)
    assert "no account yet, so no email goes out" in client_page(browser, world.another_client)
    with django_capture_on_commit_callbacks(execute=True):
        send(browser, world.another_client)
    assert not mail.outbox
    text = client_page(browser, world.another_client)
    assert "Bram has no account yet, so no email was sent" in text
    assert "the message will be waiting when they sign up" in text

    world.another_client.user = world.client_user  # linked once they have an account
    world.another_client.save(update_fields=["user"])
    inbox = page_text(signed_in(world.client_user, mfa=False).get(reverse("portal:messages")))
    assert SUBJECT in inbox


def test_an_erased_record_gets_no_messages(world: World) -> None:
    world.client.erased_at = NOW
    world.client.save(update_fields=["erased_at"])
    browser = staff(world.owner)
    send(browser, world.client)
    assert not Message.objects.exists()
    assert "record was erased" in client_page(browser, world.client)


def test_staff_of_another_practice_cannot_write_to_our_client(world: World) -> None:
    response = send(staff(world.other_owner), world.client)
    assert response.status_code == 404 and not Message.objects.exists()


# -- reading ---------------------------------------------------------------------------------


def test_opening_a_message_marks_it_read_once(world: World) -> None:
    sent = services.send_message(world.client, subject=SUBJECT, body=BODY, sender=world.owner)
    browser = signed_in(world.client_user, mfa=False)
    assert "1 new message for you" in page_text(browser.get(reverse("account_home")))

    url = reverse("portal:message", args=[sent.code])
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        assert browser.get(url).status_code == 200
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        browser.get(url)
    sent.refresh_from_db()
    assert sent.read_at == NOW + dt.timedelta(hours=1)
    assert AuditEvent.objects.filter(action="portal.message.read").count() == 1
    assert "new message" not in page_text(browser.get(reverse("account_home")))
    staff_page = client_page(staff(world.owner), world.client)
    assert "Read 20 November <small>13:00</small>" in staff_page


def test_someone_elses_message_answers_404(world: World) -> None:
    theirs = services.send_message(
        world.another_client, subject="Bram only", body=BODY, sender=world.owner
    )
    outsider = services.send_message(
        world.other_client, subject="Cyd only", body=BODY, sender=world.other_owner
    )
    browser = signed_in(world.client_user, mfa=False)
    for message in (theirs, outsider):
        assert browser.get(reverse("portal:message", args=[message.code])).status_code == 404
        message.refresh_from_db()
        assert message.read_at is None
    assert browser.get(reverse("portal:message", args=["nope"])).status_code == 404


def test_the_list_shows_every_practices_messages_newest_first(world: World) -> None:
    elsewhere = ClientFactory(
        practice=world.other_practice, user=world.client_user, email=world.client_user.email
    )
    old = services.send_message(
        world.client,
        subject="Older one",
        body=BODY,
        sender=world.owner,
        now=NOW - dt.timedelta(days=3),
    )
    services.send_message(elsewhere, subject="From the hill", body=BODY, sender=world.other_owner)
    services.send_message(world.another_client, subject="Bram only", body=BODY, sender=world.owner)
    old.read_at = NOW
    old.save(update_fields=["read_at"])
    text = page_text(signed_in(world.client_user, mfa=False).get(reverse("portal:messages")))
    assert text.index("From the hill") < text.index("Older one")
    assert "From Hilltop Clinic" in text and "From Riverside Massage" in text
    assert text.count(">new</span>") == 1
    assert "Bram only" not in text


def test_the_list_is_kind_when_empty(world: World) -> None:
    text = page_text(signed_in(world.client_user, mfa=False).get(reverse("portal:messages")))
    assert "No messages yet." in text


@pytest.mark.parametrize("count", [1, 8])
def test_the_clients_list_runs_a_constant_number_of_queries(  # type: ignore[no-untyped-def]
    world: World, count: int, django_assert_max_num_queries
) -> None:
    for n in range(count):
        services.send_message(world.client, subject=f"Note {n}", body=BODY, sender=world.owner)
    reader = signed_in(world.client_user, mfa=False)
    reader.get(reverse("portal:messages"))  # warm the session

    with django_assert_max_num_queries(6):
        text = page_text(reader.get(reverse("portal:messages")))

    assert text.count(">new</span>") == count


def test_the_messages_add_no_queries_to_the_staff_client_page(world: World) -> None:
    """The client page is shared with other areas: compare it with itself, 1 vs 8 messages."""
    owner = staff(world.owner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client_page(owner, world.client)
        return len(captured.captured_queries)

    services.send_message(world.client, subject="Note 0", body=BODY, sender=world.owner)
    client_page(owner, world.client)  # warm the session
    few = queries()
    for n in range(1, 8):
        services.send_message(world.client, subject=f"Note {n}", body=BODY, sender=world.owner)
    assert queries() == few
    assert "Note 7" in client_page(owner, world.client)

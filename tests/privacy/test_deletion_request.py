"""Asking for my account to be deleted, and taking the request back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from easeplan.accounts.models import AuditEvent
from easeplan.privacy.models import DeletionRequest

from ..conftest import World, page_text, signed_in
from ..factories import PASSWORD, ClientFactory, PracticeFactory

URL = "/account/delete/"
Ask = Callable[..., Any]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """Rate-limit counts live in the cache: start and leave each test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ask(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Post the request form as the client; emails (sent after commit) go out too."""

    def post(world: World, password: str = PASSWORD, reason: str = "") -> Any:
        browser = signed_in(world.client_user, mfa=False)
        with django_capture_on_commit_callbacks(execute=True):
            return browser.post(URL, {"password": password, "reason": reason}, follow=True)

    return post


def test_the_page_explains_what_goes_and_what_the_practice_keeps(world: World) -> None:
    world.practice.record_retention_years = 10
    world.practice.save()
    response = signed_in(world.client_user, mfa=False).get(reverse("privacy:delete"))
    text = page_text(response)
    assert response.status_code == 200
    assert "Deleted straight away" in text
    assert "visits booked for the future: they are cancelled" in text
    assert "<strong>Riverside Massage</strong>: for 10 years after your last visit" in text
    assert reverse("privacy:export_json") in text
    assert 'name="password"' in text


def test_a_wrong_password_saves_nothing_and_says_why(world: World, ask: Ask) -> None:
    response = ask(world, password="not-my-password")
    assert "That isn't your current password" in page_text(response)
    assert not DeletionRequest.objects.exists()
    assert not mail.outbox


def test_a_missing_password_is_asked_for(world: World, ask: Ask) -> None:
    response = ask(world, password="")
    assert "Type your current password to confirm it's you." in page_text(response)
    assert not DeletionRequest.objects.exists()


def test_the_right_password_sends_the_request_to_the_practice(world: World, ask: Ask) -> None:
    response = ask(world, reason="Moving abroad")
    text = page_text(response)
    assert "Your request is sent." in text
    assert "Sent to Riverside Massage on" in text
    request = DeletionRequest.objects.get()
    assert (request.client, request.practice, request.reason, request.status) == (
        world.client,
        world.practice,
        "Moving abroad",
        "requested",
    )
    [email] = mail.outbox
    assert email.to == [world.practice.email]
    assert email.subject == "Ada Quillfeather asked to delete their account"
    assert "/staff/privacy/" in email.body
    assert "Moving abroad" not in email.body  # the reason stays in easeplan


def test_asking_twice_makes_no_second_request(world: World, ask: Ask) -> None:
    ask(world)
    response = ask(world)
    assert DeletionRequest.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "Ask to delete my account" not in page_text(response)  # nothing left to ask


def test_a_person_at_two_practices_asks_both(world: World, ask: Ask) -> None:
    elsewhere = PracticeFactory(name="Lakeside Bodywork")
    ClientFactory(practice=elsewhere, user=world.client_user, email=world.client_user.email)
    ask(world)
    assert set(DeletionRequest.objects.values_list("practice__name", flat=True)) == {
        "Riverside Massage",
        "Lakeside Bodywork",
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.practice.email, elsewhere.email])


def test_asking_is_audited_without_the_reason(world: World, ask: Ask) -> None:
    ask(world, reason="Private thoughts")
    event = AuditEvent.objects.get(action="privacy.deletion.requested")
    assert (event.actor, event.practice) == (world.client_user, world.practice)
    assert "Private thoughts" not in str(event.data)


def test_withdrawing_closes_the_request_and_asking_again_works(world: World, ask: Ask) -> None:
    ask(world)
    request = DeletionRequest.objects.get()
    browser = signed_in(world.client_user, mfa=False)
    response = browser.post(reverse("privacy:withdraw", args=[request.code]), follow=True)
    assert "Your request is withdrawn. Nothing was deleted." in page_text(response)
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert AuditEvent.objects.filter(action="privacy.deletion.withdrawn").exists()
    ask(world)
    assert DeletionRequest.objects.filter(status="requested").count() == 1


def test_a_handled_request_cannot_be_withdrawn(world: World) -> None:
    request = DeletionRequest.objects.create(
        practice=world.practice, client=world.client, status="withdrawn"
    )
    browser = signed_in(world.client_user, mfa=False)
    response = browser.post(reverse("privacy:withdraw", args=[request.code]), follow=True)
    assert "already handled" in page_text(response)


def test_nobody_else_can_withdraw_my_request(world: World) -> None:
    request = DeletionRequest.objects.create(practice=world.practice, client=world.client)
    other = ClientFactory(practice=world.practice, user=world.owner, email=world.owner.email)
    assert other.user == world.owner
    response = signed_in(world.owner).post(reverse("privacy:withdraw", args=[request.code]))
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "requested"


def test_withdrawing_needs_a_post(world: World) -> None:
    request = DeletionRequest.objects.create(practice=world.practice, client=world.client)
    browser = signed_in(world.client_user, mfa=False)
    assert browser.get(reverse("privacy:withdraw", args=[request.code])).status_code == 405


def test_too_many_wrong_passwords_are_stopped(world: World, ask: Ask) -> None:
    for _ in range(10):
        ask(world, password="guess")
    response = ask(world)
    assert "Too many tries" in page_text(response)
    assert not DeletionRequest.objects.exists()


def test_someone_without_a_client_record_is_told_there_is_nothing_to_delete(
    world: World,
) -> None:
    browser = signed_in(world.front_desk, mfa=False)
    response = browser.post(URL, {"password": PASSWORD})
    assert "there is nothing for a practice to delete here" in page_text(response)
    assert not DeletionRequest.objects.exists()


def test_the_account_section_links_the_downloads_and_the_deletion_page(world: World) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("privacy/fragment_account_data.html", {"user": world.client_user})
    assert "<h2" in html and "Your data" in html
    for name in ("privacy:export_json", "privacy:export_csv", "privacy:delete"):
        assert f'href="{reverse(name)}"' in html


def test_the_request_date_is_the_practices_day(world: World, ask: Ask) -> None:
    world.practice.time_zone = "Pacific/Auckland"
    world.practice.save(update_fields=["time_zone"])
    with time_machine.travel(dt.datetime(2026, 11, 19, 12, 0, tzinfo=dt.UTC), tick=False):
        text = page_text(ask(world))
    assert "Sent to Riverside Massage on 20 November 2026." in text  # 01:00 in Auckland


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_double_submit_makes_one_request_and_no_error(world: World) -> None:
    """The second submit waits for the first and then finds the request already made (it
    used to read the records before the first committed and crash on the unique rule)."""
    import threading
    import time
    from unittest import mock

    from django.db import connection

    from easeplan.privacy import services

    inside, outcomes, real_log = threading.Event(), {}, services.log_action

    def slow_log(*args: Any, **kwargs: Any) -> Any:
        found = real_log(*args, **kwargs)
        if not inside.is_set():  # the first submit holds its locks a moment
            inside.set()
            time.sleep(1.0)
        return found

    def submit(name: str) -> None:
        try:
            if name == "second":
                inside.wait(timeout=10)
            outcomes[name] = len(services.request_deletion(world.client_user))
        except Exception as error:  # reported by the assertion below
            outcomes[name] = error
        finally:
            connection.close()

    with mock.patch.object(services, "log_action", slow_log):
        threads = [threading.Thread(target=submit, args=(n,)) for n in ("first", "second")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert outcomes == {"first": 1, "second": 0}
    assert DeletionRequest.objects.filter(client=world.client, status="requested").count() == 1

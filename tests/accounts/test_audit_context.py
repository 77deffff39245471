"""What the trail keeps of a request, read in one place; and who counts as the actor."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from easeplan.accounts.audit import AuditContext, log_action, signed_in
from easeplan.accounts.models import AuditEvent

from ..conftest import World


def test_the_context_of_a_request_is_its_address_and_browser() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT="Firefox/140.0 (a phone)"
    )
    assert AuditContext.of(request) == AuditContext(
        ip="203.0.113.5", user_agent="Firefox/140.0 (a phone)"
    )


def test_a_context_can_not_be_changed_after_it_is_read() -> None:
    context = AuditContext(ip="203.0.113.5")
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.ip = "198.51.100.1"  # type: ignore[misc]


def test_only_a_signed_in_user_is_an_actor(world: World) -> None:
    assert signed_in(world.owner) == world.owner
    assert signed_in(AnonymousUser()) is None
    assert signed_in(None) is None


@pytest.mark.django_db
def test_an_event_keeps_the_address_of_its_context(world: World) -> None:
    event = log_action(
        world.owner, "practice.client.viewed", world.client, audit=AuditContext(ip="198.51.100.4")
    )
    assert (event.actor, event.ip, event.practice) == (world.owner, "198.51.100.4", world.practice)
    assert log_action(AnonymousUser(), "site.contact.viewed").actor is None  # type: ignore[arg-type]
    assert AuditEvent.objects.filter(ip=None, action="site.contact.viewed").count() == 1

"""Every staff page that opens a record writes an audit event, and every refused look at a
record (another practice's, or one the role may not see) is recorded without its data."""

from __future__ import annotations

import pytest
from django.urls import URLResolver, get_resolver, reverse

from easeplan.accounts.models import AuditEvent

from ..conftest import World, give_totp, signed_in
from ..practice.test_access import ROUTES, kwargs_for

# Staff pages with an id that are not a client's record: the practice's own set-up.
NOT_RECORDS = {
    "practice:service",
    "practice:member",
    "practice:therapist",
    "practice:therapist_feed",
    "practice:time_off_add",
    "practice:time_off_delete",
}


def route_patterns() -> dict[str, str]:
    """Every named route's full pattern: ``{"practice:client": "staff/clients/<str:code>/"}``."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:  # type: ignore[no-untyped-def]
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif p.name:
                found[f"{namespace}:{p.name}"] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "", "")
    return found


PATTERNS = route_patterns()
# Staff routes that name one record by its id (lists and forms without an id are not).
WITH_ID = sorted(n for n in ROUTES if "<" in PATTERNS[n])
RECORD_PAGES = [n for n in WITH_ID if ROUTES[n][0] == "GET" and n not in NOT_RECORDS]


def _route(name: str, world: World) -> tuple[str, dict[str, object]]:
    kwargs = kwargs_for(name, world)
    return reverse(name, kwargs=kwargs), kwargs


@pytest.mark.parametrize("name", RECORD_PAGES)
def test_opening_a_record_page_writes_an_audit_event(world: World, name: str) -> None:
    url, _ = _route(name, world)
    give_totp(world.owner)
    before = AuditEvent.objects.count()
    response = signed_in(world.owner).get(url)
    assert response.status_code == 200, url
    events = AuditEvent.objects.filter(actor=world.owner).order_by("pk")[before:]
    assert events, url  # viewed, printed or downloaded: the trail says who opened it


@pytest.mark.parametrize("name", WITH_ID)
def test_a_refused_look_from_another_practice_is_recorded_without_our_data(
    world: World, name: str
) -> None:
    url, kwargs = _route(name, world)
    method, _ = ROUTES[name]
    give_totp(world.other_owner)
    browser = signed_in(world.other_owner)
    response = browser.get(url) if method == "GET" else browser.post(url)
    assert response.status_code == 404
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == world.other_owner
    assert event.practice == world.other_practice
    assert event.data["method"] == method and event.data["view"] == name
    assert "<" in event.data["route"]  # the route's pattern, not the id asked for
    assert (event.object_type, event.object_id) == ("", "")
    ours = {str(value) for value in kwargs.values()}
    assert not any(value in str(event.data) for value in ours)
    assert not AuditEvent.objects.filter(practice=world.practice, actor=world.other_owner).exists()


def test_a_role_refused_a_clinical_record_is_recorded(world: World) -> None:
    give_totp(world.front_desk)
    url = reverse("intake:staff_intake", kwargs={"code": world.client.code})
    assert signed_in(world.front_desk).get(url).status_code == 404
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == world.front_desk
    assert event.data["route"] == "staff/clients/<str:code>/intake/"

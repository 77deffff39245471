"""The standard checks for every staff route, driven from the URL list.

A new staff route without an entry here fails `test_every_staff_route_is_covered`.
"""

from __future__ import annotations

import pytest
from django.urls import URLResolver, get_resolver, reverse

from easeplan.accounts.models import Membership
from easeplan.practice.models import Therapist

from ..care import (
    access_consents,
    access_intake,
    access_notes,
    access_nudges,
    access_plans,
    access_programme,
    access_series,
    access_summaries,
)
from ..conftest import World, give_totp, signed_in
from ..factories import (
    AppointmentFactory,
    ContactMessageFactory,
    TherapistFactory,
    TimeOffFactory,
)
from ..outcomes import access_checkins, access_dashboard, access_progress, access_report
from ..portal import access_portal
from ..privacy import access_privacy
from ..screening import access_assessments, access_holds

# name -> (kwargs builder, methods allowed, roles allowed)
OWNER = {"owner"}
ALL = {"owner", "therapist", "front_desk"}
CLINICIANS = {"owner", "therapist"}


# Areas keep their own tables (name -> (method, roles)) beside their tests.
AREAS = (
    access_intake,
    access_consents,
    access_summaries,
    access_assessments,
    access_holds,
    access_plans,
    access_notes,
    access_programme,
    access_series,
    access_nudges,
    access_checkins,
    access_progress,
    access_report,
    access_dashboard,
    access_portal,
    access_privacy,
)


def kwargs_for(name: str, w: World) -> dict[str, object]:
    for area in AREAS:
        found = area.kwargs_for(name, w)
        if found is not None:
            return found
    if name in {"practice:service"}:
        return {"code": w.practice.services.first().code}
    if name == "practice:therapist_feed":  # a colleague's profile: only owners may reset it
        return {"code": TherapistFactory(practice=w.practice).code}
    if name in {"practice:therapist", "practice:time_off_add"}:
        return {"code": w.therapist.code}
    if name == "practice:time_off_delete":
        return {"code": w.therapist.code, "entry": TimeOffFactory(therapist=w.therapist).code}
    if name == "visits:detail":
        return {
            "code": AppointmentFactory(
                practice=w.practice, therapist=w.therapist, client=w.client
            ).code
        }
    if name == "practice:member":
        return {"code": w.practice.memberships.get(user=w.front_desk).code}
    if name == "practice:client":
        return {"code": w.client.code}
    if name == "site:inbox_message":
        return {"code": ContactMessageFactory(practice=w.practice).code}
    if name in OWN_PAGES:
        # An owner who also treats, here and in the other practice, has pages of their own.
        for practice, owner in ((w.practice, w.owner), (w.other_practice, w.other_owner)):
            Therapist.objects.get_or_create(
                practice=practice, user=owner, defaults={"display_name": "Owner who treats"}
            )
    if name == "practice:my_time_off_delete":  # the therapist's entry: no one else's to remove
        return {"entry": TimeOffFactory(therapist=w.therapist).code}
    return {}


# A clinician's own pages (their profile, hours and time off): no code of anyone else's.
OWN_PAGES = {
    "practice:my_profile",
    "practice:my_hours",
    "practice:my_time_off",
    "practice:my_time_off_delete",
}


ROUTES = {
    "practice:dashboard": ("GET", ALL),
    "practice:settings": ("GET", OWNER),
    "practice:services": ("GET", ALL),
    "practice:service_add": ("GET", OWNER),
    "practice:service": ("GET", OWNER),
    "practice:team": ("GET", ALL),
    "practice:member_add": ("GET", OWNER),
    "practice:member": ("GET", OWNER),
    "practice:therapist": ("GET", OWNER),
    "practice:time_off_add": ("POST", OWNER),
    "practice:therapist_feed": ("POST", OWNER),
    "practice:time_off_delete": ("POST", OWNER),
    "practice:calendar": ("GET", ALL),
    "practice:calendar_week": ("GET", ALL),
    "practice:calendar_team": ("GET", ALL),
    "practice:clients": ("GET", ALL),
    "practice:client": ("GET", ALL),
    "practice:switch": ("POST", ALL),
    "site:inbox": ("GET", ALL),
    "visits:new": ("GET", ALL),
    "visits:detail": ("GET", ALL),
    "site:inbox_message": ("GET", ALL),
    "site:settings": ("GET", OWNER),
    "practice:my_profile": ("GET", CLINICIANS),
    "practice:my_hours": ("GET", CLINICIANS),
    "practice:my_time_off": ("GET", CLINICIANS),
    "practice:my_time_off_delete": ("POST", {"therapist"}),
}
for _area in AREAS:
    ROUTES.update(_area.ROUTES)


def staff_route_names() -> set[str]:
    """Every named route whose path starts with staff/."""
    found: set[str] = set()

    def walk(patterns, prefix: str, namespace: str) -> None:  # type: ignore[no-untyped-def]
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route, p.namespace or namespace)
            elif p.name and route.startswith("staff/"):
                found.add(f"{namespace}:{p.name}")

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_staff_route_is_covered() -> None:
    assert staff_route_names() == set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(world: World, client, name: str) -> None:
    method, _ = ROUTES[name]
    url = reverse(name, kwargs=kwargs_for(name, world))
    response = client.get(url) if method == "GET" else client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_clients_get_404(world: World, name: str) -> None:
    method, _ = ROUTES[name]
    url = reverse(name, kwargs=kwargs_for(name, world))
    browser = signed_in(world.client_user)
    response = browser.get(url) if method == "GET" else browser.post(url)
    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_staff_of_another_practice_never_see_ours(world: World, name: str) -> None:
    kwargs = kwargs_for(name, world)
    method, _ = ROUTES[name]
    give_totp(world.other_owner)
    browser = signed_in(world.other_owner)
    url = reverse(name, kwargs=kwargs)
    data = {"practice": world.practice.slug} if name == "practice:switch" else {}
    response = browser.get(url) if method == "GET" else browser.post(url, data)
    if kwargs or name == "practice:switch":
        assert response.status_code == 404
    else:  # pages without an id show the outsider's own practice, never ours
        assert response.status_code == 200
        page = response.content.decode()
        for ours in (
            world.practice.name,
            world.client.last_name,
            world.another_client.last_name,
            world.therapist.display_name,
        ):
            assert ours not in page


@pytest.mark.parametrize("role", [r.value for r in Membership.Role])
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_roles(world: World, name: str, role: str) -> None:
    method, roles = ROUTES[name]
    user = {
        "owner": world.owner,
        "therapist": world.therapist_user,
        "front_desk": world.front_desk,
    }[role]
    give_totp(user)
    browser = signed_in(user)
    url = reverse(name, kwargs=kwargs_for(name, world))
    data = {"practice": world.practice.slug} if name == "practice:switch" else {}
    response = browser.get(url) if method == "GET" else browser.post(url, data)
    if role in roles:
        # Pages open; actions redirect on success, or answer 400 to an empty form.
        assert response.status_code == (200 if method == "GET" else 302) or (
            name == "practice:time_off_add" and response.status_code == 400
        )
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(n for n, (m, _) in ROUTES.items() if m == "POST"))
def test_post_only_routes_reject_get(world: World, name: str) -> None:
    give_totp(world.owner)
    browser = signed_in(world.owner)
    response = browser.get(reverse(name, kwargs=kwargs_for(name, world)))
    assert response.status_code == 405

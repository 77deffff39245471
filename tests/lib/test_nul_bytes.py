"""A NUL byte anywhere in a request gets a plain 400, on SQLite and on PostgreSQL alike.

PostgreSQL refuses text holding NUL; without the check these requests failed deep inside
a query with a server error.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from easeplan.practice.models import Client

from ..conftest import World, signed_in

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/book/?service=%00",
    "/book/?service=%00&therapist=any&from=2026-01-01",
    "/book/waitlist/?service=%00",
    "/book/confirm/?service=%00&therapist=x&start=y",
    "/feeds/%00.ics",
    "/self-check/?x=%00",
    "/?%00=1",
]
STAFF = ["/staff/clients/?q=%00", "/staff/visits/new/?client=%00", "/staff/calendar/?day=%00"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_addresses_with_a_nul_byte_get_a_plain_400(client, world: World, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()


@pytest.mark.parametrize("url", STAFF)
def test_staff_addresses_with_a_nul_byte_get_a_plain_400(world: World, url: str) -> None:
    response = signed_in(world.front_desk).get(url)
    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()


def test_a_posted_field_with_a_nul_byte_saves_nothing(client, world: World) -> None:
    service = world.practice.services.get()
    response = client.post(
        f"{reverse('booking:waitlist')}?service={service.code}",
        {"first_name": "Ro\x00bin", "last_name": "F", "email": "r@example.org", "phone": "1"},
    )
    assert response.status_code == 400
    assert not Client.objects.filter(email="r@example.org").exists()


def test_the_text_percent_zero_zero_is_not_a_nul_byte(world: World) -> None:
    response = signed_in(world.front_desk).get("/staff/clients/?q=%2500")
    assert response.status_code == 200

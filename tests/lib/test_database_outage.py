"""While the database can't be reached, pages answer 503 with Retry-After and a plain page,
and answer normally again by themselves once it is back.

The outage is real: the connection is pointed at a closed port (PostgreSQL) or a path that
can't be opened (SQLite), then back. The shared database server keeps running.
"""

from __future__ import annotations

import contextlib
import socket
import sys
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client as Browser
from django.test import RequestFactory
from django.urls import reverse

from easeplan.lib import errors

from ..conftest import World, signed_in


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def database_down() -> Iterator[None]:
    """The database unreachable for the requests made inside, then reachable again."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    else:
        connection.settings_dict["NAME"] = "/nonexistent/easeplan/down.sqlite3"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_with_retry_after_while_the_database_is_down(world: World) -> None:
    staff = signed_in(world.front_desk)
    staff.raise_request_exception = False
    visitor = Browser(raise_request_exception=False)
    pages = [(visitor, "/"), (visitor, "/book/"), (visitor, "/self-check/")]
    with database_down():
        answers = [browser.get(url) for browser, url in [*pages, (staff, "/staff/calendar/")]]
    for response in answers:
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        page = response.content.decode()
        assert "Back in a moment" in page and "try again in about 30 seconds" in page
        assert "Traceback" not in page


@pytest.mark.django_db(transaction=True)
def test_pages_answer_again_by_themselves_when_the_database_is_back(world: World) -> None:
    visitor = Browser(raise_request_exception=False)
    with database_down():
        assert visitor.get(reverse("booking:book")).status_code == 503
        assert visitor.post(reverse("booking:waitlist")).status_code == 503
    # Nothing restarted, nothing reset: the next request simply connects again.
    response = visitor.get(reverse("booking:book"))
    assert response.status_code == 200
    assert world.practice.services.get().name in response.content.decode()


def test_any_other_server_error_is_still_a_500() -> None:
    request = RequestFactory().get("/")
    try:
        raise RuntimeError("a bug, not an outage")
    except RuntimeError:
        assert sys.exc_info()[0] is RuntimeError
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "Retry-After" not in response

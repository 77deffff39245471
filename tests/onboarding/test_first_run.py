"""With no practice yet, every page leads to /setup/; once there is one, none does."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from easeplan.onboarding import first_run
from easeplan.practice.models import Practice

from ..factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/", "/book/", "/staff/", "/account/", "/contact/", "/self-check/", "/staff/clients/"]
)
def test_every_page_leads_to_setup_while_there_is_no_practice(path: str) -> None:
    answer = HttpClient().get(path)
    assert (answer.status_code, answer.url) == (302, "/setup/")


@pytest.mark.parametrize("path", ["/health/", "/accounts/login/", "/setup/", "/admin/login/"])
def test_the_setup_page_health_check_and_sign_in_stay_open(path: str) -> None:
    assert HttpClient().get(path).status_code in {200, 302}
    answer = HttpClient().get(path)
    assert answer.status_code == 200 or answer.url != "/setup/"


def test_once_a_practice_is_saved_pages_answer_without_asking_again(
    django_assert_num_queries,
) -> None:
    assert HttpClient().get("/health/").status_code == 200
    PracticeFactory()
    with django_assert_num_queries(0):
        assert first_run.practice_exists()
    assert HttpClient().get("/contact/").status_code == 200


def test_a_process_started_on_a_set_up_database_asks_once(django_assert_num_queries) -> None:
    PracticeFactory()
    first_run.forget()  # as a freshly started server
    with django_assert_num_queries(1):
        assert first_run.practice_exists()
    with django_assert_num_queries(0):
        assert first_run.practice_exists()


def test_deleting_the_last_practice_leads_to_setup_again() -> None:
    PracticeFactory()
    Practice.objects.get().delete()
    assert HttpClient().get("/").url == "/setup/"

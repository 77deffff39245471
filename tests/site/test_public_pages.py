"""The public site: home, condition pages, the pre-booking check."""

from __future__ import annotations

import pytest
from django.urls import reverse

from easeplan.site.conditions import CONDITIONS

from ..conftest import World

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_practice_its_services_and_team(client, world: World) -> None:
    page = client.get("/").content.decode()
    assert world.practice.name in page
    assert "Treatment, 60 minutes" in page
    assert world.therapist.display_name in page
    for condition in CONDITIONS:
        assert reverse("site:condition", args=[condition.slug]) in page


def test_the_piriformis_page_explains_the_condition_and_offers_next_steps(
    client, world: World
) -> None:
    page = client.get(reverse("site:condition", args=["piriformis-syndrome"])).content.decode()
    for aggravator in ("sitting", "bending", "squatting", "running", "stairs"):
        assert aggravator in page.lower()
    for topic in ("Who gets it", "How massage can help", "few visits", "see a doctor"):
        assert topic.lower() in page.lower()
    assert reverse("screening:start") in page
    assert reverse("booking:book") in page
    assert "you have piriformis syndrome" not in page.lower()  # we never diagnose


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.slug)
def test_every_condition_page_has_a_title_and_the_doctor_warning(
    client, world: World, condition
) -> None:
    page = client.get(reverse("site:condition", args=[condition.slug])).content.decode()
    assert page.count("<h1") == 1
    assert condition.title in page
    assert "When to see a doctor instead" in page
    assert "Pain, numbness or weakness in both legs" in page
    assert "A calf that is swollen, tender, warm or red (a possible clot): Get a medical" in page


def test_an_unknown_condition_is_404(client, world: World) -> None:
    assert client.get(reverse("site:condition", args=["gout"])).status_code == 404


def test_with_no_practice_set_up_the_site_leads_to_the_setup_page(client, db) -> None:
    answer = client.get("/", follow=True)
    assert answer.redirect_chain == [("/setup/", 302)]
    assert "python manage.py setup_link" in answer.content.decode()


def test_a_site_whose_practice_went_away_answers_404_not_an_error(
    client, world: World, settings
) -> None:
    settings.EASEPLAN_SITE_PRACTICE = "closed-down"
    assert client.get("/").status_code == 404


def test_a_practice_with_its_own_domain_gets_its_own_site(client, world: World, settings) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "hilltop.example.org"]
    world.other_practice.domain = "hilltop.example.org"
    world.other_practice.save()
    page = client.get("/", HTTP_HOST="hilltop.example.org")
    assert world.other_practice.name in page.content.decode()


def test_public_pages_run_a_constant_number_of_queries(
    client, world: World, django_assert_max_num_queries
) -> None:
    for url in [
        "/",
        reverse("site:condition", args=["piriformis-syndrome"]),
        reverse("site:contact"),
    ]:
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200

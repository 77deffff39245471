"""The owner shapes the public site: the introduction, the condition pages on show, the
team and the opening hours; visitors see it at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from easeplan.accounts.models import AuditEvent
from easeplan.site.conditions import CONDITIONS
from easeplan.site.models import INTRO_MAX, PublicSite

from ..conftest import World, page_text, signed_in
from ..factories import TherapistFactory, WorkingHoursFactory

pytestmark = pytest.mark.django_db

SETTINGS = reverse("site:settings")
ALL_PAGES = [c.slug for c in CONDITIONS if c.slug != "piriformis-syndrome"]
STANDARD_INTRO = "Sometimes the cause is the piriformis, a deep hip muscle"


def choices(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "intro": "",
        "shown_conditions": ALL_PAGES,
        "show_team": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_practice_that_never_changed_its_site_shows_it_as_it_was(client, world: World) -> None:
    page = page_text(client.get("/"))
    assert STANDARD_INTRO in page
    assert world.therapist.display_name in page
    assert "Opening hours" not in page
    for condition in CONDITIONS:
        assert reverse("site:condition", args=[condition.slug]) in page
    assert not PublicSite.objects.exists()  # reading the site creates nothing


def test_the_settings_page_shows_what_is_on_today(world: World, as_owner) -> None:
    page = page_text(as_owner.get(SETTINGS))
    assert "Your public site" in page
    for slug in ALL_PAGES:
        assert f'value="{slug}"' in page and "checked" in page
    assert 'value="piriformis-syndrome"' not in page  # always on show, not a choice


def test_the_owner_writes_an_introduction_in_paragraphs(world: World, as_owner, client) -> None:
    intro = "We are two therapists by the river.\n\nParking is behind the building."
    response = as_owner.post(SETTINGS, choices(intro=intro))
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "<p>We are two therapists by the river.</p>" in page
    assert "<p>Parking is behind the building.</p>" in page
    assert STANDARD_INTRO not in page
    event = AuditEvent.objects.get(action="site.settings.changed")
    assert event.actor == world.owner and event.practice == world.practice


def test_markup_in_the_introduction_is_shown_as_text(world: World, as_owner, client) -> None:
    intro = '<script>alert("x")</script> <a href="https://spam.example">cheap</a> <b>bold</b>'
    as_owner.post(SETTINGS, choices(intro=intro))
    page = client.get("/").content.decode()
    assert "<script>alert" not in page and '<a href="https://spam.example">' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_an_introduction_too_long_says_by_how_much_and_saves_nothing(
    world: World, as_owner
) -> None:
    response = as_owner.post(SETTINGS, choices(intro="x" * (INTRO_MAX + 500)))
    assert response.status_code == 200
    assert "Please shorten the introduction to 2,000 characters or fewer (it has 2,500)." in (
        page_text(response)
    )
    assert not PublicSite.objects.exists()


def test_a_huge_post_is_refused_with_a_message(world: World, as_owner) -> None:
    response = as_owner.post(SETTINGS, choices(intro="word " * 200_000))
    assert response.status_code == 200
    assert "Please shorten the introduction" in page_text(response)
    assert not PublicSite.objects.exists()


def test_a_nul_byte_in_the_introduction_gets_a_plain_400(world: World, as_owner) -> None:
    response = as_owner.post(SETTINGS, choices(intro="Hello\x00there"))
    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()
    assert not PublicSite.objects.exists()


def test_a_hidden_condition_page_is_gone_from_the_site(world: World, as_owner, client) -> None:
    shown = [s for s in ALL_PAGES if s != "hip-pain"]
    as_owner.post(SETTINGS, choices(shown_conditions=shown))
    hip = reverse("site:condition", args=["hip-pain"])
    assert client.get(hip).status_code == 404
    assert hip not in client.get("/").content.decode()
    for slug in ["piriformis-syndrome", *shown]:
        page = client.get(reverse("site:condition", args=[slug]))
        assert page.status_code == 200
        assert hip not in page.content.decode()  # nor among "other pages"
    # Shown again: back at once.
    as_owner.post(SETTINGS, choices())
    assert client.get(hip).status_code == 200


def test_the_piriformis_page_cannot_be_hidden(world: World, as_owner, client) -> None:
    as_owner.post(SETTINGS, choices(shown_conditions=None))  # every box unticked
    assert PublicSite.objects.get().hidden_conditions == ALL_PAGES
    assert client.get(reverse("site:condition", args=["piriformis-syndrome"])).status_code == 200
    page = client.get("/").content.decode()
    assert reverse("site:condition", args=["piriformis-syndrome"]) in page
    for slug in ALL_PAGES:
        assert reverse("site:condition", args=[slug]) not in page


def test_a_tampered_condition_is_refused_with_a_message(world: World, as_owner) -> None:
    response = as_owner.post(SETTINGS, choices(shown_conditions=["gout"]))
    assert response.status_code == 200
    assert "Select a valid choice. gout is not one of the available choices." in page_text(response)
    assert not PublicSite.objects.exists()


def test_saving_twice_leaves_one_site(world: World, as_owner, client) -> None:
    for _ in range(2):
        assert as_owner.post(SETTINGS, choices(intro="Welcome.")).status_code == 302
    assert PublicSite.objects.count() == 1
    assert "<p>Welcome.</p>" in client.get("/").content.decode()


def test_another_practice_keeps_its_own_site(world: World, as_owner, client, settings) -> None:
    as_owner.post(SETTINGS, choices(intro="Only at Riverside.", shown_conditions=[]))
    settings.ALLOWED_HOSTS = ["testserver", "hilltop.example.org"]
    world.other_practice.domain = "hilltop.example.org"
    world.other_practice.save()
    page = client.get("/", HTTP_HOST="hilltop.example.org").content.decode()
    assert "Only at Riverside." not in page and STANDARD_INTRO in page
    hip = reverse("site:condition", args=["hip-pain"])
    assert client.get(hip, HTTP_HOST="hilltop.example.org").status_code == 200


def test_the_team_can_be_left_off(world: World, as_owner, client) -> None:
    as_owner.post(SETTINGS, choices(show_team=None))
    page = page_text(client.get("/"))
    assert world.therapist.display_name not in page
    assert "Your therapists" not in page


def test_opening_hours_are_the_union_of_everyone_working(world: World, as_owner, client) -> None:
    # The world's therapist works Monday 09:00–17:00.
    colleague = TherapistFactory(practice=world.practice, display_name="Ola Brightwater")
    WorkingHoursFactory(therapist=colleague, weekday=0, starts=dt.time(16), ends=dt.time(20))
    WorkingHoursFactory(therapist=colleague, weekday=3, starts=dt.time(8), ends=dt.time(12))
    WorkingHoursFactory(therapist=colleague, weekday=3, starts=dt.time(13), ends=dt.time(15))
    away = TherapistFactory(practice=world.practice, is_active=False)
    WorkingHoursFactory(therapist=away, weekday=5, starts=dt.time(9), ends=dt.time(12))
    WorkingHoursFactory(
        therapist=TherapistFactory(practice=world.other_practice), weekday=6
    )  # another practice's
    as_owner.post(SETTINGS, choices(show_opening_hours="on"))
    page = page_text(client.get("/"))
    assert "Opening hours" in page
    assert "Monday</th><td>09:00–20:00</td>" in page
    assert "Thursday</th><td>08:00–12:00, 13:00–15:00</td>" in page
    assert "Saturday" not in page and "Sunday" not in page
    assert "Europe/London" in page


def test_the_settings_page_keeps_its_query_count(
    world: World, as_owner, django_assert_max_num_queries
) -> None:
    as_owner.post(SETTINGS, choices(intro="Hello."))
    with django_assert_max_num_queries(4):
        assert as_owner.get(SETTINGS).status_code == 200


def test_front_desk_and_therapists_cannot_change_the_site(world: World) -> None:
    for user in (world.front_desk, world.therapist_user):
        browser = signed_in(user)
        assert browser.post(SETTINGS, choices(intro="Mine now.")).status_code == 404
    assert not PublicSite.objects.exists()


def test_the_home_page_keeps_its_query_count_with_everything_on(
    world: World, as_owner, client, django_assert_max_num_queries, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    for i in range(5):
        therapist = TherapistFactory(
            practice=world.practice, bio=f"Bio {i}", photo=f"therapists/t{i}.jpg"
        )
        WorkingHoursFactory(therapist=therapist, weekday=i)
    as_owner.post(SETTINGS, choices(intro="Hello.", show_opening_hours="on"))
    # The site's practice (by host, then the default) with its settings, services,
    # therapists, opening hours.
    with django_assert_max_num_queries(5):
        page = client.get("/").content.decode()
    assert page.count('class="therapist-photo"') == 5
    with django_assert_max_num_queries(2):
        assert client.get(reverse("site:condition", args=["hip-pain"])).status_code == 200


def test_two_owners_saving_a_first_time_at_once_leave_one_site(world: World) -> None:
    from easeplan.accounts.audit import AuditContext
    from easeplan.site.forms import PublicSiteForm
    from easeplan.site.services import save_public_site

    # Both opened the page before either saved: both forms hold an unsaved default.
    first, second = (
        PublicSiteForm(choices(intro=text), instance=PublicSite.of(world.practice))
        for text in ("First.", "Second.")
    )
    for form in (first, second):
        assert form.is_valid()
        save_public_site(form, actor=world.owner, audit=AuditContext())
    assert list(PublicSite.objects.values_list("intro", flat=True)) == ["Second."]

"""A therapist keeps their own profile, working hours and time off; nobody else's."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from easeplan.accounts.models import AuditEvent
from easeplan.practice.models import TimeOff, WorkingHours

from ..conftest import World, page_text, signed_in
from ..factories import TherapistFactory, TimeOffFactory, WorkingHoursFactory
from .test_staff_pages import hours_post

pytestmark = pytest.mark.django_db

PROFILE = reverse("practice:my_profile")
HOURS = reverse("practice:my_hours")
TIME_OFF = reverse("practice:my_time_off")


@pytest.fixture
def as_therapist(world: World):  # type: ignore[no-untyped-def]
    return signed_in(world.therapist_user)


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = BytesIO()
    Image.new("RGB", (300, 400), "teal").save(out, "JPEG", exif=exif)
    return SimpleUploadedFile("IMG_2041 at home.jpg", out.getvalue(), content_type="image/jpeg")


def profile(**changes: object) -> dict[str, object]:
    return {"display_name": "Dana Whitlockova", "bio": "Runner's glutes."} | changes


def test_a_therapist_opens_their_own_pages_from_the_staff_menu(world: World, as_therapist) -> None:
    page = page_text(as_therapist.get(reverse("practice:dashboard")))
    assert PROFILE in page
    for url in (PROFILE, HOURS, TIME_OFF):
        response = as_therapist.get(url)
        assert response.status_code == 200
        assert world.therapist.display_name in page_text(response)


def test_a_therapist_writes_their_bio_and_visitors_read_it(
    world: World, as_therapist, client
) -> None:
    response = as_therapist.post(
        PROFILE, profile(display_name="Dana W.", bio="Ten years with runners.\n\nI cycle too.")
    )
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "Dana W." in home
    assert "<p>Ten years with runners.</p>" in home and "<p>I cycle too.</p>" in home
    event = AuditEvent.objects.get(action="practice.therapist.changed")
    assert event.actor == world.therapist_user
    assert set(event.data["fields"]) == {"display_name", "bio"}


def test_a_therapist_cannot_switch_off_their_own_bookings(world: World, as_therapist) -> None:
    as_therapist.post(PROFILE, profile(is_active=""))
    world.therapist.refresh_from_db()
    assert world.therapist.is_active


def test_the_uploaded_photo_loses_its_gps_and_shows_on_the_site(
    world: World, as_therapist, client, media
) -> None:
    response = as_therapist.post(PROFILE, profile(photo=jpeg_with_gps()))
    assert response.status_code == 302
    world.therapist.refresh_from_db()
    name = world.therapist.photo.name
    assert name.startswith("therapists/") and name.endswith(".jpg")
    assert "IMG_2041" not in name  # the file's own name can tell where or when
    stored = Image.open(media / name)
    assert dict(stored.getexif()) == {}
    assert f'src="{world.therapist.photo.url}"' in client.get("/").content.decode()
    service = world.practice.services.get()
    booking = client.get(reverse("booking:book"), {"service": service.code}).content.decode()
    assert f'src="{world.therapist.photo.url}"' in booking


def test_a_replaced_or_removed_photo_is_deleted_from_storage(
    world: World, as_therapist, media, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        as_therapist.post(PROFILE, profile(photo=jpeg_with_gps()))
    first = world.therapist.__class__.objects.get(pk=world.therapist.pk).photo.name
    with django_capture_on_commit_callbacks(execute=True):
        as_therapist.post(PROFILE, profile(photo=jpeg_with_gps()))
    world.therapist.refresh_from_db()
    second = world.therapist.photo.name
    assert second != first and not (media / first).exists() and (media / second).exists()
    with django_capture_on_commit_callbacks(execute=True):
        as_therapist.post(PROFILE, profile(**{"photo-clear": "on"}))
    world.therapist.refresh_from_db()
    assert not world.therapist.photo and not (media / second).exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("me.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
            "Upload a valid image",
        ),
        (SimpleUploadedFile("me.jpg", b"not a photo", "image/jpeg"), "Upload a valid image"),
    ],
)
def test_a_file_that_is_no_photo_is_refused_with_a_message(
    world: World, as_therapist, media, upload, message
) -> None:
    response = as_therapist.post(PROFILE, profile(photo=upload, bio="Changed"))
    assert response.status_code == 200
    assert message in page_text(response)
    world.therapist.refresh_from_db()
    assert not world.therapist.photo and world.therapist.bio == ""


def test_a_gif_photo_is_refused_by_its_kind(world: World, as_therapist, media) -> None:
    out = BytesIO()
    Image.new("RGB", (20, 20), "teal").save(out, "GIF")
    gif = SimpleUploadedFile("me.gif", out.getvalue(), content_type="image/gif")
    response = as_therapist.post(PROFILE, profile(photo=gif))
    assert "Please upload a JPEG, PNG or WebP photo (this file is GIF)." in page_text(response)


def test_a_photo_over_2_mb_is_refused(world: World, as_therapist, media) -> None:
    out = BytesIO()
    Image.effect_noise((1200, 1200), 100).convert("RGB").save(out, "PNG")
    assert out.tell() > 2 * 1024 * 1024
    big = SimpleUploadedFile("big.png", out.getvalue(), content_type="image/png")
    response = as_therapist.post(PROFILE, profile(photo=big))
    assert "Please choose a photo under 2 MB" in page_text(response)


def test_a_bio_too_long_says_by_how_much(world: World, as_therapist) -> None:
    response = as_therapist.post(PROFILE, profile(bio="x" * 2100))
    assert "Please shorten the bio to 2,000 characters or fewer (it has 2,100)." in page_text(
        response
    )
    world.therapist.refresh_from_db()
    assert world.therapist.bio == ""


def test_markup_in_a_bio_is_shown_as_text(world: World, as_therapist, client) -> None:
    as_therapist.post(PROFILE, profile(bio='<img src=x onerror="alert(1)">'))
    page = client.get("/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_a_therapist_sets_their_hours(world: World, as_therapist) -> None:
    response = as_therapist.post(
        HOURS, hours_post(world.therapist, [(4, "08:00", "12:00"), (4, "13:00", "16:00")])
    )
    assert response.status_code == 302
    friday = world.therapist.working_hours.filter(weekday=4).order_by("starts")
    assert [(h.starts, h.ends) for h in friday] == [
        (dt.time(8), dt.time(12)),
        (dt.time(13), dt.time(16)),
    ]
    assert AuditEvent.objects.filter(
        action="practice.therapist.changed", actor=world.therapist_user
    ).exists()


@pytest.mark.parametrize(
    ("rows", "field", "message"),
    [
        (
            [(2, "09:00", "13:00"), (2, "12:00", "15:00")],
            "id_hours-2-starts_error",
            "Two intervals on Wednesday overlap (12:00 starts before 13:00).",
        ),
        (
            [(2, "09:00", "17:00"), (2, "10:00", "11:00"), (2, "12:00", "13:00")],
            "id_hours-3-starts_error",
            "12:00 starts before 17:00",
        ),
        ([(3, "17:00", "09:00")], "id_hours-1-ends_error", "The end time must be after the start"),
    ],
)
def test_bad_hours_get_a_message_on_the_field_and_nothing_changes(
    world: World, as_therapist, rows, field, message
) -> None:
    before = list(WorkingHours.objects.values_list("weekday", "starts", "ends"))
    response = as_therapist.post(HOURS, hours_post(world.therapist, rows))
    assert response.status_code == 200
    page = page_text(response)
    assert message in page
    assert f'id="{field}"' in page  # beside the field it is about
    assert list(WorkingHours.objects.values_list("weekday", "starts", "ends")) == before


def test_a_colleagues_interval_cannot_be_changed_through_my_hours(
    world: World, as_therapist
) -> None:
    colleague = TherapistFactory(practice=world.practice)
    theirs = WorkingHoursFactory(therapist=colleague, weekday=1)
    data = hours_post(world.therapist, []) | {
        "hours-0-id": str(theirs.pk),
        "hours-0-weekday": "6",
        "hours-0-starts": "06:00",
    }
    as_therapist.post(HOURS, data)
    theirs.refresh_from_db()
    assert (theirs.therapist, theirs.weekday, theirs.starts) == (colleague, 1, dt.time(9))
    assert not WorkingHours.objects.filter(weekday=6).exists()


def test_a_tampered_interval_gets_a_message_not_an_error(world: World, as_therapist) -> None:
    data = hours_post(world.therapist, []) | {"hours-0-id": "not-a-number"}
    response = as_therapist.post(HOURS, data)
    assert response.status_code == 200
    assert "This interval is no longer in your week" in page_text(response)


def test_a_therapist_adds_and_removes_their_time_off(world: World, as_therapist) -> None:
    leave = {"starts_at": "2030-08-01T09:00", "ends_at": "2030-08-15T18:00", "reason": "Holiday"}
    assert as_therapist.post(TIME_OFF, leave).status_code == 302
    assert "Holiday" in page_text(as_therapist.get(TIME_OFF))
    # A double click adds it once.
    response = as_therapist.post(TIME_OFF, leave, follow=True)
    assert "This time off is already in." in page_text(response)
    entry = world.therapist.time_off.get()
    delete = reverse("practice:my_time_off_delete", args=[entry.code])
    assert as_therapist.post(delete).status_code == 302
    assert not world.therapist.time_off.exists()
    assert as_therapist.post(delete).status_code == 404  # the second click finds nothing


def test_time_off_ending_before_it_starts_is_refused(world: World, as_therapist) -> None:
    response = as_therapist.post(
        TIME_OFF, {"starts_at": "2030-08-15T09:00", "ends_at": "2030-08-01T09:00"}
    )
    assert response.status_code == 400
    assert "The end must be after the start." in page_text(response)
    assert not TimeOff.objects.exists()


@pytest.mark.parametrize("zone", ["America/New_York", "Pacific/Auckland"])
def test_time_off_in_year_9999_gets_a_message_not_an_error(
    world: World, as_therapist, zone: str
) -> None:
    world.practice.time_zone = zone
    world.practice.save(update_fields=["time_zone"])
    response = as_therapist.post(
        TIME_OFF, {"starts_at": "9999-12-31T20:00", "ends_at": "9999-12-31T23:00"}
    )
    assert response.status_code == 400
    assert "Please choose a date at most 3660 days ahead" in page_text(response)
    assert not TimeOff.objects.exists()


def test_a_colleagues_time_off_answers_404(world: World, as_therapist) -> None:
    colleague = TherapistFactory(practice=world.practice)
    theirs = TimeOffFactory(therapist=colleague)
    for code in (theirs.code, "zz9-tampered"):
        response = as_therapist.post(reverse("practice:my_time_off_delete", args=[code]))
        assert response.status_code == 404
    assert TimeOff.objects.filter(pk=theirs.pk).exists()
    assert "Course" not in page_text(as_therapist.get(TIME_OFF))


def test_a_therapist_still_cannot_open_a_colleagues_page(world: World, as_therapist) -> None:
    colleague = TherapistFactory(practice=world.practice)
    for name in ("practice:therapist", "practice:time_off_add"):
        url = reverse(name, args=[colleague.code])
        assert as_therapist.get(url).status_code == 404
        assert as_therapist.post(url).status_code == 404
    own = reverse("practice:therapist", args=[world.therapist.code])
    assert as_therapist.get(own).status_code == 404  # the owner's page; theirs is "My profile"


def test_the_front_desk_and_an_owner_who_does_not_treat_have_no_own_pages(
    world: World,
) -> None:
    for user in (world.front_desk, world.owner):
        browser = signed_in(user)
        for url in (PROFILE, HOURS, TIME_OFF):
            assert browser.get(url).status_code == 404


def test_own_pages_run_a_constant_number_of_queries(
    world: World, as_therapist, django_assert_max_num_queries
) -> None:
    for day in range(1, 6):
        WorkingHoursFactory(therapist=world.therapist, weekday=day)
        TimeOffFactory(therapist=world.therapist)
    # Session, user, membership with its practice, the therapist, then the page's rows.
    for url in (PROFILE, HOURS, TIME_OFF):
        with django_assert_max_num_queries(5):
            assert as_therapist.get(url).status_code == 200


def test_a_display_name_too_long_says_by_how_much(world: World, as_therapist) -> None:
    response = as_therapist.post(PROFILE, profile(display_name="D" * 5000))
    assert response.status_code == 200
    assert "Please shorten this name to 120 characters or fewer (it has 5000)." in page_text(
        response
    )
    world.therapist.refresh_from_db()
    assert world.therapist.display_name == "Dana Whitlockova"

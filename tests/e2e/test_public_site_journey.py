"""The owner shapes the public site, a therapist adds their photo and hours, and a visitor
sees the changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from ..conftest import World
from ..factories import PASSWORD
from .conftest import fits_the_screen, log_in

pytestmark = pytest.mark.e2e


def phone_photo(folder: Path) -> Path:
    """A JPEG as a phone takes it, with the GPS position where it was taken."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    path = folder / "IMG_0412.jpg"
    Image.new("RGB", (900, 1200), "teal").save(path, "JPEG", exif=exif)
    return path


def serve_media(page, root: Path) -> None:  # type: ignore[no-untyped-def]
    """Answer /media/ from the storage folder, as the web server does in production."""

    def answer(route) -> None:  # type: ignore[no-untyped-def]
        name = route.request.url.split("/media/", 1)[1]
        route.fulfill(path=str(root / name), content_type="image/jpeg")

    page.route("**/media/**", answer)


def test_owner_and_therapist_shape_what_a_visitor_sees(
    page, world: World, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    serve_media(page, settings.MEDIA_ROOT)

    # The owner writes the introduction, hides the hip pain page and shows opening hours.
    log_in(page, world.owner.email, PASSWORD)
    page.goto("/staff/")
    page.get_by_role("link", name="Public site").click()
    expect(page.get_by_role("heading", name="Your public site")).to_be_visible()
    page.get_by_label("Introduction on the home page").fill(
        "Two therapists by the river, for runners and desk workers.\n\nParking at the back."
    )
    page.get_by_label("Hip pain").uncheck()
    page.get_by_label("Show opening hours").check()
    page.get_by_role("button", name="Save the public site").click()
    expect(page.get_by_text("Public site saved.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # The therapist adds their photo and a Friday.
    log_in(page, world.therapist_user.email, PASSWORD)
    page.goto("/staff/")
    page.get_by_role("link", name="My profile").first.click()
    page.get_by_label("Bio").fill("Ten years with runners' glutes.")
    page.get_by_label("Photo").set_input_files(str(phone_photo(tmp_path)))
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    assert fits_the_screen(page)

    page.get_by_role("link", name="My hours").click()
    row = page.locator(".formset-row").filter(has_not=page.get_by_text("Remove")).first
    row.get_by_label("Day").select_option(label="Friday")
    row.get_by_label("From").fill("10:00")
    row.get_by_label("Until").fill("12:00")
    # A second, overlapping interval first: the message is on the field.
    second = page.locator(".formset-row").filter(has_not=page.get_by_text("Remove")).nth(1)
    second.get_by_label("Day").select_option(label="Friday")
    second.get_by_label("From").fill("11:00")
    second.get_by_label("Until").fill("15:00")
    page.get_by_role("button", name="Save my hours").click()
    expect(page.get_by_text("Two intervals on Friday overlap")).to_be_visible()
    second = page.locator(".formset-row").nth(2)
    second.get_by_label("From").fill("13:00")
    page.get_by_role("button", name="Save my hours").click()
    expect(page.get_by_text("Your working hours are saved.")).to_be_visible()
    friday = world.therapist.working_hours.filter(weekday=4).order_by("starts")
    assert [(h.starts, h.ends) for h in friday] == [
        (dt.time(10), dt.time(12)),
        (dt.time(13), dt.time(15)),
    ]
    page.get_by_role("button", name="Log out").click()

    # A visitor sees it all.
    page.goto("/")
    expect(page.get_by_text("Two therapists by the river")).to_be_visible()
    expect(page.get_by_text("Parking at the back.")).to_be_visible()
    expect(page.get_by_role("link", name="Hip pain")).to_have_count(0)
    expect(page.get_by_role("link", name="Low back pain")).to_be_visible()
    hours = page.get_by_role("region", name="Opening hours")
    expect(hours.get_by_role("row", name="Monday")).to_contain_text("09:00–17:00")
    expect(hours.get_by_role("row", name="Friday")).to_contain_text("10:00–12:00, 13:00–15:00")
    photo = page.get_by_role("img", name=f"Photo of {world.therapist.display_name}")
    photo.scroll_into_view_if_needed()
    expect(photo).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    expect(page.get_by_text("Ten years with runners' glutes.")).to_be_visible()
    assert fits_the_screen(page)

    world.therapist.refresh_from_db()
    stored = Image.open(Path(settings.MEDIA_ROOT) / world.therapist.photo.name)
    assert dict(stored.getexif()) == {}  # the GPS position stayed on the phone

    answer = page.goto("/conditions/hip-pain/")
    assert answer is not None and answer.status == 404

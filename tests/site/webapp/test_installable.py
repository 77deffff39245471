"""The installable app, checked the way Lighthouse checks one: a valid manifest with the
practice's name and icons that exist at their stated sizes, a service worker whose scope is
the whole site and whose cache holds static files and the offline page only, and an
offline page with nobody's data on it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ...conftest import World, signed_in
from ...factories import AppointmentFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


def the_manifest(client, **headers) -> dict:  # type: ignore[no-untyped-def]
    response = client.get("/manifest.webmanifest", **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return json.loads(response.content)


def static_file(url: str) -> Path:
    """The file behind a static URL, found as collectstatic would find it."""
    assert url.startswith(settings.STATIC_URL), url
    found = finders.find(url.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is not a static file"
    return Path(found)


def precache_of(script: str) -> list[str]:
    match = re.search(r"^const PRECACHE = (\[.*\]);$", script, re.MULTILINE)
    assert match, "the service worker names what it keeps in one PRECACHE list"
    return json.loads(match.group(1))


# -- the manifest ---------------------------------------------------------------------------


def test_the_manifest_has_what_an_installable_app_needs(client, world: World) -> None:
    manifest = the_manifest(client)
    assert manifest["name"] == "Riverside Massage"
    assert manifest["short_name"] == "Riverside"
    assert len(manifest["short_name"]) <= 12
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"
    assert manifest["start_url"].startswith(manifest["scope"])
    assert HEX_COLOUR.match(manifest["theme_color"])
    assert HEX_COLOUR.match(manifest["background_color"])


def test_every_icon_exists_as_a_png_of_its_stated_size(client, world: World) -> None:
    icons = the_manifest(client)["icons"]
    for icon in icons:
        assert icon["type"] == "image/png"
        with Image.open(static_file(icon["src"])) as image:
            assert image.format == "PNG"
            width, height = (int(n) for n in icon["sizes"].split("x"))
            assert image.size == (width, height), icon["src"]
    offered = {(icon["sizes"], icon["purpose"]) for icon in icons}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= offered


def test_maskable_icons_fill_their_square_and_the_others_have_round_corners(
    client, world: World
) -> None:
    for icon in the_manifest(client)["icons"]:
        with Image.open(static_file(icon["src"])) as image:
            corner_alpha = image.convert("RGBA").getpixel((0, 0))[3]
        if icon["purpose"] == "maskable":
            assert corner_alpha == 255, icon["src"]  # a phone's mask may cut anywhere
        else:
            assert corner_alpha == 0, icon["src"]


def test_each_practice_site_installs_under_its_own_name(client, world: World, settings) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "hilltop.example.org"]
    world.other_practice.domain = "hilltop.example.org"
    world.other_practice.save(update_fields=["domain"])
    assert the_manifest(client, HTTP_HOST="hilltop.example.org")["name"] == "Hilltop Clinic"
    assert the_manifest(client)["name"] == "Riverside Massage"


def test_every_page_links_the_manifest_and_the_script_that_registers_the_worker(
    client, world: World
) -> None:
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<script src="/static/js/app.js" defer></script>' in page
    script = (ROOT / "static/js/app.js").read_text()
    assert 'register("/sw.js", { scope: "/" })' in script


def test_the_policy_lets_the_app_load_its_manifest_and_worker(client, world: World) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    assert "manifest-src 'self'" in policy
    assert "worker-src 'self'" in policy
    assert "script-src 'self';" in policy + ";"  # still no inline script


def test_the_manifest_answers_get_only(client, world: World) -> None:
    assert client.post("/manifest.webmanifest").status_code == 405
    assert client.post("/sw.js").status_code == 405


# -- the service worker ---------------------------------------------------------------------


def test_the_worker_is_served_from_the_root_so_it_may_control_the_whole_site(
    client, world: World
) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    # A browser checks for a new worker on every visit: never kept by a cache.
    assert "no-store" in response["Cache-Control"]
    assert reverse("webapp:service_worker") == "/sw.js"


def test_the_worker_keeps_only_static_files_and_the_offline_page(client, world: World) -> None:
    script = client.get("/sw.js").content.decode()
    kept = precache_of(script)
    assert kept[0] == "/offline/"
    assert kept[1:], "the offline page's styles are kept too"
    for url in kept[1:]:
        assert url.startswith("/static/"), url
        assert static_file(url).is_file()
    # It writes to its cache in one place only, at install, with that list: never a page.
    assert script.count("cache.addAll(PRECACHE)") == 1
    assert ".put(" not in script and "cache.add(" not in script


def test_the_offline_page_needs_nothing_that_is_not_kept(client, world: World) -> None:
    kept = set(precache_of(client.get("/sw.js").content.decode()))
    page = client.get("/offline/").content.decode()
    used = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page))
    assert used and used <= kept


def test_a_new_deploy_or_a_new_name_gives_a_new_cache(client, world: World) -> None:
    def cache_name() -> str:
        match = re.search(
            r'^const CACHE = "([\w-]+)";$', client.get("/sw.js").content.decode(), re.M
        )
        assert match
        return match.group(1)

    before = cache_name()
    world.practice.name = "Riverside Massage & Recovery"
    world.practice.save(update_fields=["name"])
    renamed = cache_name()
    assert renamed != before
    world.practice.phone = "0117 496 0999"  # shown on the offline page
    world.practice.save(update_fields=["phone"])
    assert cache_name() not in {before, renamed}


# -- the offline page -----------------------------------------------------------------------


def test_the_offline_page_shows_nobodys_data_even_to_someone_signed_in(world: World) -> None:
    world.practice.phone = "0117 496 0000"
    world.practice.save(update_fields=["phone"])
    browser = signed_in(world.client_user)
    response = browser.get("/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are offline" in page
    assert "Riverside Massage" in page and "0117 496 0000" in page  # the practice's own
    for private in (
        world.client.first_name,
        world.client.last_name,
        world.client_user.email,
        "Log out",
        "csrfmiddlewaretoken",
        "X-CSRFToken",
    ):
        assert private not in page, private
    assert "<form" not in page and "<script" not in page
    assert not response.cookies  # nothing set, nothing read


# -- "add to home screen" on the client's home ----------------------------------------------

HINT = "Keep us on your home screen"


def test_a_client_is_offered_the_app_after_their_first_booking(world: World) -> None:
    browser = signed_in(world.client_user, mfa=False)
    assert HINT not in browser.get(reverse("account_home")).content.decode()

    AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        service=world.practice.services.get(),
        starts_at=timezone.now() + dt.timedelta(days=3),
    )
    page = browser.get(reverse("account_home")).content.decode()
    assert HINT in page
    assert "Add to Home screen" in page  # the by-hand steps, for a browser without JS
    assert "data-install-button hidden" in page  # the button waits for the browser's offer


def test_not_now_hides_the_hint_on_this_browser(world: World) -> None:
    AppointmentFactory(
        practice=world.practice,
        therapist=world.therapist,
        client=world.client,
        service=world.practice.services.get(),
        starts_at=timezone.now() + dt.timedelta(days=3),
    )
    browser = signed_in(world.client_user, mfa=False)
    response = browser.post(reverse("portal:hide_install_hint"))
    assert response["Location"] == reverse("account_home")
    cookie = response.cookies["easeplan_app_hint"]
    assert cookie["max-age"] == 60 * 60 * 24 * 365 and cookie["httponly"]
    assert HINT not in browser.get(reverse("account_home")).content.decode()
    assert browser.get(reverse("portal:hide_install_hint")).status_code == 405


def test_hiding_the_hint_needs_a_signed_in_person(client, world: World) -> None:
    response = client.post(reverse("portal:hide_install_hint"))
    assert response["Location"].startswith(reverse("account_login"))
    assert "easeplan_app_hint" not in response.cookies
